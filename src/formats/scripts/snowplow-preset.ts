import { snowplow } from '../snowplow.js';
import { preset } from './preset.js';

preset((d) => ({
  format: snowplow({ appId: d.appId, namespace: d.namespace, base64: d.base64 != null && d.base64 != 'false', currency: d.currency, postPath: d.postPath }),
}));
