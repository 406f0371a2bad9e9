import type { Browser, BrowserContext, Page } from 'playwright-core';
/** Path of the Chromium binary; `CHROMIUM_PATH` overrides it. */
export declare const CHROMIUM_PATH: string;
/** Command-line switches for a quiet, local-only headless Chromium. */
export declare const CHROMIUM_ARGS: string[];
/** Launch headless Chromium, with optional extra switches; `bfcache: true` keeps the back/forward cache on. */
export declare function launchChromium(options?: { args?: string[]; bfcache?: boolean }): Promise<Browser>;
/** Close a browser, never throwing and never waiting more than `ms`. */
export declare function closeChromium(browser: Browser | undefined, ms?: number): Promise<void>;
/** Close a browser context, never throwing and never waiting more than `ms`. */
export declare function closeContext(context: BrowserContext | undefined, ms?: number): Promise<void>;
/** JS heap of a page after a full garbage collection, in bytes (CDP `Runtime.getHeapUsage`). */
export declare function heapUsage(page: Page): Promise<{ used: number; total: number }>;
