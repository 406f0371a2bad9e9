import { fakeWaymark as fakeInstance } from './helpers';
import { describe, expect, it } from 'vitest';
import { createActiveTime } from '../../src/capture/active-time';

describe('active time', () => {
  it('counts visible time up to idleMs after the last activity', () => {
    const t = createActiveTime(30_000, 0, true);
    t.act(10_000);
    expect(t.read(20_000)).toBe(20_000);
    // Nothing for a minute: the stretch ended 30 s after the last activity.
    expect(t.read(100_000)).toBe(40_000);
    t.act(100_000);
    expect(t.read(105_000)).toBe(45_000);
  });

  it('stops while hidden, and a page loaded hidden starts at the first activity', () => {
    const t = createActiveTime(30_000, 0, true);
    t.hide(5_000);
    expect(t.read(50_000)).toBe(5_000);
    t.act(60_000);
    expect(t.read(61_000)).toBe(6_000);
    const hidden = createActiveTime(30_000, 0, false);
    expect(hidden.read(10_000)).toBe(0);
  });
});

describe('engagement plugin', () => {
  /** The instance stand-in: the home page at `/`, product pages elsewhere. */
  const fakeWaymark = () => fakeInstance(() => ({ url: location.href, path: location.pathname, type: location.pathname == '/' ? 'home' : 'product' }));

  it('one page_engaged per page view, sent on a route change with the stage of the page it measured', async () => {
    const { engagement } = await import('../../src/capture/engagement');
    const { waymark, events } = fakeWaymark();
    waymark.use(engagement());
    waymark.track('page_viewed', {}, { stage: 'awareness' });
    document.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true }));
    document.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true }));
    expect(events.map((e) => e.type)).toEqual(['page_viewed']);
    history.pushState({}, '', '/products/mug');
    waymark.track('page_viewed', {}, { stage: 'consideration' });
    const engaged = events.filter((e) => e.type == 'page_engaged');
    expect(engaged).toHaveLength(1);
    expect(engaged[0]).toMatchObject({ stage: 'awareness', props: { page_view_id: 'e1', page_path: '/', page_stage: 'awareness', page_type: 'home', interactions: 2 } });
    history.pushState({}, '', '/');
  });

  it('added after the landing view: a route change reports the first page by its path', async () => {
    const { engagement } = await import('../../src/capture/engagement');
    const { waymark, events } = fakeWaymark();
    waymark.use(engagement());
    history.pushState({}, '', '/products/plate');
    waymark.track('page_viewed', {}, { stage: 'consideration' });
    expect(events.find((e) => e.type == 'page_engaged')?.props).toMatchObject({ page_path: '/', interactions: 0 });
    history.pushState({}, '', '/');
  });
});
