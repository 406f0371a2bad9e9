import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals/attribution';
import type { MetricType, MetricWithAttribution } from 'web-vitals';
import type { Props } from '../types.js';
import type { MetricSources } from './vitals-report.js';

/** A small, JSON-safe summary of the attribution: no DOM nodes and no performance entries. */
export const summarize = (m: MetricType | MetricWithAttribution): Props | undefined => {
  if (!('attribution' in m) || !m.attribution) return undefined;
  const a = m.attribution as unknown as Record<string, unknown>;
  const pick = (...keys: string[]) => {
    const out: Props = {};
    for (const k of keys) {
      const v = a[k];
      if (v != null) out[k] = typeof v == 'number' ? Math.round(v * 10) / 10 : v;
    }
    return out;
  };
  switch (m.name) {
    case 'LCP':
      return pick('target', 'url', 'timeToFirstByte', 'resourceLoadDelay', 'resourceLoadDuration', 'elementRenderDelay');
    case 'INP':
      return pick('interactionTarget', 'interactionType', 'inputDelay', 'processingDuration', 'presentationDelay', 'loadState');
    case 'CLS':
      return pick('largestShiftTarget', 'largestShiftValue', 'largestShiftTime', 'loadState');
    case 'FCP':
      return pick('timeToFirstByte', 'firstByteToFCP', 'loadState');
    case 'TTFB':
      return pick('waitingDuration', 'cacheDuration', 'dnsDuration', 'connectionDuration', 'requestDuration');
  }
};

/** The attribution build of web-vitals, with what to send of each attribution. */
export const attributed = { onCLS, onFCP, onINP, onLCP, onTTFB, summarize } as MetricSources;
