import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openPage, settle, start } from './helpers';

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  openPage('https://shop.example/');
});
afterEach(() => vi.useRealTimers());

/** One visit: a new instance on a new page load, as a reload or a later visit would make. */
const visit = async (track: (w: ReturnType<typeof start>['waymark']) => void) => {
  const { waymark, net } = start();
  track(waymark);
  await waymark.flush();
  return net.events();
};

describe('lifecycle across visits', () => {
  it('goes acquisition → conversion → loyalty → advocacy and is remembered between visits', async () => {
    const first = await visit((w) => {
      w.track('product_viewed', { id: 'mug' });
      w.track('order_completed', { order_id: 'o1', value: 20, currency: 'EUR' });
      w.track('order_status_viewed', { order_id: 'o1' });
    });
    expect(first.map((e) => e.lifecycle)).toEqual(['acquisition', 'conversion', 'conversion']);

    const second = await visit((w) => {
      w.track('product_viewed', { id: 'mug' });
      w.track('order_completed', { order_id: 'o2', value: 20, currency: 'EUR' });
    });
    expect(second.map((e) => e.lifecycle)).toEqual(['conversion', 'loyalty']);

    const third = await visit((w) => w.track('review_submitted', { product_id: 'mug', rating: 5 }));
    expect(third.map((e) => e.lifecycle)).toEqual(['advocacy']);
  });

  it('counts joining the loyalty programme as loyalty', async () => {
    const events = await visit((w) => w.track('loyalty_joined', {}));
    expect(events[0]!.lifecycle).toBe('loyalty');
  });

  it('takes the store’s word from identify traits over what the browser remembers', async () => {
    const events = await visit((w) => {
      w.identify('user-7', { order_count: 3 });
      w.track('product_viewed', { id: 'mug' });
      w.identify('user-7', { lifecycle: 'advocacy' });
      w.track('product_viewed', { id: 'mug' });
    });
    expect(events.map((e) => [e.type, e.lifecycle, e.user_id])).toEqual([
      ['identify', 'loyalty', 'user-7'],
      ['product_viewed', 'loyalty', 'user-7'],
      ['identify', 'advocacy', 'user-7'],
      ['product_viewed', 'advocacy', 'user-7'],
    ]);
  });

  it('forgets the user on reset: new anonymous id, new session, acquisition again', async () => {
    const events = await visit((w) => {
      w.identify('user-7', { order_count: 2 });
      w.reset();
      w.track('product_viewed', { id: 'mug' });
    });
    const [before, after] = events;
    expect(after!.user_id).toBeUndefined();
    expect(after!.lifecycle).toBe('acquisition');
    expect(after!.anonymous_id).not.toBe(before!.anonymous_id);
    expect(after!.session_id).not.toBe(before!.session_id);
  });
});

