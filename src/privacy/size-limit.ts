import type { Warn } from '../log.js';
import { byteLength } from '../delivery/transport.js';
import { serialize } from '../events/serialize.js';
import { isArray, parse } from '../pristine.js';

/** Bytes of JSON an event may take: a few fit in one beacon (64 KiB), and storage stays small. */
export const MAX_EVENT_BYTES = 32_768;
/** Characters a string keeps when an event is over the limit. */
export const MAX_STRING = 1000;

/**
 * `json` of an event, made to fit MAX_EVENT_BYTES. First every string longer than MAX_STRING is
 * cut (ending in `…`) and the names of those fields are added to `invalid`; if that is not enough,
 * `props` is emptied, `traits` left out and `invalid` is `['props']`. Null when even that does
 * not fit (only an event `beforeSend` replaced with something else can be that large).
 */
export const fitEvent = (json: string, warn: Warn): string | null => {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: most events need no encoding to be measured.
  const fits = (s: string) => s.length * 3 <= MAX_EVENT_BYTES || byteLength(s) <= MAX_EVENT_BYTES;
  if (fits(json)) return json;
  const cut = new Set<string>();
  // A reviver defines properties (never assigns them), so a `__proto__` key stays a plain key.
  const event = parse(json, (key, v) => (typeof v == 'string' && v.length > MAX_STRING ? (cut.add(key), v.slice(0, MAX_STRING) + '…') : v));
  const id = event.id;
  event.invalid = [...(isArray(event.invalid) ? event.invalid : []), ...cut];
  json = serialize(event);
  if (!fits(json)) {
    event.props = {};
    event.invalid = ['props'];
    delete event.traits;
    json = serialize(event);
  }
  warn(`event over ${MAX_EVENT_BYTES} bytes: cut (${event.invalid})`, id);
  return fits(json) ? json : null;
};
