import { $, findOrder, latestOrder, params, totals, waymark } from '../shop.js';

const id = params.get('order')?.trim().toUpperCase();
const order = id ? findOrder(id) : undefined;
const date = (ms) => new Intl.DateTimeFormat('en-IE', { weekday: 'long', day: 'numeric', month: 'long' }).format(ms);

if (!id) {
  const last = latestOrder();
  if (last) $('#lookup').elements.order.value = last.id;
} else if (!order && !/^AC-\d{6,}$/.test(id)) {
  $('#lookup-note').textContent = `We could not find order ${id}. Check the number in your confirmation e-mail.`;
} else {
  // Orders placed in another browser are not in this demo's storage: show them as shipped, too.
  const placed = order?.placed ?? Date.now() - 86_400_000;
  const status = 'shipped';
  $('#lookup-section').hidden = true;
  $('#status').hidden = false;
  $('#status-order').textContent = id;
  $('#status-placed').textContent = date(placed);
  $('#status-eta').textContent = date(placed + (order?.shipping_method == 'express' ? 1 : 4) * 86_400_000);
  $('#status-tracking').textContent = 'GLS ' + (7_310_000_000 + (parseInt(id.replace(/\D/g, ''), 10) % 1_000_000));
  const first = order && totals({ lines: order.lines }).lines[0];
  $('#review-link').href = 'review.html?' + new URLSearchParams({ order: id, product: first?.product.id ?? 'ridge-mug' });
  $('#return-link').href = 'returns.html?order=' + encodeURIComponent(id);
  $('#survey-link').href = 'survey.html?order=' + encodeURIComponent(id);
  waymark('track', 'order_status_viewed', { order_id: id, status });
}
