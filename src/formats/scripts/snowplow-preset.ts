import { snowplow } from '../snowplow';
import { preset } from './preset';

preset((d) => ({
  format: snowplow({ appId: d.appId, namespace: d.namespace, base64: d.base64 != null && d.base64 != 'false', currency: d.currency, postPath: d.postPath }),
}));
