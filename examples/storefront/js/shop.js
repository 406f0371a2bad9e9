/** What every page of the shop shares: the cart, orders, money, the header badge, the newsletter. */
import { byId, CURRENCY, toItem } from './catalog.js';

/** Waymark's snippet stub (js/waymark-stub.js) defines `waymark` before any of this runs. */
export const waymark = (...args) => window.waymark?.(...args);

const read = (key, fallback) => {
  try {
    return JSON.parse(localStorage.getItem(key)) ?? fallback;
  } catch {
    return fallback;
  }
};
const write = (key, value) => {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or a full disk: the shop still works for this page.
  }
};

const round = (n) => Math.round(n * 100) / 100;
export const money = (n) => new Intl.NumberFormat('en-IE', { style: 'currency', currency: CURRENCY }).format(n);
export const params = new URLSearchParams(location.search);
export const $ = (selector, root = document) => root.querySelector(selector);

/* ---------- cart: { id, lines: [{ id, variant, quantity }], coupon } ---------- */

const CART = 'alder.cart';
const newId = (prefix) => prefix + '-' + Date.now().toString(36).toUpperCase() + Math.random().toString(36).slice(2, 6).toUpperCase();

export const loadCart = () => {
  const cart = read(CART, null);
  return cart && Array.isArray(cart.lines) ? cart : { id: newId('C'), lines: [] };
};
export const saveCart = (cart) => (write(CART, cart), updateBadge());
export const clearCart = () => saveCart({ id: newId('C'), lines: [] });

export const COUPONS = { WELCOME10: 0.1 };
export const FREE_SHIPPING_FROM = 75;
export const SHIPPING = { standard: { label: 'Standard, 3–5 days', price: 4.9 }, express: { label: 'Express, next day', price: 12 } };

/** Lines with their product, and the money of the cart; VAT (20 %) is included in the prices. */
export const totals = (cart, shipping = 'standard') => {
  const lines = cart.lines.map((l) => ({ ...l, product: byId(l.id) })).filter((l) => l.product);
  const subtotal = round(lines.reduce((sum, l) => sum + l.product.price * l.quantity, 0));
  const discount = round(subtotal * (COUPONS[cart.coupon] ?? 0));
  const delivery = subtotal - discount >= FREE_SHIPPING_FROM && shipping == 'standard' ? 0 : SHIPPING[shipping].price;
  const value = round(subtotal - discount + delivery);
  return { lines, subtotal, discount, shipping: delivery, value, tax: round((value * 20) / 120) };
};

export const cartItems = (lines) => lines.map((l) => toItem(l.product, { variant: l.variant, quantity: l.quantity }));

export const addToCart = (id, variant, quantity) => {
  const cart = loadCart();
  const line = cart.lines.find((l) => l.id == id && l.variant == variant);
  if (line) line.quantity += quantity;
  else cart.lines.push({ id, variant, quantity });
  saveCart(cart);
  return cart;
};

/* ---------- orders, kept by the shop so the status, returns and review pages have something to show ---------- */

const ORDERS = 'alder.orders';
export const loadOrders = () => read(ORDERS, {});
export const findOrder = (id) => loadOrders()[id];
export const saveOrder = (order) => write(ORDERS, { ...loadOrders(), [order.id]: order });
// Six random digits after the time: shoppers who order in the same millisecond (the simulation
// holds each browser's clock still) still get orders of their own.
export const newOrderId = () => 'AC-' + String(Date.now()).slice(-6) + String(crypto.getRandomValues(new Uint32Array(1))[0] % 1e6).padStart(6, '0');
export const latestOrder = () => Object.values(loadOrders()).sort((a, b) => b.placed - a.placed)[0];

/* ---------- every page ---------- */

function updateBadge() {
  const count = loadCart().lines.reduce((n, l) => n + l.quantity, 0);
  for (const el of document.querySelectorAll('[data-cart-count]')) {
    el.textContent = String(count);
    el.hidden = !count;
  }
}

const newsletter = () => {
  const form = $('#newsletter');
  form?.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    // The address goes to the mailing list, never into analytics.
    waymark('track', 'signed_up', { method: 'newsletter' });
    form.replaceChildren(Object.assign(document.createElement('p'), { className: 'note', textContent: 'Thank you — the first letter is on its way.' }));
  });
};

updateBadge();
newsletter();
addEventListener('storage', (e) => e.key == CART && updateBadge());
