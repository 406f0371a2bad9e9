/**
 * The page type of each route of the single-page shops (`examples/spa-shop`, `examples/react-shop`),
 * for Waymark's `pageTypes`; `base` is the path the shop is served under, e.g. `/spa/`.
 */
export const pageTypes = (base) => ({
  home: [base, base + 'index.html'],
  category: base + 'collection',
  product: base + 'product/*',
  cart: base + 'cart',
  checkout: base + 'checkout',
  confirmation: base + 'confirmation',
  order_status: base + 'order-status',
  account: base + 'review',
});
