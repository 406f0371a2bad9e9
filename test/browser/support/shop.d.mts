import type { Page } from 'playwright-core';
/** Options of the fixture shop URL. `cross`: the collector is on the server's second origin (as in production). */
export interface ShopOptions {
  cross?: boolean;
  batch?: number;
  interval?: number;
  init?: object;
  manual?: boolean;
  trackPages?: boolean;
  endpoint?: string;
  /** A service worker caches the page and the SDK, so the page also loads offline (`window.offlineReady`). */
  offline?: boolean;
}
/** URL of the fixture shop on `server`, loading `/waymark.js` by script tag behind the snippet stub. */
export declare function shopUrl(server: { url: string; crossUrl: string }, o?: ShopOptions): string;
/** URL of a page on `server` that does not load Waymark. */
export declare function otherUrl(server: { url: string }): string;
/** Wait until the SDK has replaced the snippet stub (the script ran). */
export declare function sdkReady(page: Page): Promise<unknown>;
/** Events persisted in the page origin's localStorage queues (`wm.q.*`), all pages together. */
export declare function storedQueue(page: Page): Promise<{ keys: number; events: number; bytes: number }>;
/**
 * Track `count` mixed commerce events from the page in one task, tagged `props.n` (from `start`) and
 * `props.run`; `thenGo` navigates there in the same task, right after the last call.
 */
export declare function trackMixed(page: Page, count: number, o?: { run?: string; start?: number; thenGo?: string }): Promise<void>;
