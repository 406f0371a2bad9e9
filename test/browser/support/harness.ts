/**
 * What most Chromium test files share: one test server and one browser for the file, and a fresh
 * browser context (empty storage) and a collector with nothing received before each test. All
 * of it is closed when the file ends.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { closeChromium, closeContext, launchChromium } from './chromium';
import { startServer, type TestServer } from './server';

export interface Harness {
  server: TestServer;
  browser: Browser;
  /** This test's context. */
  context: BrowserContext;
}

/** Set up the hooks; the returned object's fields are filled in as they run. */
export const useChromium = (before?: () => void): Harness => {
  const h = {} as Harness;
  beforeAll(async () => {
    before?.();
    h.server = await startServer();
    h.browser = await launchChromium();
  });
  afterAll(async () => {
    await closeContext(h.context);
    await closeChromium(h.browser);
    await h.server?.close();
  });
  beforeEach(async () => {
    await closeContext(h.context);
    h.server.collector.reset();
    h.context = await h.browser.newContext();
  });
  return h;
};
