/** `<script async src="waymark.data-layer.js" data-name="dataLayer"></script>` */
import { dataLayerBridge } from '../data-layer';
import { flag, register } from './register';

register((d) => dataLayerBridge({ debug: flag(d.debug), name: d.name }));
