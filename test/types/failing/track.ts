// Wrong on purpose: test/node/types.test.ts asserts that each compiler's message names the problem.
import { createWaymark } from '../../../src/index.js';

const waymark = createWaymark({ endpoint: '/collect' });

waymark.track('order_completed', { value: 10 });
waymark.track('order_complete', { order_id: 'o1', value: 10, currency: 'EUR' });
