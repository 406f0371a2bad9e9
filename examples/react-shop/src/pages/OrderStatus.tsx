import { useEffect, useState } from 'react';
import { Link } from '../router';
import { PRODUCTS, findOrder, totals } from '../catalog';
import { waymark } from '../waymark';
import { useTitle } from '../useTitle';

export function OrderStatus({ orderId }: { orderId: string }) {
  const [order] = useState(() => findOrder(orderId));
  useTitle(order ? `Order ${order.id} — Alder & Clay` : 'Track your order — Alder & Clay');
  useEffect(() => {
    if (order) waymark.track('order_status_viewed', { order_id: order.id, status: 'shipped' });
  }, []);
  if (!order)
    return (
      <section className="section narrow">
        <h1>Track your order</h1>
        <p>Open the link in your confirmation to see your order.</p>
      </section>
    );
  const product = totals({ lines: order.lines }).lines[0]?.product ?? PRODUCTS[0]!;
  return (
    <section className="section narrow">
      <p className="eyebrow">Order {order.id}</p>
      <h1>On its way</h1>
      <ol className="timeline">
        <li className="done">Ordered</li>
        <li className="done">Packed in the studio</li>
        <li className="done current">Shipped</li>
        <li>Delivered</li>
      </ol>
      <div className="after">
        <Link id="review-link" className="button" href={`review?product=${product.id}&order=${encodeURIComponent(order.id)}`}>Review your piece</Link>
      </div>
    </section>
  );
}
