import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';
import type { Plugin } from '../types.js';
import type { MetricSources, WebVitalsOptions } from './vitals-report.js';
import { reportVitals } from './vitals-report.js';

export type { WebVitalsOptions } from './vitals-report.js';

/**
 * Core Web Vitals of each page as `web_vital` events (LCP, INP, CLS, FCP, TTFB), tagged with the
 * journey stage and page type of the page they measure, so a collector can ask for the p75 LCP
 * of checkout pages. The attribution build of web-vitals is loaded only with `attribution: true`.
 *
 * @example
 * import { createWaymark } from 'waymark';
 * import { webVitals } from 'waymark/capture/vitals';
 * createWaymark({ endpoint: '/collect', plugins: [webVitals()] });
 */
export const webVitals = (options: WebVitalsOptions = {}): Plugin =>
  reportVitals(
    options.attribution
      ? import('./vitals-attribution.js').then((m) => m.attributed)
      : ({ onCLS, onFCP, onINP, onLCP, onTTFB } as MetricSources),
    options,
  );
