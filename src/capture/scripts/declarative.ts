/** `<script async src="waymark.declarative.js"></script>` */
import { declarative } from '../declarative';
import { flag, register } from './register';

register((d) => declarative({ debug: flag(d.debug) }));
