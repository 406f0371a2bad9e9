/** `<script async src="waymark.cart-abandonment.js"></script>` */
import { cartAbandonment } from '../cart-abandonment';
import { flag, register } from './register';

register((d) => cartAbandonment({ debug: flag(d.debug) }));
