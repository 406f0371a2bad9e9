/** `<script async src="waymark.engagement.js" data-idle-seconds="30"></script>` */
import { engagement } from '../engagement.js';
import { flag, number, register } from './register.js';

register((d) => engagement({ idleMs: (number(d.idleSeconds) ?? 30) * 1000 }));
