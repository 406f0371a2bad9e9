/** `<script async src="waymark.declarative.js"></script>` */
import { declarative } from '../declarative.js';
import { flag, register } from './register.js';

register((d) => declarative({}));
