import { fakeWaymark as fakeInstance, pluginContext } from './helpers';
import { describe, expect, it } from 'vitest';
import type { Props, TrackOptions, Waymark, WaymarkEvent, Plugin } from '../../src/types';
import type { MetricSources } from '../../src/capture/vitals-report';
import { reportVitals } from '../../src/capture/vitals-report';

/** The instance stand-in, on a product page. */
const fakeWaymark = () => fakeInstance(() => ({ url: location.href, path: location.pathname, title: '', referrer: '', type: 'product' }));

/** web-vitals stand-in: the test reports metrics by hand. */
const fakeSources = () => {
  const reporters: Record<string, (m: any) => void> = {};
  const on = (name: string) => (report: (m: any) => void, opts?: object) => {
    reporters[name] = report;
    expect(opts).toMatchObject({ reportAllChanges: false });
  };
  const sources = { onLCP: on('LCP'), onINP: on('INP'), onCLS: on('CLS'), onFCP: on('FCP'), onTTFB: on('TTFB') } as unknown as MetricSources;
  const metric = (name: string, value: number, extra: object = {}) =>
    reporters[name]!({ name, value, delta: value, rating: 'good', id: 'v-' + name, navigationType: 'navigate', navigationURL: location.href, entries: [], ...extra });
  return { sources, metric };
};

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('web vitals', () => {
  it('one web_vital per report, tagged with the stage and type of the page it measures', async () => {
    const { waymark, events } = fakeWaymark();
    const { sources, metric } = fakeSources();
    waymark.use(reportVitals(sources));
    waymark.track('page_viewed', {}, { stage: 'purchase' });
    await tick();
    const landing = location.href;
    // A single-page shop moves on; the document's LCP still belongs to the first page.
    history.pushState({}, '', '/other-route');
    waymark.track('page_viewed', {}, { stage: 'retention' });
    metric('LCP', 1234.56, { navigationURL: landing });
    metric('CLS', 0.123456, { navigationURL: landing });
    const vitals = events.filter((e) => e.type == 'web_vital');
    expect(vitals.map((e) => [e.props.name, e.props.value, e.stage, e.props.page_stage, e.props.rating])).toEqual([
      ['LCP', 1235, 'purchase', 'purchase', 'good'],
      ['CLS', 0.1235, 'purchase', 'purchase', 'good'],
    ]);
    expect(vitals[0]!.props).toMatchObject({ id: 'v-LCP', delta: 1235, navigation_type: 'navigate', page_type: 'product' });
    // After a back/forward cache restore the page measured is the current route.
    metric('LCP', 80, { navigationType: 'back-forward-cache', id: 'v-LCP-2' });
    expect(events.at(-1)).toMatchObject({ stage: 'retention', props: { page_stage: 'retention', navigation_type: 'back-forward-cache' } });
    history.pushState({}, '', '/');
  });

  it('added after the page view: the event takes the stage Waymark gives the page; no attribution unless asked', async () => {
    const { waymark, events } = fakeWaymark();
    const { sources, metric } = fakeSources();
    waymark.use(reportVitals(sources));
    await tick();
    metric('TTFB', 90, { attribution: { waitingDuration: 5 } });
    expect(events[0]).toMatchObject({ type: 'web_vital', stage: 'consideration', props: { name: 'TTFB', page_stage: 'consideration', page_type: 'product' } });
    expect(events[0]!.props.attribution).toBeUndefined();
  });

  it('a metric whose report throws does not reach the page', async () => {
    const waymark = { track: () => { throw new Error('boom'); }, on: () => () => {} } as unknown as Waymark;
    const { sources, metric } = fakeSources();
    reportVitals(sources)(waymark, pluginContext());
    await tick();
    expect(() => metric('FCP', 100)).not.toThrow();
  });
});
