import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { navigate } from '../router';
import { CURRENCY, SHIPPING, cartItems, clearCart, loadCart, money, newOrderId, saveOrder, totals } from '../catalog';
import { waymark } from '../waymark';
import { useTitle } from '../useTitle';

const STEPS = ['contact', 'shipping', 'payment'] as const;
type Step = (typeof STEPS)[number];

/** Three steps on one route: contact, delivery, payment; the order is placed after the last. */
export function Checkout() {
  useTitle('Checkout — Alder & Clay');
  const [cart] = useState(loadCart);
  const [checkout] = useState(() => ({ id: 'CO-' + String(cart.id).slice(2), email: '', shipping: 'standard' }));
  const [current, setCurrent] = useState<Step>('contact');

  useEffect(() => {
    const t = totals(cart);
    if (!t.lines.length) return navigate('cart');
    waymark.track('checkout_started', { checkout_id: checkout.id, value: t.value, currency: CURRENCY, items: cartItems(t.lines) });
  }, []);

  const submit = (step: Step) => (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const option = step == 'contact' ? undefined : String(form.get(step));
    waymark.track('checkout_step_completed', option ? { step, option, checkout_id: checkout.id } : { step, checkout_id: checkout.id });
    if (step == 'contact') checkout.email = String(form.get('email'));
    if (step == 'shipping') checkout.shipping = option!;
    if (step != 'payment') return setCurrent(STEPS[STEPS.indexOf(step) + 1]!);
    const order = { id: newOrderId(), placed: Date.now(), email: checkout.email, shipping_method: checkout.shipping, payment_method: option, ...totals(cart, checkout.shipping), lines: cart.lines, tracked: false };
    saveOrder(order);
    clearCart();
    navigate('confirmation?order=' + encodeURIComponent(order.id));
  };

  const step = (name: Step, title: string, next: string, fields: ReactNode) => (
    <form id={`step-${name}`} className="step" hidden={current != name} onSubmit={submit(name)}>
      <h2>{title}</h2>
      {fields}
      <button type="submit" className="button">{next}</button>
    </form>
  );

  return (
    <section className="section narrow">
      <h1>Checkout</h1>
      {step('contact', 'Contact', 'Continue to delivery', <>
        <label>E-mail <input name="email" type="email" required /></label>
        <div className="two"><label>First name <input name="given" required /></label><label>Last name <input name="family" required /></label></div>
      </>)}
      {step('shipping', 'Delivery', 'Continue to payment', <>
        <label>Address <input name="address" required /></label>
        <div className="two"><label>Town or city <input name="city" required /></label><label>Postcode <input name="postcode" required /></label></div>
        <fieldset className="options">
          <legend>Delivery method</legend>
          {Object.entries(SHIPPING).map(([k, s], i) => (
            <label key={k}><input type="radio" name="shipping" value={k} defaultChecked={!i} /> {s.label} <span className="muted">{money(s.price)}</span></label>
          ))}
        </fieldset>
      </>)}
      {step('payment', 'Payment', 'Place order', (
        <fieldset className="options">
          <legend>Payment method</legend>
          <label><input type="radio" name="payment" value="card" defaultChecked /> Card</label>
          <label><input type="radio" name="payment" value="paypal" /> PayPal</label>
        </fieldset>
      ))}
    </section>
  );
}
