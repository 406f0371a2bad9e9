import type { Stage } from './types.js';
import { classifyStage } from '../journey/stage.js';
import { classifyLifecycle } from '../journey/lifecycle.js';

/** Classify: the shopper's journey stage for this event, and the customer's lifecycle stage. */
export const classify: Stage = ({ event, landing, options }, { state }) => {
  const { visitor } = state;
  event.stage = classifyStage(event.type, event.props, { pageType: event.page.type, landing, customer: visitor.orders > 0 }, options?.stage);
  event.lifecycle = classifyLifecycle(visitor);
};
