import { byId, toItem } from '../catalog.js';
import { $, addToCart, loadCart, money, waymark } from '../shop.js';

const product = byId($('[data-product]').dataset.product);
const form = $('#add-to-cart');
const variant = () => form.elements.variant.value;
const url = location.origin + location.pathname;

waymark('track', 'product_viewed', toItem(product, { variant: variant(), url, image_url: new URL(product.image, location.href).href }));

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const quantity = Math.max(1, Math.min(10, parseInt(form.elements.quantity.value, 10) || 1));
  const cart = addToCart(product.id, variant(), quantity);
  waymark('track', 'product_added_to_cart', toItem(product, { variant: variant(), quantity, cart_id: cart.id }));
  const note = $('#added');
  note.textContent = `Added ${quantity} × ${product.name} (${variant()}) — ${money(product.price * quantity)}.`;
  note.hidden = false;
  $('#go-to-cart').hidden = false;
});

$('#share').addEventListener('click', async () => {
  const note = $('#shared');
  if (navigator.share) {
    try {
      await navigator.share({ title: product.name, text: product.blurb, url });
      waymark('track', 'product_shared', { network: 'native', product_id: product.id, url });
    } catch {
      // The shopper closed the share sheet.
    }
    return;
  }
  try {
    await navigator.clipboard.writeText(url);
    note.textContent = 'Link copied — thank you for sharing.';
  } catch {
    note.textContent = url;
  }
  note.hidden = false;
  waymark('track', 'product_shared', { network: 'copy_link', product_id: product.id, url });
});

// Show the current count of this product in the cart, if any.
const inCart = loadCart().lines.filter((l) => l.id == product.id).reduce((n, l) => n + l.quantity, 0);
if (inCart) {
  $('#added').textContent = `${inCart} already in your basket.`;
  $('#added').hidden = false;
  $('#go-to-cart').hidden = false;
}
