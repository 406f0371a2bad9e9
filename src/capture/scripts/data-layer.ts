/** `<script async src="waymark.data-layer.js" data-name="dataLayer"></script>` */
import { dataLayerBridge } from '../data-layer.js';
import { flag, register } from './register.js';

register((d) => dataLayerBridge({ name: d.name }));
