import { useEffect, useState } from 'react';
import { Link } from '../router';
import { CURRENCY, cartItems, findOrder, money, saveOrder, totals } from '../catalog';
import { waymark } from '../waymark';
import { useTitle } from '../useTitle';
import { NotFound } from './NotFound';

export function Confirmation({ orderId }: { orderId: string }) {
  useTitle('Thank you for your order — Alder & Clay');
  const [order] = useState(() => findOrder(orderId));
  useEffect(() => {
    // Once per order: a reload of the confirmation page is no second sale.
    if (!order || order.tracked) return;
    const items = cartItems(totals({ lines: order.lines }).lines);
    waymark.track('order_completed', { order_id: order.id, value: order.value, currency: CURRENCY, tax: order.tax, shipping: order.shipping, payment_method: order.payment_method, items });
    saveOrder({ ...order, tracked: true });
  }, []);
  if (!order) return <NotFound />;
  return (
    <section className="section narrow">
      <p className="eyebrow">Order {order.id}</p>
      <h1>Thank you — your order is in</h1>
      <p>Total paid: <strong>{money(order.value)}</strong></p>
      <p><Link id="track-link" className="button" href={`order-status?order=${encodeURIComponent(order.id)}`}>Track your order</Link></p>
    </section>
  );
}
