import type { WaymarkConfig } from '../types.js';
import { each, isArray, keys } from '../pristine.js';
import { MAX_EVENT_BYTES, MAX_STRING } from './size-limit.js';

/** Query and fragment parameters removed from URLs unless `stripParams` says otherwise (README quotes this list). */
export const STRIP_PARAMS =
  'token access_token id_token refresh_token auth code key api_key apikey secret password pass pwd session sessionid sid otp signature sig email mail phone tel'.split(
    ' ',
  );

/**
 * One pass finds all three kinds. Each part is bounded, so a long hostile string costs linear time:
 * 1. an e-mail address, also URL-encoded (`%40`); not an image name like `mug@2x.png`;
 * 2. a phone number written the international way (`+` or `%2B`, 8 to 15 digits) or in 3-3-4 groups;
 * 3. a card-like number: 13 to 19 digits, spaces or dashes between, starting 2-6 (the card networks'
 *    ranges, which keeps millisecond timestamps out), kept unless it passes the Luhn check.
 */
const PII =
  /([\w.%+-]{1,64}(?:@|%40)[a-z\d-]{1,63}(?:\.[a-z\d-]{1,63}){0,8}\.(?!(?:png|jpe?g|gif|webp|avif|svg)\b)[a-z]{2,24})|((?:\+|%2B)\d(?:[ ().-]{0,2}\d){7,14}|\(?\b\d{3}\)?[ .-]?\d{3}[ .-]\d{4}\b)|\b[2-6](?:[ -]?\d){12,18}\b/gi;

/** Luhn checksum of the digits of `s` (https://en.wikipedia.org/wiki/Luhn_algorithm). */
export const luhn = (s: string): boolean =>
  [...s.replace(/\D/g, '')].reverse().reduce((sum, d, i) => sum + (i % 2 ? '0246813579'.charCodeAt(+d) - 48 : +d), 0) % 10 == 0;

/** `text` with e-mail addresses, and unless `id` phone and card numbers, replaced. */
export const redactText = (text: string, id?: boolean): string =>
  text.replace(PII, (m, email, phone) => (email ? '[email]' : id ? m : phone ? '[phone]' : luhn(m) ? '[card]' : m));

/**
 * `url` without the parameters named in `names` (lower case), in its query and in its fragment
 * (`#access_token=…`, `#/route?token=…`: sign-in flows put tokens there), and with personal data
 * in the remaining values redacted after URL-decoding (`?c=4111+1111+1111+1111`). Otherwise
 * unchanged.
 */
export const cleanUrl = (url: string, names: string[], redact: boolean): string => {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  let changed = false;
  const scrub = (params: URLSearchParams) => {
    for (const [k, v] of [...params])
      if (names.includes(k.toLowerCase())) params.delete(k), (changed = true);
      else if (redact && /[@\d]/.test(v) && redactText(v) != v) params.set(k, redactText(v)), (changed = true);
    return params;
  };
  scrub(u.searchParams);
  const hash = u.hash.slice(1);
  if (hash.includes('=')) {
    const at = hash.indexOf('?') + 1;
    const rest = scrub(new URLSearchParams(hash.slice(at)));
    if (changed) u.hash = hash.slice(0, at) + rest;
  }
  return changed ? u.href : url;
};

/** A number that reads as a card number (13 to 19 digits, a card network's first digit, Luhn). */
const cardNumber = (n: number): boolean => Number.isInteger(n) && n >= 1e12 && /^[2-6]\d{12,18}$/.test(String(n)) && luhn(String(n));

/** A copy of an event's data that is safe to write (`key`: the field it is the value of). */
export type Protect = <T>(value: T, key?: string) => T;

/**
 * What makes data safe to leave the browser (the wire and storage): a copy in which query
 * parameters named in `stripParams` are gone from URLs, e-mail addresses, phone and card numbers
 * are redacted (`redact`), and what JSON cannot carry is settled (BigInt as text; functions,
 * symbols, getters that throw and anything nested over 8 deep left out, which also cuts cycles).
 * Only strings that could hold personal data (an `@` or a digit) meet the patterns, and only as
 * much of them as an event can carry: the work per call is bounded whatever the store passes in.
 */
export const createProtector = (config: Pick<WaymarkConfig, 'stripParams' | 'redact'>): Protect => {
  const names = each(config.stripParams ?? STRIP_PARAMS, (n) => n.toLowerCase());
  const patterns = config.redact !== false;
  /** Characters of strings this copy may still keep whole. */
  let room = 0;
  const text = (key: string, value: string) => {
    // Longer than an event may be, a string is cut to MAX_STRING by fitEvent anyway; and once this
    // copy's strings are over that size together, so is every later one. Cut first (with room for a
    // match across the cut, and still over MAX_STRING so that fitEvent cuts and names it), so the
    // patterns never meet megabytes: a 5 MB string used to block the page for over a second.
    const max = room > 0 ? MAX_EVENT_BYTES + 1 : MAX_STRING + 99;
    if (value.length > max) value = value.slice(0, max);
    if (/(url|referrer)$/i.test(key) && /[?#]/.test(value)) value = cleanUrl(value, names, patterns);
    if (patterns && /[@\d]/.test(value)) value = redactText(value, /(^|_)id(_value)?$/.test(key));
    room -= value.length;
    return value;
  };
  // Loops, not `map`: a page may have patched the array methods.
  const copy = (value: unknown, key: string, depth: number): unknown => {
    if (typeof value == 'string') return text(key, value);
    // A card number given as a number (`data-waymark-card="4111111111111111"` becomes one).
    if (typeof value == 'number') return patterns && cardNumber(value) && !/(^|_)id(_value)?$/.test(key) ? '[card]' : value;
    if (typeof value == 'bigint') return String(value);
    if (typeof value != 'object' || !value) return typeof value == 'function' || typeof value == 'symbol' ? undefined : value;
    if (depth > 8 || typeof (value as { toJSON?: unknown }).toJSON == 'function') return depth > 8 ? undefined : value;
    if (isArray(value)) {
      const out: unknown[] = [];
      for (let i = 0, n = value.length; i < n; i++) out[i] = read(value, i, key, depth);
      return out;
    }
    const out: Record<string, unknown> = {};
    const list = keys(value);
    for (let i = 0; i < list.length; i++) out[list[i]!] = read(value, list[i]!, list[i]!, depth);
    return out;
  };
  /** One field of the copy; a getter or proxy trap that throws leaves it out. */
  const read = (from: any, at: string | number, key: string, depth: number): unknown => {
    try {
      return copy(from[at], key, depth + 1);
    } catch {
      return undefined;
    }
  };
  return (value, key = '') => {
    room = MAX_EVENT_BYTES;
    try {
      return copy(value, key, 0) as typeof value;
    } catch {
      // A hostile proxy as the whole value: nothing of it can be read.
      return (typeof value == 'object' && value ? {} : undefined) as typeof value;
    }
  };
};
