import { CURRENCY, toItem } from '../catalog.js';
import { $, COUPONS, FREE_SHIPPING_FROM, cartItems, loadCart, money, saveCart, totals, waymark } from '../shop.js';

const body = $('#cart-lines');
const row = $('#cart-line');

const render = () => {
  const cart = loadCart();
  const t = totals(cart);
  body.replaceChildren(
    ...t.lines.map((l, i) => {
      const tr = row.content.firstElementChild.cloneNode(true);
      tr.querySelector('img').src = l.product.image;
      tr.querySelector('img').alt = l.product.name;
      const a = tr.querySelector('a');
      a.href = l.product.page;
      a.textContent = l.product.name;
      tr.querySelector('[data-variant]').textContent = l.variant;
      tr.querySelector('[data-price]').textContent = money(l.product.price);
      const qty = tr.querySelector('input');
      qty.value = String(l.quantity);
      qty.addEventListener('change', () => setQuantity(i, parseInt(qty.value, 10) || 0));
      tr.querySelector('[data-line-total]').textContent = money(l.product.price * l.quantity);
      tr.querySelector('button').addEventListener('click', () => setQuantity(i, 0));
      return tr;
    }),
  );
  const empty = !t.lines.length;
  $('#cart-empty').hidden = !empty;
  $('#cart-full').hidden = empty;
  $('#subtotal').textContent = money(t.subtotal);
  $('#discount').textContent = '− ' + money(t.discount);
  $('#discount-row').hidden = !t.discount;
  $('#shipping').textContent = t.shipping ? money(t.shipping) : 'Free';
  $('#total').textContent = money(t.value);
  const toFree = FREE_SHIPPING_FROM - (t.subtotal - t.discount);
  $('#free-shipping').textContent = toFree > 0 ? `Spend ${money(toFree)} more for free standard delivery.` : 'Your order ships free.';
  return { cart, t };
};

const setQuantity = (index, quantity) => {
  const cart = loadCart();
  const line = cart.lines[index];
  if (!line) return;
  const product = totals({ lines: [line] }).lines[0]?.product;
  const change = quantity - line.quantity;
  if (quantity <= 0) cart.lines.splice(index, 1);
  else line.quantity = Math.min(10, quantity);
  saveCart(cart);
  if (product && change < 0)
    waymark('track', 'product_removed_from_cart', toItem(product, { variant: line.variant, quantity: -change, cart_id: cart.id }));
  render();
};

$('#coupon').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = e.target.elements.code;
  const code = input.value.trim().toUpperCase();
  const note = $('#coupon-note');
  if (!COUPONS[code]) {
    note.textContent = 'That code is not valid.';
    return;
  }
  const cart = loadCart();
  cart.coupon = code;
  saveCart(cart);
  const { t } = render();
  note.textContent = `${code} applied.`;
  waymark('track', 'coupon_applied', { coupon: code, discount: t.discount, cart_id: cart.id });
});

const { cart, t } = render();
waymark('track', 'cart_viewed', { cart_id: cart.id, value: t.value, currency: CURRENCY, items: cartItems(t.lines) });
