import { PRODUCTS } from '../catalog.js';
import { $, money, params, waymark } from '../shop.js';

const query = (params.get('q') ?? '').trim();
const words = query.toLowerCase().split(/\s+/).filter(Boolean);
const text = (p) => [p.name, p.category, p.blurb, ...p.tags, ...p.variants].join(' ').toLowerCase();
const results = words.length ? PRODUCTS.filter((p) => words.every((w) => text(p).includes(w.replace(/s$/, '')))) : [];

$('#search-input').value = query;
$('#search-query').textContent = query;
$('#search-count').textContent = String(results.length);
$('#search-results').replaceChildren(
  ...results.map((p) => {
    const card = $('#product-card').content.firstElementChild.cloneNode(true);
    card.querySelector('a').href = p.page;
    card.querySelector('img').src = p.image;
    card.querySelector('img').alt = p.name;
    card.querySelector('h3').textContent = p.name;
    card.querySelector('[data-price]').textContent = money(p.price);
    return card;
  }),
);
$('#search-found').hidden = !results.length;
$('#search-none').hidden = !!results.length || !query;
if (query) waymark('track', 'search_submitted', { query: query.slice(0, 100), result_count: results.length });
