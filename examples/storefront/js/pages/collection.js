import { CURRENCY, byId, toItem } from '../catalog.js';
import { waymark } from '../shop.js';

const list = document.querySelector('[data-list]');
const items = [...list.querySelectorAll('[data-product]')].map((card, i) => toItem(byId(card.dataset.product), { position: i + 1 }));
waymark('track', 'product_list_viewed', {
  list_id: list.dataset.list,
  list_name: list.dataset.listName,
  category: list.dataset.listName,
  items,
  currency: CURRENCY,
});
