import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWaymark, fakeBrowser, settle } from './helpers';
import { engagement } from '../../src/capture/engagement';
import { jsonLd } from '../../src/capture/json-ld';
import { dataLayerBridge } from '../../src/capture/data-layer';
import { declarative } from '../../src/capture/declarative';

afterEach(() => void vi.useRealTimers());

describe('destroy()', () => {
  it('stops every timer and listener, gives the page its own history and data layer back, and sends nothing more', async () => {
    vi.useFakeTimers();
    const { pushState, replaceState } = history;
    const layer: unknown[] = [];
    const ownPush = layer.push;
    (window as any).dataLayer = layer;
    const fake = fakeBrowser();
    const waymark = createWaymark({ endpoint: '/e', flushInterval: 60_000 }, { browser: fake.browser });
    for (const plugin of [engagement(), jsonLd(), dataLayerBridge(), declarative()]) waymark.use(plugin);
    const heard: string[] = [];
    waymark.on('status', (s) => heard.push(s.status));
    waymark.track('product_viewed', { id: 'a' });
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.timers.size).toBeGreaterThan(0);

    waymark.destroy();
    // What could leave did, at once: by beacon, as when the page hides.
    expect(fake.sent.flatMap((b) => JSON.parse(b).events.map((e: any) => e.type))).toEqual(['page_viewed', 'product_viewed']);
    expect(fake.timers.size).toBe(0);
    expect(history.pushState).toBe(pushState);
    expect(history.replaceState).toBe(replaceState);
    expect(layer.push).toBe(ownPush);

    const before = { sent: fake.sent.length, heard: heard.length, writes: fake.writes.length };
    history.pushState(null, '', '/elsewhere');
    layer.push({ event: 'add_to_cart', ecommerce: { items: [{ item_id: 'x' }] } });
    document.body.innerHTML = '<button data-waymark-event="product_shared" data-waymark-network="x">Share</button>';
    document.querySelector('button')!.click();
    for (const type of ['visibilitychange', 'pagehide', 'online', 'scroll', 'keydown']) window.dispatchEvent(new Event(type));
    document.dispatchEvent(new Event('visibilitychange'));
    waymark.track('product_viewed', { id: 'b' });
    waymark.page();
    waymark.identify('u1');
    waymark.consent('granted');
    waymark.use(() => heard.push('plugin ran'));
    expect(await waymark.flush()).toBe(false);
    await vi.advanceTimersByTimeAsync(300_000);
    expect(fake.sent.length).toBe(before.sent);
    expect(heard.length).toBe(before.heard);
    expect(fake.timers.size).toBe(0);
    expect(() => waymark.destroy()).not.toThrow();
    history.replaceState(null, '', '/');
  });

  it('leaves what it could not send stored, for the next page to adopt at once', async () => {
    const offline = fakeBrowser({ beacon: () => false, fetch: () => new Promise(() => {}) });
    const waymark = createWaymark({ endpoint: '/e', trackPages: false, flushInterval: 60_000 }, { browser: offline.browser });
    waymark.track('product_viewed', { id: 'kept' });
    waymark.destroy();
    await settle();
    const next = fakeBrowser({ storage: offline.browser.storage });
    const again = createWaymark({ endpoint: '/e', trackPages: false, flushInterval: 10 }, { browser: next.browser });
    await vi.waitFor(() => expect(next.sent.flatMap((b) => JSON.parse(b).events.map((e: any) => e.props.id))).toContain('kept'));
    again.destroy();
  });

  it("keeps another script's later history wrapper in place, with ours as a pass-through", async () => {
    const { pushState } = history;
    const fake = fakeBrowser();
    const waymark = createWaymark({ endpoint: '/e' }, { browser: fake.browser });
    const ran: string[] = [];
    const theirs = function (this: History, ...a: Parameters<History['pushState']>) {
      ran.push('theirs');
      return ours.apply(this, a);
    };
    const ours = history.pushState;
    history.pushState = theirs;
    waymark.destroy();
    expect(history.pushState).toBe(theirs);
    history.pushState(null, '', '/after');
    await settle();
    expect(ran).toEqual(['theirs']);
    expect(location.pathname).toBe('/after');
    history.pushState = pushState;
    history.replaceState(null, '', '/');
  });
});
