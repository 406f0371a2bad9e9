import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanUrl, luhn, redactText, STRIP_PARAMS } from '../../src/privacy/redact';
import { MAX_EVENT_BYTES, MAX_STRING } from '../../src/privacy/size-limit';
import { openPage, start } from './helpers';

beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  openPage('https://shop.example/');
  document.title = '';
});

describe('redaction of text', () => {
  it.each([
    ['mail ann.lee+shop@example.co.uk now', 'mail [email] now'],
    ['/account?u=ann%40example.com', '/account?u=[email]'],
    ['call +353 91 123 4567 or +1 (555) 123-4567', 'call [phone] or [phone]'],
    ['US (555) 123-4567, 555.123.4567', 'US [phone], [phone]'],
    ['card 4111 1111 1111 1111 ok', 'card [card] ok'],
    ['card 5500-0000-0000-0004', 'card [card]'],
    ['amex 378282246310005', 'amex [card]'],
  ])('%s', (text, expected) => expect(redactText(text)).toBe(expected));

  it.each([
    'order 4111 1111 1111 1112 (fails the Luhn check)',
    'ts 1795464866330 (a millisecond timestamp)',
    'born 2026-11-23, at 10:20:30',
    'price 12.50 EUR, 3 items, SKU 0012345678',
    'sku-4f1c2a9e-8d1b-4c53-9a57-0a6c1e2f3b4d',
    'https://cdn.example/mug@2x.png and mug@3x.webp',
  ])('leaves %s alone', (text) => expect(redactText(text)).toBe(text));

  it('keeps the digits of id fields, never their e-mail addresses', () => {
    expect(redactText('4111111111111111', true)).toBe('4111111111111111');
    expect(redactText('ann@example.com', true)).toBe('[email]');
  });

  it('checks Luhn', () => {
    expect(['4111111111111111', '79927398713', '4111111111111112'].map(luhn)).toEqual([true, true, false]);
  });

  it('stays linear on long hostile strings', () => {
    const t = performance.now();
    for (const s of ['a'.repeat(300_000) + '@', '1'.repeat(300_000), ('+1' + ' '.repeat(2)).repeat(50_000), 'a.'.repeat(100_000) + '@x'])
      redactText(s);
    expect(performance.now() - t).toBeLessThan(1500);
  });
});

describe('query parameters', () => {
  it('strips the named ones, ignoring case, and leaves the rest as they were', () => {
    expect(cleanUrl('https://s.example/p?utm_source=x&Token=abc&email=a%40b.c&q=mug%20s#top', STRIP_PARAMS, true)).toBe(
      'https://s.example/p?utm_source=x&q=mug+s#top',
    );
    expect(cleanUrl('https://s.example/p?q=mug%20s', STRIP_PARAMS, true)).toBe('https://s.example/p?q=mug%20s');
    expect(cleanUrl('https://s.example/p?key=1', STRIP_PARAMS, true)).toBe('https://s.example/p');
    expect(cleanUrl('not a url?token=1', STRIP_PARAMS, true)).toBe('not a url?token=1');
  });
});

