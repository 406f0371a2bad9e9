import { useEffect, useState } from 'react';
import { Link } from '../router';
import { CURRENCY, cartItems, loadCart, money, totals, type Line } from '../catalog';
import { waymark } from '../waymark';
import { useTitle } from '../useTitle';

export function Cart() {
  useTitle('Your basket — Alder & Clay');
  const [cart] = useState(loadCart);
  const t = totals(cart);
  useEffect(() => {
    waymark.track('cart_viewed', { cart_id: cart.id, value: t.value, currency: CURRENCY, items: cartItems(t.lines) });
  }, []);
  if (!t.lines.length)
    return (
      <section className="section">
        <h1>Your basket</h1>
        <div className="empty">
          <p>Your basket is empty.</p>
          <p><Link className="button" href="collection">Find something you love</Link></p>
        </div>
      </section>
    );
  return (
    <section className="section">
      <h1>Your basket</h1>
      <div className="cart-grid">
        <table className="cart">
          <tbody id="cart-lines">
            {t.lines.map((l: Line) => (
              <tr key={l.id + l.variant}>
                <td>{l.product.name}<br /><span className="muted small">{l.variant}</span></td>
                <td>{l.quantity} × {money(l.product.price)}</td>
                <td>{money(l.product.price * l.quantity)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <aside className="summary">
          <dl>
            <dt>Subtotal</dt><dd>{money(t.subtotal)}</dd>
            <dt>Delivery</dt><dd>{t.shipping ? money(t.shipping) : 'Free'}</dd>
            <dt className="total">Total</dt><dd className="total">{money(t.value)}</dd>
          </dl>
          <Link id="checkout-link" className="button block" href="checkout">Check out</Link>
        </aside>
      </div>
    </section>
  );
}
