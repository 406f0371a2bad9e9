/**
 * `<script async src="waymark.vitals.js" data-debug data-soft-navigations></script>`: web vitals
 * for the script-tag build. Attribution needs `waymark.vitals-attribution.js` instead.
 */
import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';
import type { MetricSources } from '../vitals-report.js';
import { reportVitals } from '../vitals-report.js';
import { flag, register } from './register.js';

register((d) =>
  reportVitals({ onCLS, onFCP, onINP, onLCP, onTTFB } as MetricSources, {
    softNavigations: flag(d.softNavigations),
  }),
);
