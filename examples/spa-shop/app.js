/**
 * Alder & Clay as a single-page app: one document, routes by `history.pushState`, Waymark from npm
 * (`import { createWaymark } from 'waymark'`; here the built `dist/waymark.mjs`). Waymark tracks a
 * page view on each route change by itself; the page type of each route comes from `pageTypes`.
 */
import { createWaymark } from '/dist/waymark.mjs';
import { PRODUCTS, CURRENCY, byId, toItem } from '../storefront/js/catalog.js';
import { pageTypes } from '../storefront/js/routes.js';
import { SHIPPING, addToCart, cartItems, clearCart, findOrder, loadCart, money, newOrderId, saveOrder, totals } from '../storefront/js/shop.js';

/** Where the app lives, e.g. `/spa/` or `/examples/spa-shop/`; every route is under it. */
const BASE = new URL('./', import.meta.url).pathname;
const asset = (file) => new URL('../storefront/' + file, import.meta.url).href;
const main = document.getElementById('main');
const $ = (selector) => main.querySelector(selector);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/* ---------- views: each returns its title and markup, and optionally what to do once shown ---------- */

const card = (p) => `<li class="card" data-product="${p.id}">
  <a href="product/${p.id}" data-route><img src="${asset(p.image)}" alt="${esc(p.name)}" width="400" height="400"><h3>${esc(p.name)}</h3></a>
  <p class="muted">${esc(p.category)} · ${p.variants.length} glazes</p><p class="price">${money(p.price)}</p></li>`;

