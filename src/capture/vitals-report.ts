import type { Metric, MetricType, MetricWithAttribution, ReportOpts } from 'web-vitals';
import type { Plugin, PluginContext, Props, UntypedEvent, Waymark } from '../types.js';
import { fillPage, watchPageViews } from './page-views.js';

/** Options of the web vitals module. */
export interface WebVitalsOptions {
  /**
   * Add `props.attribution`: what made the metric slow (LCP element and its phases, the INP
   * interaction target and its phases, the element that shifted most). Loads the larger
   * `web-vitals/attribution` build. @defaultValue false
   */
  attribution?: boolean;
  /**
   * Also report the metrics of soft navigations (route changes of a single-page shop), where the
   * browser supports them (Chromium 151 and later; others report full page loads only). Passed to
   * web-vitals as `reportSoftNavs`. @defaultValue false
   */
  softNavigations?: boolean;
}

type Report = (metric: MetricType | MetricWithAttribution) => void;
type OnMetric = (report: Report, opts?: ReportOpts) => void;

/** The five `on*` functions of web-vitals, plain or with attribution. */
export interface MetricSources {
  onLCP: OnMetric;
  onINP: OnMetric;
  onCLS: OnMetric;
  onFCP: OnMetric;
  onTTFB: OnMetric;
  /** With the attribution build: what to send of a metric's attribution. */
  summarize?: (metric: MetricType | MetricWithAttribution) => Props | undefined;
}

const round = (name: Metric['name'], v: number): number =>
  name == 'CLS' ? Math.round(v * 10_000) / 10_000 : Math.round(v);

/**
 * The plugin behind `webVitals()`: one `web_vital` event per metric of each page, tagged with the
 * stage and type of the page it measures.
 *
 * With `reportAllChanges: false`, web-vitals reports LCP after the first input or when the page
 * hides, CLS and INP when the page hides, FCP and TTFB as soon as they are known. web-vitals
 * listens to `visibilitychange` on `window` in the capture phase, before Waymark's own listener on
 * `document`, so the final values are already queued when Waymark hands its queue to
 * `sendBeacon`. Should the shopper come back to the tab and the value grow (CLS, INP), a later
 * report with the same metric `id` carries the new value: collectors keep the last value per id.
 */
export const reportVitals =
  (sources: MetricSources | Promise<MetricSources>, options: WebVitalsOptions = {}): Plugin =>
  (waymark: Waymark, context: PluginContext) => {
    const { env, warn } = context;
    const pages = watchPageViews(waymark);
    fillPage(context, 'web_vital');
    // Waymark checks a field named `rating` as a review's 1-5 stars, whatever the event: the
    // metric's rating ("good", ...) joins the event after that check, on its way to the queue.
    let rating: string | undefined;
    context.hook('enrich', (e) => {
      if (rating && e.type == 'web_vital') e.props.rating = rating;
    });
    const report = env.guard((m: MetricType | MetricWithAttribution) => {
      // The page a metric measures: the route of a soft navigation; the current route after a
      // back/forward cache restore (Waymark tracks no new page view then); else the document's
      // own load, whatever route the single-page shop is on when the page hides.
      const page =
        m.navigationType == 'soft-navigation'
          ? pages.at(m.navigationURL) ?? pages.latest()
          : m.navigationType == 'back-forward-cache'
            ? pages.latest()
            : pages.at(m.navigationURL) ?? pages.first() ?? pages.latest();
      const props: Props = {
        name: m.name,
        value: round(m.name, m.value),
        delta: round(m.name, m.delta),
        id: m.id,
        navigation_type: m.navigationType,
      };
      if (page) {
        props.page_stage = page.stage;
        if (page.type) props.page_type = page.type;
      }
      const attribution = options.attribution && summarize?.(m);
      if (attribution) props.attribution = attribution;
      rating = m.rating;
      waymark.track('web_vital' as UntypedEvent, props, page && { stage: page.stage });
      rating = undefined;
    }, 'web_vital failed');
    let summarize: MetricSources['summarize'];
    const opts: ReportOpts = { reportAllChanges: false };
    if (options.softNavigations) opts.reportSoftNavs = true;
    Promise.resolve(sources).then(
      env.guard((s: MetricSources) => {
        summarize = s.summarize;
        for (const on of [s.onTTFB, s.onFCP, s.onLCP, s.onCLS, s.onINP]) on(report, opts);
      }, 'web vitals failed'),
      (e) => warn(`web vitals did not load: ${String(e)}`),
    );
  };
