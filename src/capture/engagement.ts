import type { Plugin, Props, UntypedEvent } from '../types.js';
import type { Env } from '../env.js';
import type { SeenPage } from './page-views.js';
import { createActiveTime } from './active-time.js';
import { fillPage, watchPageViews } from './page-views.js';

/** Options of the engagement module. */
export interface EngagementOptions {
  /** Milliseconds without input or scroll after which the shopper counts as away. @defaultValue 30000 */
  idleMs?: number;
}

/** Input that shows the shopper is there; the first two also count as interactions. */
const INTERACTIONS = ['pointerdown', 'keydown'];
const ACTIVITY = [...INTERACTIONS, 'pointermove', 'wheel', 'touchstart', 'scroll'];

const scrollPct = ({ document, window }: Env): number => {
  const el = document.documentElement;
  const height = Math.max(el.scrollHeight, document.body?.scrollHeight ?? 0);
  if (!height) return 0;
  return Math.min(100, Math.round(((window.scrollY + window.innerHeight) / height) * 100));
};

/**
 * Engagement of each page view as one `page_engaged` event: `active_ms` (visible and active
 * time), `max_scroll_pct` and `interactions` (clicks, taps and key presses). It is sent when the
 * page hides or the single-page shop changes route, with the stage and type of the page it
 * measures. A shopper who comes back to the tab and does more gets another `page_engaged` with
 * the same `page_view_id` and the running totals: keep the last per `page_view_id`.
 *
 * @example
 * import { engagement } from 'waymark/capture/engagement';
 * createWaymark({ endpoint: '/collect', plugins: [engagement()] });
 */
export const engagement =
  (options: EngagementOptions = {}): Plugin =>
  (waymark, context) => {
    const { env } = context;
    const { document, location } = env;
    const clock = () => env.window.performance.now();
    const idleMs = options.idleMs && options.idleMs > 0 ? options.idleMs : 30_000;
    const visible = () => document.visibilityState != 'hidden';
    let time = createActiveTime(idleMs, clock(), visible());
    let maxScroll = scrollPct(env);
    let interactions = 0;
    let sent = '';
    let page: SeenPage | undefined;
    /** Added after the landing page view: what is known of the page measured from the start. */
    const start = { path: location.pathname, type: undefined as string | undefined };
    const startUrl = location.href;
    /** A report on a route change, as opposed to one when the page hides. */
    let routed = false;

    const report = env.guard((measured: SeenPage | undefined) => {
      const props: Props = {
        active_ms: Math.round(time.read(clock())),
        max_scroll_pct: maxScroll,
        interactions,
      };
      const key = JSON.stringify(props);
      if (key == sent) return;
      sent = key;
      if (measured) {
        props.page_view_id = measured.view;
        props.page_path = measured.path;
        props.page_stage = measured.stage;
        if (measured.type) props.page_type = measured.type;
      } else if (routed) {
        // The route changed away from a page whose view this module did not see: what it knows.
        props.page_path = start.path;
        if (start.type) props.page_type = start.type;
      }
      waymark.track('page_engaged' as UntypedEvent, props, measured && { stage: measured.stage });
    }, 'page_engaged failed');

    fillPage(context, 'page_engaged');
    waymark.on('track', (e) => {
      if (!page && e.type != 'page_viewed') start.type ??= e.page.type;
    });
    watchPageViews(waymark, (next, previous) => {
      // The landing view that comes right after `createWaymark` started the plugins starts what
      // is already being measured; any other page view is a route change.
      if (previous || page || next.url != startUrl) {
        routed = true;
        report(page);
        routed = false;
        time = createActiveTime(idleMs, clock(), visible());
        maxScroll = scrollPct(env);
        interactions = 0;
        sent = '';
      }
      page = next;
    });

    let scrolling = false;
    const onInput = env.guard((e: Event) => {
      time.act(clock());
      if (INTERACTIONS.includes(e.type)) interactions++;
      if (e.type == 'scroll' && !scrolling) {
        // Reading the layout once a frame, not on every scroll event.
        scrolling = true;
        env.window.requestAnimationFrame(
          env.guard(() => {
            scrolling = false;
            maxScroll = Math.max(maxScroll, scrollPct(env));
          }),
        );
      }
    }, 'engagement failed');
    for (const type of ACTIVITY) env.listen(env.window, type, onInput, { capture: true, passive: true });
    // On `window` in the capture phase: before Waymark's own listener on `document` hands the
    // queue to `sendBeacon`, so this page's event leaves with it.
    env.listen(env.window, 'visibilitychange', () => {
      if (visible()) return time.act(clock());
      time.hide(clock());
      report(page);
    });
    // Browsers that fire no visibilitychange on unload: what is tracked here is saved with the
    // queue and leaves on the next page load.
    env.listen(env.window, 'pagehide', () => (time.hide(clock()), report(page)));
  };