const views = {
  home: () => ({
    title: 'Alder & Clay — handmade stoneware',
    html: `<section class="hero"><div class="hero-text"><p class="eyebrow">Autumn kiln, just out</p>
      <h1>Stoneware for the everyday table</h1>
      <p>Mugs, bowls and vases thrown by hand in our Galway studio.</p>
      <p><a class="button" href="collection" data-route>Shop the collection</a></p></div>
      <img class="hero-img" src="${asset('img/hero.svg')}" alt="A mug, a wide bowl and a bud vase" width="800" height="500"></section>`,
  }),

  collection: () => ({
    title: 'All stoneware — Alder & Clay',
    html: `<section class="section"><h1>All stoneware</h1>
      <ul class="grid" data-list="all-stoneware">${PRODUCTS.map(card).join('')}</ul></section>`,
    shown: () =>
      waymark.track('product_list_viewed', {
        list_id: 'all-stoneware',
        list_name: 'All stoneware',
        category: 'All stoneware',
        items: PRODUCTS.map((p, i) => toItem(p, { position: i + 1 })),
      }),
  }),

  product: (id) => {
    const p = byId(id);
    if (!p) return views.missing();
    return {
      title: `${p.name} — Alder & Clay`,
      html: `<section class="section product"><div class="product-grid">
        <img class="product-img" src="${asset(p.image)}" alt="${esc(p.name)}" width="400" height="400">
        <div class="product-info"><h1>${esc(p.name)}</h1><p class="price large">${money(p.price)}</p><p>${esc(p.blurb)}</p>
        <form id="add-to-cart" class="buy"><fieldset class="swatches"><legend>Glaze</legend>
        ${p.variants.map((v, i) => `<label><input type="radio" name="variant" value="${v}"${i ? '' : ' checked'}> <span>${v}</span></label>`).join('')}
        </fieldset><label class="qty">Quantity <input name="quantity" type="number" min="1" max="10" value="1"></label>
        <button type="submit" class="button">Add to basket</button></form>
        <p id="added" class="note" role="status" hidden></p>
        <p><a id="go-to-cart" class="button ghost" href="cart" data-route hidden>View basket &amp; check out</a></p></div></div></section>`,
      shown: () => {
        const form = $('#add-to-cart');
        const variant = () => form.elements.variant.value;
        waymark.track('product_viewed', toItem(p, { variant: variant(), url: location.href, image_url: asset(p.image) }));
        form.addEventListener('submit', (e) => {
          e.preventDefault();
          const quantity = Math.max(1, Math.min(10, parseInt(form.elements.quantity.value, 10) || 1));
          const cart = addToCart(p.id, variant(), quantity);
          waymark.track('product_added_to_cart', toItem(p, { variant: variant(), quantity, cart_id: cart.id }));
          $('#added').textContent = `Added ${quantity} × ${p.name} (${variant()}).`;
          $('#added').hidden = $('#go-to-cart').hidden = false;
        });
      },
    };
  },

  cart: () => {
    const cart = loadCart();
    const t = totals(cart);
    return {
      title: 'Your basket — Alder & Clay',
      html: `<section class="section"><h1>Your basket</h1>${
        t.lines.length
          ? `<div class="cart-grid"><table class="cart"><tbody id="cart-lines">${t.lines
              .map((l) => `<tr><td>${esc(l.product.name)}<br><span class="muted small">${esc(l.variant)}</span></td><td>${l.quantity} × ${money(l.product.price)}</td><td>${money(l.product.price * l.quantity)}</td></tr>`)
              .join('')}</tbody></table>
            <aside class="summary"><dl><dt>Subtotal</dt><dd>${money(t.subtotal)}</dd><dt>Delivery</dt><dd>${t.shipping ? money(t.shipping) : 'Free'}</dd>
            <dt class="total">Total</dt><dd class="total">${money(t.value)}</dd></dl>
            <a id="checkout-link" class="button block" href="checkout" data-route>Check out</a></aside></div>`
          : `<div class="empty"><p>Your basket is empty.</p><p><a class="button" href="collection" data-route>Find something you love</a></p></div>`
      }</section>`,
      shown: () => waymark.track('cart_viewed', { cart_id: cart.id, value: t.value, currency: CURRENCY, items: cartItems(t.lines) }),
    };
  },

  checkout: () => {
    const cart = loadCart();
    const checkout = { id: 'CO-' + cart.id.slice(2), shipping: 'standard' };
    const step = (name, title, fields, next) =>
      `<form id="step-${name}" class="step"${name == 'contact' ? '' : ' hidden'}><h2>${title}</h2>${fields}<button type="submit" class="button">${next}</button></form>`;
    return {
      title: 'Checkout — Alder & Clay',
      html: `<section class="section narrow"><h1>Checkout</h1>
        ${step('contact', 'Contact', `<label>E-mail <input name="email" type="email" required></label><div class="two"><label>First name <input name="given" required></label><label>Last name <input name="family" required></label></div>`, 'Continue to delivery')}
        ${step('shipping', 'Delivery', `<label>Address <input name="address" required></label><div class="two"><label>Town or city <input name="city" required></label><label>Postcode <input name="postcode" required></label></div>
          <fieldset class="options"><legend>Delivery method</legend>${Object.entries(SHIPPING).map(([k, s], i) => `<label><input type="radio" name="shipping" value="${k}"${i ? '' : ' checked'}> ${s.label} <span class="muted">${money(s.price)}</span></label>`).join('')}</fieldset>`, 'Continue to payment')}
        ${step('payment', 'Payment', `<fieldset class="options"><legend>Payment method</legend><label><input type="radio" name="payment" value="card" checked> Card</label><label><input type="radio" name="payment" value="paypal"> PayPal</label></fieldset>`, 'Place order')}
        </section>`,
      shown: () => {
        const t = totals(cart);
        if (!t.lines.length) return navigate('cart');
        waymark.track('checkout_started', { checkout_id: checkout.id, value: t.value, currency: CURRENCY, items: cartItems(t.lines) });
        const steps = ['contact', 'shipping', 'payment'];
        steps.forEach((name, i) => {
          const form = $(`#step-${name}`);
          form.addEventListener('submit', (e) => {
            e.preventDefault();
            const option = name == 'shipping' ? form.elements.shipping.value : name == 'payment' ? form.elements.payment.value : undefined;
            waymark.track('checkout_step_completed', option ? { step: name, option, checkout_id: checkout.id } : { step: name, checkout_id: checkout.id });
            if (name == 'contact') checkout.email = form.elements.email.value;
            if (name == 'shipping') checkout.shipping = option;
            if (name != 'payment') {
              form.hidden = true;
              $(`#step-${steps[i + 1]}`).hidden = false;
              return;
            }
            const done = totals(cart, checkout.shipping);
            const order = { id: newOrderId(), placed: Date.now(), email: checkout.email, shipping_method: checkout.shipping, payment_method: option, lines: cart.lines, ...done, tracked: false };
            delete order.lines;
            order.lines = cart.lines;
            saveOrder(order);
            clearCart();
            navigate('confirmation?order=' + encodeURIComponent(order.id));
          });
        });
      },
    };
  },

  confirmation: () => {
    const order = findOrder(new URLSearchParams(location.search).get('order'));
    if (!order) return views.missing();
    return {
      title: 'Thank you for your order — Alder & Clay',
      html: `<section class="section narrow"><p class="eyebrow">Order ${esc(order.id)}</p><h1>Thank you — your order is in</h1>
        <p>Total paid: <strong>${money(order.value)}</strong></p>
        <p><a id="track-link" class="button" href="order-status?order=${encodeURIComponent(order.id)}" data-route>Track your order</a></p></section>`,
      shown: () => {
        if (order.tracked) return;
        const items = cartItems(totals({ lines: order.lines }).lines);
        waymark.track('order_completed', { order_id: order.id, value: order.value, currency: CURRENCY, tax: order.tax, shipping: order.shipping, payment_method: order.payment_method, items });
        saveOrder({ ...order, tracked: true });
      },
    };
  },

  'order-status': () => {
    const id = new URLSearchParams(location.search).get('order') ?? '';
    const order = findOrder(id);
    if (!order) return { title: 'Track your order — Alder & Clay', html: `<section class="section narrow"><h1>Track your order</h1><p>Open the link in your confirmation to see your order.</p></section>` };
    const product = totals({ lines: order.lines }).lines[0]?.product ?? PRODUCTS[0];
    return {
      title: `Order ${order.id} — Alder & Clay`,
      html: `<section class="section narrow"><p class="eyebrow">Order ${esc(order.id)}</p><h1>On its way</h1>
        <ol class="timeline"><li class="done">Ordered</li><li class="done">Packed in the studio</li><li class="done current">Shipped</li><li>Delivered</li></ol>
        <div class="after"><a id="review-link" class="button" href="review?product=${product.id}&amp;order=${encodeURIComponent(order.id)}" data-route>Review your piece</a></div></section>`,
      shown: () => waymark.track('order_status_viewed', { order_id: order.id, status: 'shipped' }),
    };
  },

  review: () => {
    const product = byId(new URLSearchParams(location.search).get('product')) ?? PRODUCTS[0];
    return {
      title: 'Write a review — Alder & Clay',
      html: `<section class="section narrow"><h1>Review the ${esc(product.name)}</h1>
        <form id="review-form" class="stack"><fieldset class="stars"><legend>Your rating</legend>
        ${[5, 4, 3, 2, 1].map((n) => `<label><input type="radio" name="rating" value="${n}"${n == 5 ? ' checked' : ''}> ${'★'.repeat(n)}</label>`).join('')}</fieldset>
        <label>Your review <textarea name="text" rows="4" required minlength="10"></textarea></label>
        <button type="submit" class="button">Submit review</button></form>
        <div id="review-done" hidden><h2>Thank you!</h2><p>Your review will appear once we have read it.</p></div></section>`,
      shown: () => {
        const form = $('#review-form');
        form.addEventListener('submit', (e) => {
          e.preventDefault();
          if (!form.reportValidity()) return;
          waymark.track('review_submitted', { product_id: product.id, rating: +form.elements.rating.value, review_id: 'R-' + Date.now().toString(36) });
          form.hidden = true;
          $('#review-done').hidden = false;
        });
      },
    };
  },

  missing: () => ({ title: 'Not found — Alder & Clay', html: `<section class="section"><h1>Not found</h1><p><a href="./" data-route>Back to the shop</a></p></section>` }),
};

/* ---------- the router ---------- */

const viewOf = (path) => {
  const [name = '', arg] = path.slice(BASE.length).replace(/index\.html$/, '').split('/');
  if (name == '') return views.home();
  if (name == 'product') return views.product(arg);
  return (Object.hasOwn(views, name) && name != 'missing' ? views[name] : views.missing)();
};

/**
 * Show the view of the current URL. Its events wait one task: Waymark records the route's page
 * view in the task after `pushState`, and each event should carry the page it happened on.
 */
const render = () => {
  const view = viewOf(location.pathname);
  document.title = view.title;
  main.innerHTML = view.html;
  setTimeout(() => view.shown?.(), 0);
  scrollTo(0, 0);
};

const navigate = (href) => {
  history.pushState(null, '', new URL(href, location.origin + BASE).href);
  render();
};

document.addEventListener('click', (e) => {
  const a = e.target.closest?.('a[data-route]');
  if (!a || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(a.getAttribute('href'));
});

const waymark = createWaymark({ endpoint: '/collect', pageTypes: pageTypes(BASE) });
// After Waymark, whose own popstate listener must run first: the page view precedes the view's events.
addEventListener('popstate', render);
render();
