import { useState, type FormEvent } from 'react';
import { PRODUCTS, byId } from '../catalog';
import { waymark } from '../waymark';
import { useTitle } from '../useTitle';

export function Review({ productId }: { productId: string }) {
  useTitle('Write a review — Alder & Clay');
  const product = byId(productId) ?? PRODUCTS[0]!;
  const [done, setDone] = useState(false);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    waymark.track('review_submitted', { product_id: product.id, rating: Number(form.get('rating')), review_id: 'R-' + Date.now().toString(36) });
    setDone(true);
  };
  return (
    <section className="section narrow">
      <h1>Review the {product.name}</h1>
      <form id="review-form" className="stack" hidden={done} onSubmit={onSubmit}>
        <fieldset className="stars">
          <legend>Your rating</legend>
          {[5, 4, 3, 2, 1].map((n) => (
            <label key={n}><input type="radio" name="rating" value={n} defaultChecked={n == 5} /> {'★'.repeat(n)}</label>
          ))}
        </fieldset>
        <label>Your review <textarea name="text" rows={4} required minLength={10} /></label>
        <button type="submit" className="button">Submit review</button>
      </form>
      <div id="review-done" hidden={!done}>
        <h2>Thank you!</h2>
        <p>Your review will appear once we have read it.</p>
      </div>
    </section>
  );
}
