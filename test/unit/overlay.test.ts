import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BusEvents, Waymark, WaymarkEvent } from '../../src/types';
import type { Report } from '../../src/debug/host';
import { createBus } from '../../src/bus';
import mountOverlay from '../../src/debug/overlay';
import { pluginContext } from './helpers';

let n = 0;
const event = (over: Partial<WaymarkEvent> = {}): WaymarkEvent => ({
  id: 'e' + ++n,
  type: 'page_viewed',
  ts: Date.now(),
  stage: 'awareness',
  lifecycle: 'acquisition',
  anonymous_id: 'anon-1',
  session_id: 'sess-1',
  seq: n,
  page: { url: 'https://shop.test/', path: '/', title: 'Shop', referrer: '' },
  touch: { channel: 'direct', source: 'direct' },
  first_touch: { channel: 'direct', source: 'direct' },
  props: {},
  ...over,
});

/** Mount the overlay on a bus that stands in for the instance. */
const mount = (history: Report[] = []) => {
  const bus = createBus<BusEvents>();
  const close = vi.fn();
  const waymark = { on: bus.on } as unknown as Waymark;
  const unmount = mountOverlay({ waymark, store: pluginContext().store.tab, history, close });
  const root = document.querySelector('waymark-debug')!.shadowRoot!;
  const $ = (s: string) => root.querySelector(s) as HTMLElement;
  const $$ = (s: string) => [...root.querySelectorAll(s)] as HTMLElement[];
  const rows = () => $$('.ev').filter((r) => !r.hidden).map((r) => r.querySelector('.ty')!.textContent);
  const button = (label: RegExp) => $$('button').find((b) => label.test(b.getAttribute('aria-label') ?? ''))!;
  return { bus, close, unmount, root, $, $$, rows, button };
};

afterEach(() => {
  document.querySelectorAll('waymark-debug').forEach((el) => el.remove());
  sessionStorage.clear();
});

describe('overlay (jsdom)', () => {
  it('replays the history, then follows the instance live, newest first', () => {
    const first = event();
    const o = mount([['track', first], ['status', { ids: [first.id], status: 'queued' }]]);
    expect(o.rows()).toEqual(['page_viewed']);
    expect(o.$('.st').textContent).toBe('queued');
    const next = event({ type: 'product_viewed', stage: 'consideration' });
    o.bus.emit('track', next);
    o.bus.emit('status', { ids: [first.id, next.id], status: 'sent' });
    expect(o.rows()).toEqual(['product_viewed', 'page_viewed']);
    expect(o.$$('.st').map((s) => s.textContent)).toEqual(['sent', 'sent']);
    expect(o.$('.ev .b').textContent).toBe('consideration');
    expect(o.$('[aria-live]').textContent).toBe('2 events · 0 warnings');
  });

  it('writes hostile strings as text', () => {
    const o = mount();
    const bad = '<img src=x onerror="window.__pwned=1">';
    o.bus.emit('track', event({ type: bad, props: { [bad]: bad }, page: { url: bad, path: bad, title: bad, referrer: '' } }));
    (o.$('.row') as HTMLButtonElement).click();
    expect(o.root.querySelectorAll('img, script').length).toBe(0);
    expect(o.$('.ty').textContent).toBe(bad);
    expect(o.$('.pl').textContent).toContain(bad);
  });

  it('filters by stage and type, pauses and clears', () => {
    const o = mount();
    o.bus.emit('track', event());
    o.bus.emit('track', event({ type: 'product_added_to_cart', stage: 'purchase' }));
    const [stage, type] = o.$$('select') as HTMLSelectElement[];
    stage!.value = 'purchase';
    stage!.dispatchEvent(new Event('change'));
    expect(o.rows()).toEqual(['product_added_to_cart']);
    stage!.value = '';
    type!.value = 'page_viewed';
    type!.dispatchEvent(new Event('change'));
    expect(o.rows()).toEqual(['page_viewed']);
    type!.value = '';
    type!.dispatchEvent(new Event('change'));

    const pause = o.button(/^Pause/);
    pause.click();
    o.bus.emit('track', event({ type: 'cart_viewed', stage: 'purchase' }));
    expect(o.rows()).toEqual(['product_added_to_cart', 'page_viewed']);
    expect(pause.textContent).toBe('Resume (1)');
    pause.click();
    expect(o.rows()).toEqual(['cart_viewed', 'product_added_to_cart', 'page_viewed']);

    o.button(/^Clear/).click();
    expect(o.rows()).toEqual([]);
    expect(o.$('[aria-live]').textContent).toBe('0 events · 0 warnings');
  });

  it('shows validation warnings beside their event and general warnings apart', async () => {
    const o = mount();
    const e = event({ type: 'product_viewed' });
    o.bus.emit('warn', { message: 'product_viewed: price should be a number ≥ 0, got "abc"', id: e.id });
    o.bus.emit('track', e);
    o.bus.emit('warn', { message: 'storage is full' });
    await Promise.resolve();
    expect(o.$('.ev .ws').textContent).toContain('price should be a number');
    expect(o.$('.gw').hidden).toBe(false);
    expect(o.$('.gw').textContent).toContain('storage is full');
    expect(o.$('.gw').textContent).not.toContain('price');
  });

  it('minimises on Escape to a badge with the counts, and the close control calls host.close', () => {
    const o = mount();
    o.bus.emit('track', event());
    o.bus.emit('warn', { message: 'w' });
    o.button(/^Minimise/).focus();
    o.$('.p').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(o.$('.p').hidden).toBe(true);
    expect(o.$('.bd').hidden).toBe(false);
    expect(o.$('.bd').textContent).toBe('Waymark 1 · ⚠ 1');
    expect(o.root.activeElement).toBe(o.$('.bd'));
    o.$('.bd').click();
    expect(o.$('.p').hidden).toBe(false);
    o.button(/^Close/).click();
    expect(o.close).toHaveBeenCalledOnce();
  });

  it('unmounting removes the panel and stops listening', () => {
    const o = mount();
    o.unmount();
    expect(document.querySelector('waymark-debug')).toBeNull();
    expect(() => o.bus.emit('track', event())).not.toThrow();
  });

  it('remembers the stages reached this session across pages', () => {
    mount().bus.emit('track', event({ stage: 'consideration' }));
    document.querySelector('waymark-debug')!.remove();
    const o = mount();
    o.bus.emit('track', event({ stage: 'purchase' }));
    const lit = o.$$('.sg li').filter((li) => !li.classList.contains('off')).map((li) => li.textContent);
    expect(lit).toEqual(['consideration', 'purchase']);
  });
});
