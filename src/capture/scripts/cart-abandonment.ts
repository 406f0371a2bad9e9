/** `<script async src="waymark.cart-abandonment.js"></script>` */
import { cartAbandonment } from '../cart-abandonment.js';
import { flag, register } from './register.js';

register((d) => cartAbandonment({}));
