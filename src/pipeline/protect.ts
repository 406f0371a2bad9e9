import type { Stage } from './types.js';
import { serialize } from '../events/serialize.js';
import { fitEvent } from '../privacy/size-limit.js';

/**
 * Protect: what the store gave is made safe to leave the browser (the page and touchpoints
 * already were): URLs lose their secret parameters, personal data is redacted, and the event's
 * JSON is cut to the size limit. Runs after `beforeSend` and the plugins' protect hooks, so
 * nothing they add escapes it; nothing changes the event after it.
 */
export const protect: Stage = (d, { protect, warn, drop }) => {
  const { event } = d;
  event.props = protect(event.props);
  if (event.traits) event.traits = protect(event.traits);
  const json = fitEvent(serialize(event, warn), warn);
  if (!json) return drop([event.id], 'too large'), false;
  d.json = json;
};
