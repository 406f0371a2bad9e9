/**
 * The event pipeline as a plugin meets it: hooks at enrich, classify and protect see the event
 * in that order, may change or drop it, cost only their own change when they throw, and what
 * they add is still redacted; an `on('track')` listener reads the event but cannot change what
 * leaves.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Plugin, WaymarkEvent } from '../../src/types';
import { start } from './helpers';
import { jsonLd } from '../../src/capture/json-ld';
import { checkoutTiming } from '../../src/capture/checkout-timing';

const product = (id: string) => ['product_viewed', { id, name: 'Mug', price: 12, currency: 'EUR' }] as const;

describe('the pipeline', () => {
  it('runs hooks in stage order: enrich before the stages are known, classify after, protect last', async () => {
    const seen: string[] = [];
    const plugin: Plugin = (_, { hook }) => {
      hook('protect', (e) => void seen.push(`protect ${e.stage}`));
      hook('classify', (e) => void seen.push(`classify ${e.stage} ${e.lifecycle}`));
      hook('enrich', (e) => void seen.push(`enrich ${e.stage} ${e.session_id ? 'session' : ''}`));
    };
    const { waymark, net } = start({ plugins: [plugin] });
    waymark.track(...product('a'));
    await waymark.flush();
    expect(seen).toEqual(['enrich undefined session', 'classify consideration acquisition', 'protect consideration']);
    expect(net.events()).toHaveLength(1);
  });

  it('a protect hook drops an event (reported as dropped) or changes it; a hook that throws costs its change only', async () => {
    const drops: string[] = [];
    const warnings: string[] = [];
    const plugin: Plugin = (waymark, { hook }) => {
      hook('protect', (e) => (e.props.id == 'drop' ? null : undefined));
      hook('protect', (e) => ({ ...e, props: { ...e.props, tagged: true } }));
      hook('enrich', (e) => {
        if (e.props.id == 'boom') throw new Error('hook bug');
      });
      waymark.on('status', (s) => s.status == 'dropped' && drops.push(`${s.reason}`));
      waymark.on('warn', (w) => warnings.push(w.message));
    };
    const { waymark, net } = start({ plugins: [plugin] });
    waymark.track(...product('drop'));
    waymark.track(...product('boom'));
    waymark.track(...product('ok'));
    await waymark.flush();
    expect(net.events().map((e) => [e.props.id, e.props.tagged])).toEqual([
      ['boom', true],
      ['ok', true],
    ]);
    expect(drops).toEqual(['plugin']);
    expect(warnings).toEqual(['plugin threw, event sent unchanged: Error: hook bug']);
  });

  it('what a hook adds is redacted like the rest; an on(track) listener cannot change what leaves', async () => {
    const plugin: Plugin = (waymark, { hook }) => {
      hook('enrich', (e) => void (e.props.contact = 'ana@example.com'));
      waymark.on('track', (e: WaymarkEvent) => void (e.props.id = 'changed later'));
    };
    const { waymark, net } = start({ plugins: [plugin] });
    waymark.track(...product('a'));
    await waymark.flush();
    expect(net.events()[0]!.props).toMatchObject({ id: 'a', contact: '[email]' });
  });

  it("README's plugin: tags every event with the A/B variant, drops the admin pages' events", async () => {
    localStorage.setItem('ab-variant', 'blue-button');
    const log: string[] = [];
    const console = { log: (...a: unknown[]) => log.push(a.join(' ')) };
    // #region plugin
    const experiment: Plugin = (waymark, { hook }) => {
      // enrich: add what you know; classification, redaction and the size limit come after.
      hook('enrich', (event) => {
        event.props.variant = localStorage.getItem('ab-variant') ?? 'control';
      });
      // protect: the last word. Change the event, or return null to drop it.
      hook('protect', (event) => (event.page.path.startsWith('/admin') ? null : event));
      // on('track') reads what was queued; the event can no longer change.
      waymark.on('track', (event) => console.log('queued', event.type, event.stage));
    };
    // #endregion plugin
    const { waymark, net } = start({ plugins: [experiment] });
    waymark.track(...product('a'));
    history.replaceState(null, '', '/admin/orders');
    waymark.page();
    waymark.track(...product('b'));
    history.replaceState(null, '', '/');
    await waymark.flush();
    expect(net.events().map((e) => [e.props.id, e.props.variant])).toEqual([['a', 'blue-button']]);
    expect(log).toEqual(['queued product_viewed consideration']);
    localStorage.removeItem('ab-variant');
  });

  it("a capture module's warnings and failures are the instance's: on the warn bus, and in the console in debug mode", async () => {
    const script = document.createElement('script');
    script.type = 'application/ld+json';
    script.textContent = '{ not json';
    document.head.appendChild(script);
    const console = vi.spyOn(globalThis.console, 'warn').mockImplementation(() => {});
    const warnings: string[] = [];
    const failing = checkoutTiming();
    const { waymark } = start({ debug: true, plugins: [(w, context) => (w.on('warn', (m) => warnings.push(m.message)), jsonLd({ delay: 0 })(w, context))] });
    // A module whose store throws: its hook fails, the event is still sent.
    waymark.use((w, context) => failing(w, { ...context, store: { ...context.store, read: () => { throw new Error('broken'); } } }));
    waymark.track('checkout_started', { value: 1, currency: 'EUR' });
    await vi.waitFor(() => expect(warnings).toHaveLength(2));
    expect(warnings).toContain('checkout timing failed: Error: broken');
    expect(warnings.find((m) => m.startsWith('JSON-LD script #1 is not valid JSON'))).toBeDefined();
    expect(console.mock.calls.map(([m]) => m)).toEqual(warnings.map((m) => '[waymark] ' + m));
    console.mockRestore();
    script.remove();
  });
});
