import { toItem } from '../catalog.js';
import { $, findOrder, params, totals, waymark } from '../shop.js';

const form = $('#return-form');
const id = params.get('order')?.trim().toUpperCase() ?? '';
form.elements.order.value = id;
const order = findOrder(id);
const lines = order ? totals({ lines: order.lines }).lines : [];
const choose = $('#return-items');
choose.replaceChildren(
  ...lines.map((l, i) => {
    const label = document.createElement('label');
    label.className = 'check';
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', name: 'item', value: String(i), checked: i == 0 });
    label.append(box, ` ${l.quantity} × ${l.product.name} (${l.variant})`);
    return label;
  }),
);
$('#return-items-field').hidden = !lines.length;

form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!form.reportValidity()) return;
  const kind = form.elements.kind.value;
  const orderId = form.elements.order.value.trim().toUpperCase();
  const items = [...form.querySelectorAll('input[name="item"]:checked')].map((box) => {
    const l = lines[+box.value];
    return toItem(l.product, { variant: l.variant, quantity: l.quantity });
  });
  const props = { order_id: orderId, reason: form.elements.reason.value };
  if (items.length) props.items = items;
  waymark('track', kind == 'exchange' ? 'exchange_requested' : 'return_requested', props);
  form.hidden = true;
  $('#return-done-kind').textContent = kind == 'exchange' ? 'exchange' : 'return';
  $('#return-done-order').textContent = orderId;
  $('#return-done').hidden = false;
});
