import { segment } from '../segment';
import { preset } from './preset';

preset((d) => ({ format: segment({ writeKey: d.writeKey }) }));
