/**
 * `<script async src="waymark.vitals-attribution.js"></script>`: web vitals with attribution (LCP
 * element, INP interaction target, largest layout shift) for the script-tag build.
 */
import { attributed } from '../vitals-attribution.js';
import { reportVitals } from '../vitals-report.js';
import { flag, register } from './register.js';

register((d) =>
  reportVitals(attributed, {
    attribution: true,
    softNavigations: flag(d.softNavigations),
  }),
);
