import { PRODUCTS, byId } from '../catalog.js';
import { $, params, waymark } from '../shop.js';

const form = $('#review-form');
const select = form.elements.product;
select.replaceChildren(...PRODUCTS.map((p) => new Option(p.name, p.id)));
if (byId(params.get('product'))) select.value = params.get('product');

form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!form.reportValidity()) return;
  const product = byId(select.value);
  const rating = +form.elements.rating.value;
  const reviewId = 'R-' + Date.now().toString(36).toUpperCase();
  // The text goes to moderation, not into analytics.
  waymark('track', 'review_submitted', { product_id: product.id, rating, review_id: reviewId });
  form.hidden = true;
  $('#review-done-product').textContent = product.name;
  $('#review-done-link').href = product.page;
  $('#review-done').hidden = false;
});
