import type { Stage } from './types.js';

/** Events whose loss would hurt most: sent at once instead of waiting for the batch. */
const URGENT = ['order_completed', 'order_refunded'];

/**
 * Queue: the event is told to listeners (the overlay, capture modules: to read, not to change;
 * its JSON is already written) and handed to the outbox, which holds it while consent is pending.
 */
export const queue: Stage = ({ event, json }, { config, bus, outbox }) => {
  if (config.debug) {
    console.groupCollapsed(`[waymark] ${event.type} · ${event.stage} · ${event.lifecycle}`);
    console.debug(event);
    console.groupEnd();
  }
  bus.emit('track', event);
  outbox.push({ id: event.id, json }, URGENT.includes(event.type));
};
