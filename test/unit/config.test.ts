import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWaymark, fakeBrowser } from './helpers';
import { MIN_GAP_MS, RANGES, readConfig } from '../../src/config';

afterEach(() => void vi.useRealTimers());

describe('configuration', () => {
  it('clamps numbers to their documented range and falls back to the default for anything else, with a warning', () => {
    const warnings: string[] = [];
    const config = readConfig(
      { endpoint: '/e', maxRetries: 1e308, maxRetryDelay: 0, batchSize: -1, flushInterval: NaN, sessionMinutes: '30' as any, maxQueueEvents: Infinity, storage: 'disk' as any, debug: 'yes' as any },
      (m) => warnings.push(m),
    );
    expect(config).toMatchObject({
      maxRetries: RANGES.maxRetries[2],
      maxRetryDelay: RANGES.maxRetryDelay[1],
      batchSize: 1,
      flushInterval: RANGES.flushInterval[0],
      sessionMinutes: 30,
      maxQueueEvents: RANGES.maxQueueEvents[2],
      storage: 'local',
      debug: false,
    });
    expect(warnings).toContain('config.maxRetries should be between 0 and 100, got 1e+308: using 100');
    expect(warnings).toContain('config.flushInterval should be a number, got NaN: using 1000');
    expect(warnings).toContain('config.sessionMinutes should be a number, got "30": using 30');
    expect(warnings.length).toBe(8);
  });

  it('an option whose getter throws costs that option only', () => {
    const input = Object.defineProperty({ endpoint: '/e' }, 'batchSize', { enumerable: true, get: () => { throw new Error('no'); } });
    const warnings: string[] = [];
    expect(readConfig(input as any, (m) => warnings.push(m))).toMatchObject({ endpoint: '/e', batchSize: 20 });
    expect(warnings).toEqual(['config.batchSize could not be read: its default is used']);
  });

  it('no configuration makes it send more than one request per MIN_GAP_MS: 30 s of a failing collector', async () => {
    vi.useFakeTimers();
    const starts: number[] = [];
    const fake = fakeBrowser({ fetch: async () => (starts.push(Date.now()), new Response('', { status: 503, headers: { 'Retry-After': '0' } })) });
    const waymark = createWaymark(
      { endpoint: '/e', trackPages: false, maxRetries: 1e308, maxRetryDelay: 0, batchSize: -1, flushInterval: NaN, maxQueueEvents: '5' as any } as any,
      { browser: fake.browser },
    );
    for (let s = 0; s < 30; s++) {
      for (let i = 0; i < 3; i++) waymark.track('product_viewed', { id: 'p' + i });
      // A store that flushes in a loop, as hard as it can.
      for (let i = 0; i < 20; i++) void waymark.flush();
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(starts.length).toBeGreaterThan(0);
    expect(starts.length).toBeLessThanOrEqual((30 * 1000) / MIN_GAP_MS);
    expect(starts.every((t, i) => i == 0 || t - starts[i - 1]! >= MIN_GAP_MS)).toBe(true);
  });

  it('and a healthy collector with one event per batch still gets at most 1000 / MIN_GAP_MS requests a second', async () => {
    vi.useFakeTimers();
    const starts: number[] = [];
    const fake = fakeBrowser({ fetch: async () => (starts.push(Date.now()), new Response('')) });
    const waymark = createWaymark({ endpoint: '/e', trackPages: false, batchSize: 1, flushInterval: 1 }, { browser: fake.browser });
    for (let i = 0; i < 100; i++) waymark.track('order_completed', { order_id: 'o' + i, value: 1, currency: 'EUR' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(starts.length).toBeLessThanOrEqual((5000 / MIN_GAP_MS) + 1);
    expect(starts.every((t, i) => i == 0 || t - starts[i - 1]! >= MIN_GAP_MS)).toBe(true);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(starts.length).toBe(100);
  });
});
