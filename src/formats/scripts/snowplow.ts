/**
 * `dist/waymark.snowplow.js`: Snowplow's tracker protocol for the script-tag build, beside
 * `waymark.js`, in either order: `<script async src="waymark.js" data-endpoint="https://collector.example.com"
 * data-format="snowplow">` and `<script async src="waymark.snowplow.js" data-app-id="shop">` (also
 * `data-namespace`, `data-currency`, `data-post-path`, `data-base64`). `data-format` makes the core
 * hold delivery until this file registers, so no event leaves in Waymark's own format.
 */
import { snowplow } from '../snowplow.js';
import { flag, register } from '../../capture/scripts/register.js';

register((d) => (_, { format }) =>
  format(snowplow({ appId: d.appId, namespace: d.namespace, base64: flag(d.base64), currency: d.currency, postPath: d.postPath }), 'snowplow'),
);
