/** `<script async src="waymark.checkout-timing.js" data-idle-minutes="30"></script>` */
import { checkoutTiming } from '../checkout-timing.js';
import { flag, number, register } from './register.js';

register((d) => checkoutTiming({ idleMs: (number(d.idleMinutes) ?? 30) * 60_000 }));
