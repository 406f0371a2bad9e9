/** `<script async src="waymark.json-ld.js" data-delay="500"></script>` */
import { jsonLd } from '../json-ld.js';
import { flag, number, register } from './register.js';

register((d) => jsonLd({ delay: number(d.delay) }));
