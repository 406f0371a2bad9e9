/** Typed entry of the Chromium helpers; the implementation is plain ESM so `bench/` can share it. */
export { CHROMIUM_PATH, CHROMIUM_ARGS, launchChromium, closeChromium, closeContext, heapUsage } from './chromium.mjs';
