import { CURRENCY } from '../catalog.js';
import { $, cartItems, findOrder, latestOrder, money, params, saveOrder, totals, waymark } from '../shop.js';

const order = findOrder(params.get('order')) ?? latestOrder();
if (!order) {
  $('#confirmed').hidden = true;
  $('#no-order').hidden = false;
} else {
  const { lines } = totals({ lines: order.lines });
  $('#order-id').textContent = order.id;
  $('#order-email').textContent = order.email;
  $('#order-total').textContent = money(order.value);
  $('#order-items').replaceChildren(
    ...lines.map((l) => Object.assign(document.createElement('li'), { textContent: `${l.quantity} × ${l.product.name} (${l.variant})` })),
  );
  $('#track-link').href = 'order-status.html?order=' + encodeURIComponent(order.id);

  // Once per order: a reload of this page is not a second sale.
  if (!order.tracked) {
    const props = {
      order_id: order.id,
      value: order.value,
      currency: CURRENCY,
      tax: order.tax,
      shipping: order.shipping,
      payment_method: order.payment_method,
      items: cartItems(lines),
    };
    if (order.discount) Object.assign(props, { discount: order.discount, coupon: order.coupon });
    waymark('track', 'order_completed', props);
    saveOrder({ ...order, tracked: true });
  }
}

/* Referral: the friend gets 10 € off their first order, and so does the shopper. */
const code = 'FRIEND-' + (order?.id.slice(-4) ?? 'CLAY');
const link = new URL('index.html', location.href);
link.search = new URLSearchParams({ ref: code, utm_source: 'referral', utm_medium: 'referral', utm_campaign: 'give10' }).toString();
$('#referral-link').value = link.href;
$('#referral-copy').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(link.href);
    $('#referral-note').textContent = 'Link copied. Thank you!';
  } catch {
    $('#referral-link').select();
    $('#referral-note').textContent = 'Select the link and copy it.';
  }
  waymark('track', 'referral_sent', { channel: 'copy_link', referral_code: code });
});
const mail = $('#referral-email');
mail.href = 'mailto:?' + new URLSearchParams({ subject: '10 € off at Alder & Clay', body: 'Handmade stoneware I love: ' + link.href }).toString().replace(/\+/g, '%20');
mail.addEventListener('click', () => waymark('track', 'referral_sent', { channel: 'email', referral_code: code }));
