import { useEffect } from 'react';
import { Link } from '../router';
import { PRODUCTS, image, money, toItem } from '../catalog';
import { waymark } from '../waymark';
import { useTitle } from '../useTitle';

export function Collection() {
  useTitle('All stoneware — Alder & Clay');
  useEffect(() => {
    waymark.track('product_list_viewed', {
      list_id: 'all-stoneware',
      list_name: 'All stoneware',
      category: 'All stoneware',
      items: PRODUCTS.map((p, i) => toItem(p, { position: i + 1 })),
    });
  }, []);
  return (
    <section className="section">
      <h1>All stoneware</h1>
      <ul className="grid" data-list="all-stoneware">
        {PRODUCTS.map((p) => (
          <li className="card" data-product={p.id} key={p.id}>
            <Link href={`product/${p.id}`}>
              <img src={image(p.image)} alt={p.name} width="400" height="400" />
              <h3>{p.name}</h3>
            </Link>
            <p className="muted">{p.category} · {p.variants.length} glazes</p>
            <p className="price">{money(p.price)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
