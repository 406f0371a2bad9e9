import type { Plugin, UntypedEvent } from '../types.js';
import type { SeenPage } from './page-views.js';
import { createPageMeasures } from './page-measures.js';
import { fillPage, watchPageViews } from './page-views.js';

/** Options of the engagement module. */
export interface EngagementOptions {
  /** Milliseconds without input or scroll after which the shopper counts as away. @defaultValue 30000 */
  idleMs?: number;
}

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
    const { location } = env;
    const measures = createPageMeasures(env, options.idleMs && options.idleMs > 0 ? options.idleMs : 30_000, () => report(page));
    let sent = '';
    let page: SeenPage | undefined;
    /** Added after the landing page view: what is known of the page measured from the start. */
    const start: { path: string; type?: string } = { path: location.pathname };
    const startUrl = location.href;
    /** A report on a route change, as opposed to one when the page hides. */
    let routed = false;

    const report = env.guard((measured: SeenPage | undefined) => {
      const props = measures.read();
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
        measures.reset();
        sent = '';
      }
      page = next;
    });

  };