describe('what leaves the browser', () => {
  it('page URL, referrer, title and property strings are protected on the wire and in storage', async () => {
    openPage('https://shop.example/thanks?order=7&token=s3cret&utm_source=news', 'https://mail.example/read?email=ann@example.com&id=9');
    document.title = 'Thanks ann@example.com';
    const { waymark, net } = start({ flushInterval: 60_000 });
    waymark.page();
    waymark.track('support_contacted', { channel: 'phone', topic: 'call me on +44 20 7946 0958', url: 'https://shop.example/x?password=p' });
    waymark.identify('ann@example.com');
    await vi.advanceTimersByTimeAsync(0);
    const stored = Object.keys(localStorage).filter((k) => k.startsWith('wm.q.')).map((k) => localStorage[k]).join();
    await waymark.flush();
    const [page, support, identify] = net.events();
    expect(page!.page).toMatchObject({
      url: 'https://shop.example/thanks?order=7&utm_source=news',
      referrer: 'https://mail.example/read?id=9',
      title: 'Thanks [email]',
    });
    expect(support!.props).toEqual({ channel: 'phone', topic: 'call me on [phone]', url: 'https://shop.example/x' });
    expect(identify!.user_id).toBe('[email]');
    for (const secret of ['s3cret', 'ann@example.com', '7946', 'password']) {
      expect(JSON.stringify(net.events())).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
  });

  it('fragment parameters, URL-encoded card and phone numbers, and card numbers given as numbers', async () => {
    openPage(
      'https://shop.example/account?c=4111+1111+1111+1111&t=415%20555%200102&q=mug#access_token=SECRET&state=ok',
      'https://shop.example/login?next=%2Faccount#/callback?id_token=HIDDEN',
    );
    const { waymark, net } = start({ flushInterval: 60_000 });
    waymark.page();
    waymark.track('product_shared', { network: 'x', url: 'https://shop.example/p#token=abc', card: 4111111111111111, order_id: 4111111111111111, qty: 3 });
    await waymark.flush();
    const [page, shared] = net.events();
    expect(page!.page.url).toBe('https://shop.example/account?c=%5Bcard%5D&t=%5Bphone%5D&q=mug#state=ok');
    expect(page!.page.referrer).toBe('https://shop.example/login?next=%2Faccount#/callback?');
    expect(shared!.props).toEqual({ network: 'x', url: 'https://shop.example/p', card: '[card]', order_id: '4111111111111111', qty: 3 });
    for (const secret of ['SECRET', 'HIDDEN', 'abc', '4111+1111', '555']) expect(JSON.stringify([page!.page, shared!.props])).not.toContain(secret);
  });

  it('redact: false and stripParams: [] turn the protections off; stripParams replaces the list', async () => {
    openPage('https://shop.example/p?token=1&ref=2');
    const off = start({ redact: false, stripParams: [] });
    off.waymark.track('custom', { note: 'ann@example.com' });
    const own = start({ stripParams: ['ref'] });
    own.waymark.track('custom', { note: 'ann@example.com' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(off.net.events()[0]).toMatchObject({ page: { url: 'https://shop.example/p?token=1&ref=2' }, props: { note: 'ann@example.com' } });
    expect(own.net.events()[0]).toMatchObject({ page: { url: 'https://shop.example/p?token=1' }, props: { note: '[email]' } });
  });
});

describe('size limit', () => {
  it(`cuts strings over ${MAX_STRING} characters in an event over ${MAX_EVENT_BYTES} bytes, names them in invalid, warns`, async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { waymark, net } = start({ debug: true });
    waymark.track('product_viewed', { id: 'a', name: 'Mug', description: 'x'.repeat(100_000), image_url: 'data:' + 'y'.repeat(50_000) });
    waymark.track('product_viewed', { id: 'b', description: 'short' });
    await vi.advanceTimersByTimeAsync(1000);
    const [big, small] = net.events();
    expect(big!.props.description).toBe('x'.repeat(MAX_STRING) + '…');
    expect(big!.props.name).toBe('Mug');
    expect(big!.invalid).toEqual(['description', 'image_url']);
    expect(small!.props).toEqual({ id: 'b', description: 'short' });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/event over 32768 bytes: cut \(description,image_url\)/));
    warn.mockRestore();
  });

  it('leaves all properties out when cutting strings is not enough; the event still counts', async () => {
    const { waymark, net } = start();
    const items = Array.from({ length: 5000 }, (_, i) => ({ id: 'p' + i, name: 'Mug ' + i }));
    waymark.track('cart_viewed', { value: 10, currency: 'EUR', items });
    await vi.advanceTimersByTimeAsync(1000);
    const [cart] = net.events();
    expect(cart).toMatchObject({ type: 'cart_viewed', stage: 'purchase', props: {}, invalid: ['props'] });
    expect(JSON.stringify(cart).length).toBeLessThan(MAX_EVENT_BYTES);
  });
});
