import type { BusEvents } from './types';
import type { Bus } from './bus';

/** A warning about one event or about delivery; printed only in debug mode, always reported on the bus. */
export type Warn = (message: string, id?: string) => void;

const warned = new Set<string>();

export const createWarn =
  (debug: boolean | undefined, bus: Bus<BusEvents>): Warn =>
  (message, id) => {
    if (debug) console.warn('[waymark] ' + message);
    bus.emit('warn', { message, id });
  };

/** For conditions that would otherwise repeat on every call (storage full, say): warn the first time. */
export const warnOnce = (warn: Warn, message: string): void => {
  if (!warned.has(message)) {
    warned.add(message);
    warn(message);
  }
};
