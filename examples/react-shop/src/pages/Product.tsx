import { useEffect, useState, type FormEvent } from 'react';
import { Link } from '../router';
import { addToCart, byId, image, money, toItem } from '../catalog';
import { waymark } from '../waymark';
import { useTitle } from '../useTitle';
import { NotFound } from './NotFound';

export function Product({ id, onCartChange }: { id: string; onCartChange: () => void }) {
  const p = byId(id);
  useTitle(p ? `${p.name} — Alder & Clay` : 'Not found — Alder & Clay');
  const [added, setAdded] = useState('');

  // #region track
  useEffect(() => {
    if (p) waymark.track('product_viewed', toItem(p, { variant: p.variants[0], url: location.href }));
  }, [p?.id]);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!p) return;
    const form = new FormData(e.currentTarget);
    const variant = String(form.get('variant'));
    const quantity = Math.max(1, Math.min(10, Number(form.get('quantity')) || 1));
    const cart = addToCart(p.id, variant, quantity);
    waymark.track('product_added_to_cart', toItem(p, { variant, quantity, cart_id: cart.id }));
    setAdded(`Added ${quantity} × ${p.name} (${variant}).`);
    onCartChange();
  };
  // #endregion track

  if (!p) return <NotFound />;
  return (
    <section className="section product">
      <div className="product-grid">
        <img className="product-img" src={image(p.image)} alt={p.name} width="400" height="400" />
        <div className="product-info">
          <h1>{p.name}</h1>
          <p className="price large">{money(p.price)}</p>
          <p>{p.blurb}</p>
          <form id="add-to-cart" className="buy" onSubmit={onSubmit}>
            <fieldset className="swatches">
              <legend>Glaze</legend>
              {p.variants.map((v, i) => (
                <label key={v}><input type="radio" name="variant" value={v} defaultChecked={!i} /> <span>{v}</span></label>
              ))}
            </fieldset>
            <label className="qty">Quantity <input name="quantity" type="number" min="1" max="10" defaultValue="1" /></label>
            <button type="submit" className="button">Add to basket</button>
          </form>
          <p id="added" className="note" role="status" hidden={!added}>{added}</p>
          <p hidden={!added}><Link id="go-to-cart" className="button ghost" href="cart">View basket &amp; check out</Link></p>
        </div>
      </div>
    </section>
  );
}
