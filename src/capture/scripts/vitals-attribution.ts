/**
 * `<script async src="waymark.vitals-attribution.js"></script>`: web vitals with attribution (LCP
 * element, INP interaction target, largest layout shift) for the script-tag build.
 */
import { attributed } from '../vitals-attribution';
import { reportVitals } from '../vitals-report';
import { flag, register } from './register';

register((d) =>
  reportVitals(attributed, {
    attribution: true,
    debug: flag(d.debug),
    softNavigations: flag(d.softNavigations),
  }),
);
