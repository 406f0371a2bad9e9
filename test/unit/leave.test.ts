import { describe, expect, it, vi } from 'vitest';
import { createWaymark, fakeBrowser, settle } from './helpers';
import { engagement } from '../../src/capture/engagement';
import { cartAbandonment } from '../../src/capture/cart-abandonment';
import { checkoutTiming } from '../../src/capture/checkout-timing';

const hide = () => {
  Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
};

describe('leaving the page', () => {
  it("in Chromium's order (pagehide, then visibilitychange): what is tracked in between is never stranded", async () => {
    // The browser refuses every beacon and the collector never answers: all stays in storage.
    const gone = fakeBrowser({ beacon: () => false, fetch: () => new Promise(() => {}) });
    const page = createWaymark({ endpoint: '/e', flushInterval: 10 }, { browser: gone.browser });
    page.use(engagement());
    page.track('product_viewed', { id: 'a' });
    await vi.waitFor(() => expect(gone.timers.size).toBeGreaterThan(0));
    window.dispatchEvent(new Event('pagehide'));
    hide(); // engagement reports here, after the queue was released
    const stored = (key: string) => gone.browser.storage('local').getItem(key);
    const keys = Object.keys(gone.browser.storage('local'));
    // No heartbeat: the queue looks left, not alive.
    expect(keys.filter((k) => k.startsWith('wm.h.'))).toEqual([]);
    const queued = keys.filter((k) => k.startsWith('wm.q.')).flatMap((k) => JSON.parse(stored(k)!).map((e: any) => e.type));
    expect(queued).toEqual(expect.arrayContaining(['page_viewed', 'product_viewed', 'page_engaged']));
    page.destroy();

    // The next page adopts them at once, not after the 150 s a crashed tab is given.
    const next = fakeBrowser({ storage: gone.browser.storage });
    createWaymark({ endpoint: '/e', trackPages: false, flushInterval: 10 }, { browser: next.browser });
    await vi.waitFor(() => expect(next.sent.flatMap((b) => JSON.parse(b).events.map((e: any) => e.type))).toEqual(expect.arrayContaining(queued)));
  });
});

describe('one consent-aware store', () => {
  const journey = (waymark: ReturnType<typeof createWaymark>) => {
    waymark.track('product_added_to_cart', { id: 'mug', price: 12, currency: 'EUR' });
    waymark.track('checkout_started', { value: 12, currency: 'EUR' });
    waymark.track('checkout_step_completed', { step: 'shipping' });
  };

  it('pending: nothing written by the core, the capture modules or the overlay; granted: all of it', async () => {
    const fake = fakeBrowser();
    history.replaceState(null, '', '/?waymark_debug=1');
    const waymark = createWaymark(
      { endpoint: '/e', consent: 'pending', plugins: [cartAbandonment(), checkoutTiming()] },
      { browser: fake.browser, overlay: () => import('../../src/debug/overlay').then((m) => m.default) },
    );
    journey(waymark);
    await vi.waitFor(() => expect(document.querySelector('waymark-debug')).not.toBeNull());
    await settle();
    expect(fake.writes).toEqual([]);
    expect(fake.sent).toEqual([]);
    waymark.consent('granted');
    await settle();
    const written = new Set(fake.writes.map((w) => w.split(' ')[1]!.replace(/^(wm\.[qh])\..*/, '$1')));
    expect([...written].sort()).toEqual(['wm.cart', 'wm.checkout', 'wm.debug', 'wm.debug.journey', 'wm.h', 'wm.q', 'wm.s', 'wm.v']);
    waymark.destroy();
    history.replaceState(null, '', '/');
  });

  it('denied: nothing but the opt-out itself, and every earlier wm.* key is gone', async () => {
    const fake = fakeBrowser();
    fake.local.setItem('wm.cart', '{}');
    fake.session.setItem('wm.debug', '1');
    fake.writes.length = 0;
    const waymark = createWaymark({ endpoint: '/e', consent: 'pending', plugins: [cartAbandonment(), checkoutTiming()] }, { browser: fake.browser });
    journey(waymark);
    waymark.consent('denied');
    journey(waymark);
    await settle();
    expect(fake.writes).toEqual(['remove wm.cart', 'remove wm.debug', 'set wm.optout']);
    expect(fake.sent).toEqual([]);
  });

  it("storage: 'none' writes nothing, even with consent", async () => {
    const fake = fakeBrowser();
    const waymark = createWaymark({ endpoint: '/e', storage: 'none', plugins: [cartAbandonment(), checkoutTiming()] }, { browser: fake.browser });
    journey(waymark);
    await settle();
    expect(fake.writes).toEqual([]);
    expect(await waymark.flush()).toBe(true);
  });
});
