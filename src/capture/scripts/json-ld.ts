/** `<script async src="waymark.json-ld.js" data-delay="500"></script>` */
import { jsonLd } from '../json-ld';
import { flag, number, register } from './register';

register((d) => jsonLd({ debug: flag(d.debug), delay: number(d.delay) }));
