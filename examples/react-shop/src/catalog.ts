/**
 * The studio's catalogue, cart and orders: the same code as the storefront's, so every example
 * shop sells the same things at the same prices.
 */
export { PRODUCTS, CURRENCY, byId, toItem } from '../../storefront/js/catalog.js';
export { SHIPPING, addToCart, cartItems, clearCart, findOrder, loadCart, money, newOrderId, saveOrder, totals } from '../../storefront/js/shop.js';

import type { PRODUCTS } from '../../storefront/js/catalog.js';

/** A cart line with its product, as `totals()` returns it. */
export interface Line {
  id: string;
  variant: string;
  quantity: number;
  product: (typeof PRODUCTS)[number];
}

const IMAGES = import.meta.glob<string>('../../storefront/img/*.svg', { eager: true, query: '?url', import: 'default' });

/** The URL of a catalogue image (`img/ridge-mug.svg`), as Vite emitted it. */
export const image = (file: string) => IMAGES['../../storefront/' + file];
