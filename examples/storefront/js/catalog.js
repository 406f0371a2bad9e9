/** The studio's catalogue. Prices in euros, VAT included. */
export const CURRENCY = 'EUR';
export const BRAND = 'Alder & Clay';

export const PRODUCTS = [
  {
    id: 'ridge-mug',
    sku: 'AC-MUG-01',
    name: 'Ridge Stoneware Mug',
    category: 'Mugs & Cups',
    price: 24,
    page: 'product-ridge-mug.html',
    image: 'img/ridge-mug.svg',
    variants: ['Oat', 'Moss', 'Slate'],
    blurb: 'A 330 ml everyday mug, thrown by hand with a ribbed belly that sits well in the palm.',
    tags: ['mug', 'cup', 'coffee', 'tea', 'gift'],
  },
  {
    id: 'tide-bowl',
    sku: 'AC-BWL-02',
    name: 'Tide Serving Bowl',
    category: 'Bowls',
    price: 58,
    page: 'product-tide-bowl.html',
    image: 'img/tide-bowl.svg',
    variants: ['Sea Salt', 'Ink'],
    blurb: 'A wide 26 cm bowl for salads and shared plates, with a pooled glaze at its heart.',
    tags: ['bowl', 'serving', 'salad', 'table'],
  },
  {
    id: 'pebble-vase',
    sku: 'AC-VAS-03',
    name: 'Pebble Bud Vase',
    category: 'Vases',
    price: 36,
    page: 'product-pebble-vase.html',
    image: 'img/pebble-vase.svg',
    variants: ['Chalk', 'Rust'],
    blurb: 'A small, weighty vase for a single stem; unglazed outside, watertight inside.',
    tags: ['vase', 'flower', 'decor', 'gift'],
  },
  {
    id: 'harbour-teapot',
    sku: 'AC-TEA-04',
    name: 'Harbour Teapot',
    category: 'Tea',
    price: 89,
    page: 'product-harbour-teapot.html',
    image: 'img/harbour-teapot.svg',
    variants: ['Oat', 'Ink'],
    blurb: 'A 900 ml teapot with a built-in strainer and a lid that stays put while you pour.',
    tags: ['teapot', 'tea', 'pot', 'kitchen'],
  },
];

export const byId = (id) => PRODUCTS.find((p) => p.id == id);

/** A catalogue product as Waymark's Product (field names of the common e-commerce specs). */
export const toItem = (p, extra = {}) => ({
  id: p.id,
  sku: p.sku,
  name: p.name,
  brand: BRAND,
  category: p.category,
  price: p.price,
  currency: CURRENCY,
  ...extra,
});
