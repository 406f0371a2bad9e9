import type { WaymarkEvent, WireFormat } from '../types.js';
import type { Entry } from './queue.js';
import { each, keys, parse } from '../pristine.js';
import { quote, serialize } from '../events/serialize.js';

const own = {}.hasOwnProperty;

/**
 * The request body for queued entries: in the store's wire `format` if it has one, else in
 * Waymark's own (schema/wire.json). Loops, not `map`: a page may have patched the array methods.
 */
export const wireBody = (list: readonly Entry[], format: WireFormat | undefined, batch: { sent_at: number; dropped: number }): string => {
  const events: WaymarkEvent[] = [];
  for (let i = 0; i < list.length; i++) events[i] = parse(list[i]!.json);
  if (format) return format.body(events, { ...batch, json: (v) => serialize(v) });
  return `{"v":1,"sent_at":${batch.sent_at}${batch.dropped ? ',"dropped":' + batch.dropped : ''}${factored(events)}}`;
};

/**
 * The events, saying once what all of them say alike (page, touch, visitor, session…): a field
 * with the same JSON in every event goes to `shared` and out of each event; the collector puts
 * it back (schema/wire.json).
 */
const factored = (list: any[]) => {
  let shared = '';
  let out = '';
  if (list.length > 1)
    each(keys(list[0]!), (k) => {
      const json = serialize(list[0]![k]);
      for (const e of list) if (!own.call(e, k) || serialize(e[k]) != json) return;
      shared += (shared ? ',' : ',"shared":{') + quote(k) + ':' + json;
      for (const e of list) delete e[k];
    });
  for (let i = 0; i < list.length; i++) out += (i ? ',' : '') + serialize(list[i]);
  return (shared && shared + '}') + ',"events":[' + out + ']';
};
