import { CURRENCY } from '../catalog.js';
import { $, SHIPPING, cartItems, clearCart, loadCart, money, newOrderId, saveOrder, totals, waymark } from '../shop.js';

const STEPS = ['contact', 'shipping', 'payment'];
const KEY = 'alder.checkout';
const cart = loadCart();

/** The checkout in progress survives a reload of this page (same tab), not a new cart. */
const load = () => {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY));
    if (saved?.cart_id == cart.id) return saved;
  } catch {
    // Start afresh.
  }
  return { id: 'CO-' + cart.id.slice(2), cart_id: cart.id, step: 'contact', shipping: 'standard', started: false };
};
const checkout = load();
const save = () => sessionStorage.setItem(KEY, JSON.stringify(checkout));

const summary = () => {
  const t = totals(cart, checkout.shipping);
  $('#summary-lines').replaceChildren(
    ...t.lines.map((l) => {
      const li = document.createElement('li');
      li.textContent = `${l.quantity} × ${l.product.name} (${l.variant})`;
      const price = document.createElement('span');
      price.textContent = money(l.product.price * l.quantity);
      li.append(price);
      return li;
    }),
  );
  $('#sum-subtotal').textContent = money(t.subtotal);
  $('#sum-discount').textContent = '− ' + money(t.discount);
  $('#sum-discount-row').hidden = !t.discount;
  $('#sum-shipping').textContent = t.shipping ? money(t.shipping) : 'Free';
  $('#sum-total').textContent = money(t.value);
  $('#sum-tax').textContent = money(t.tax);
  return t;
};

const show = (step) => {
  checkout.step = step;
  save();
  for (const s of STEPS) {
    $(`#step-${s}`).hidden = s != step;
    const nav = $(`[data-step-nav="${s}"]`);
    if (s == step) nav.setAttribute('aria-current', 'step');
    else nav.removeAttribute('aria-current');
    nav.classList.toggle('done', STEPS.indexOf(s) < STEPS.indexOf(step));
  }
  $(`#step-${step} input, #step-${step} select`)?.focus();
};

const t0 = summary();
if (!t0.lines.length) {
  $('#checkout').hidden = true;
  $('#checkout-empty').hidden = false;
} else {
  if (!checkout.started) {
    checkout.started = true;
    save();
    waymark('track', 'checkout_started', { checkout_id: checkout.id, value: t0.value, currency: CURRENCY, items: cartItems(t0.lines) });
  }
  show(checkout.step);
}

for (const input of document.querySelectorAll('input[name="shipping"]'))
  input.addEventListener('change', () => {
    checkout.shipping = input.value;
    summary();
  });
for (const label of document.querySelectorAll('[data-shipping-price]'))
  label.textContent = money(SHIPPING[label.dataset.shippingPrice].price);

for (const [i, step] of STEPS.entries()) {
  const form = $(`#step-${step}`);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    const option = step == 'shipping' ? form.elements.shipping.value : step == 'payment' ? form.elements.payment.value : undefined;
    const props = { step, checkout_id: checkout.id };
    if (option) props.option = option;
    waymark('track', 'checkout_step_completed', props);
    if (step == 'contact') checkout.email = form.elements.email.value;
    if (step == 'shipping') checkout.shipping = option;
    if (step != 'payment') return show(STEPS[i + 1]);
    placeOrder(option);
  });
}
for (const back of document.querySelectorAll('[data-back]')) back.addEventListener('click', () => show(back.dataset.back));

function placeOrder(payment) {
  const t = summary();
  const order = {
    id: newOrderId(),
    placed: Date.now(),
    email: checkout.email,
    shipping_method: checkout.shipping,
    payment_method: payment,
    coupon: cart.coupon,
    lines: cart.lines,
    value: t.value,
    subtotal: t.subtotal,
    discount: t.discount,
    shipping: t.shipping,
    tax: t.tax,
    tracked: false,
  };
  saveOrder(order);
  clearCart();
  sessionStorage.removeItem(KEY);
  location.href = 'confirmation.html?order=' + encodeURIComponent(order.id);
}
