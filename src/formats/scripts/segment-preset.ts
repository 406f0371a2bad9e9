import { segment } from '../segment.js';
import { preset } from './preset.js';

preset((d) => ({ format: segment({ writeKey: d.writeKey }) }));