describe('sessions', () => {
  it('keeps one session across page loads and ends it after 30 minutes of inactivity', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T10:00:00Z'));
    const a = await visit((w) => w.track('product_viewed', { id: 'a' }));
    vi.setSystemTime(new Date('2026-01-01T10:29:00Z'));
    const b = await visit((w) => w.track('product_viewed', { id: 'b' }));
    vi.setSystemTime(new Date('2026-01-01T11:00:00Z'));
    const c = await visit((w) => w.track('product_viewed', { id: 'c' }));
    expect(b[0]!.session_id).toBe(a[0]!.session_id);
    expect(b[0]!.seq).toBe(a[0]!.seq + 1);
    expect(c[0]!.session_id).not.toBe(b[0]!.session_id);
    expect(c[0]!.seq).toBe(1);
    expect(c[0]!.anonymous_id).toBe(a[0]!.anonymous_id);
  });

  it('starts a new session when a new campaign arrives, and remembers the first touch', async () => {
    openPage('https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=spring&gclid=1', 'https://www.google.com/');
    const a = await visit((w) => w.page());
    openPage('https://shop.example/products/mug', 'https://shop.example/');
    const b = await visit((w) => w.page());
    openPage('https://shop.example/?utm_source=newsletter&utm_medium=email&utm_campaign=june');
    const c = await visit((w) => w.page());

    expect(a[0]).toMatchObject({ stage: 'awareness', touch: { channel: 'paid_search', campaign: 'spring' } });
    expect(b[0]).toMatchObject({ stage: 'consideration', session_id: a[0]!.session_id, touch: { channel: 'paid_search' } });
    expect(c[0]!.session_id).not.toBe(a[0]!.session_id);
    expect(c[0]).toMatchObject({ stage: 'awareness', touch: { channel: 'email' }, first_touch: { channel: 'paid_search' } });
  });

  it('keeps the session and its touch across a link inside the store that carries UTM tags', async () => {
    openPage('https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=spring&gclid=ad-1', 'https://www.google.com/');
    const a = await visit((w) => w.page());
    openPage('https://shop.example/sale?utm_source=homepage&utm_medium=banner&utm_campaign=winter-sale', 'https://shop.example/');
    const b = await visit((w) => w.page());
    const ad = { channel: 'paid_search', source: 'google', medium: 'cpc', campaign: 'spring', click_id: 'gclid', click_id_value: 'ad-1' };
    expect(a[0]).toMatchObject({ stage: 'awareness', touch: ad, first_touch: ad });
    expect(b[0]!.session_id).toBe(a[0]!.session_id);
    expect(b[0]!.seq).toBe(a[0]!.seq + 1);
    expect(b[0]!.touch).toEqual(ad);
    expect(b[0]!.stage).not.toBe('awareness');
  });

  it('stages the first page view of a new visitor as awareness, even direct, and the next by page type', async () => {
    document.body.setAttribute('data-waymark-page', 'product');
    const events = await visit((w) => {
      w.page();
      w.page();
    });
    document.body.removeAttribute('data-waymark-page');
    expect(events.map((e) => [e.stage, e.page.type])).toEqual([
      ['awareness', 'product'],
      ['consideration', 'product'],
    ]);
  });

  it('reads the page type from URL patterns and from product JSON-LD', async () => {
    openPage('https://shop.example/cart');
    const a = await visit((w) => w.page());
    const { waymark, net } = start({ pageTypes: { cart: '/cart', product: ['/p/*'] } });
    waymark.page();
    openPage('https://shop.example/p/mug');
    waymark.page();
    openPage('https://shop.example/mug-page');
    const ld = document.createElement('script');
    ld.type = 'application/ld+json';
    ld.textContent = '{"@context":"https://schema.org","@type":"Product","name":"Mug"}';
    document.head.append(ld);
    waymark.page();
    ld.remove();
    await waymark.flush();
    expect(a[0]!.page.type).toBeUndefined();
    expect(net.events().map((e) => e.page.type)).toEqual(['cart', 'product', 'product']);
  });
});

describe('single-page shops', () => {
  it('tracks the new route’s page view before an event tracked right after pushState, with the new page', async () => {
    const { waymark, net } = start({ trackPages: true, pageTypes: { product: '/products/*' } });
    history.pushState(null, '', '/products/mug');
    waymark.track('product_viewed', { id: 'mug' });
    await settle();
    history.replaceState(null, '', '/products/mug');
    await settle();
    await waymark.flush();
    expect(net.events().map((e) => [e.type, e.page.path, e.page.type])).toEqual([
      ['page_viewed', '/', undefined],
      ['page_viewed', '/products/mug', 'product'],
      ['product_viewed', '/products/mug', 'product'],
    ]);
  });

  it('ignores a page type that is none, with a debug warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'debug').mockImplementation(() => {});
    document.body.setAttribute('data-waymark-page', 'prodcut');
    const { waymark, net } = start({ debug: true });
    waymark.page();
    document.body.removeAttribute('data-waymark-page');
    await waymark.flush();
    expect(net.events()[0]!.page.type).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('page type should be one of home, content,'));
    warn.mockRestore();
  });

  it('leaves the properties of custom events as the store gave them', async () => {
    const { waymark, net } = start();
    waymark.track('web_vital', { name: 'LCP', value: 1200, rating: 'good', step: 7 });
    await waymark.flush();
    expect(net.events()[0]!.props).toEqual({ name: 'LCP', value: 1200, rating: 'good', step: 7 });
    expect(net.events()[0]!.invalid).toBeUndefined();
  });
});

describe('plugins', () => {
  it('a module that arrives after events were tracked hears them first, then the new ones', async () => {
    const { waymark } = start();
    waymark.track('checkout_started', { value: 10, currency: 'EUR' });
    const heard: string[] = [];
    waymark.use((w) => w.on('track', (e) => heard.push(e.type)));
    waymark.track('order_completed', { order_id: 'o1', value: 10, currency: 'EUR' });
    expect(heard).toEqual(['checkout_started', 'order_completed']);
  });
});
