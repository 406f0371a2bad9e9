/** Typed entry of the fixture-shop helpers; the implementation is plain ESM so `bench/` can share it. */
export { shopUrl, otherUrl, sdkReady, storedQueue, trackMixed } from './shop.mjs';
export type { ShopOptions } from './shop.mjs';
