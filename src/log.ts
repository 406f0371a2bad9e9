import type { BusEvents } from './types.js';
import type { Bus } from './bus.js';

/** A warning about one event or about delivery; printed only in debug mode, always reported on the bus. */
export type Warn = (message: string, id?: string) => void;

export const createWarn =
  (debug: () => boolean, bus: Bus<BusEvents>): Warn =>
  (message, id) => {
    if (debug()) console.warn('[waymark] ' + message);
    bus.emit('warn', { message, id });
  };
