import type { WaymarkConfig } from '../types.js';

/** Query and fragment parameters removed from URLs unless `stripParams` says otherwise. */
export const STRIP_PARAMS = 'token access_token auth code key api_key secret password pass pwd session sid otp email phone'.split(' ');

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

/** `url` without the query parameters named in `names` (lower case); otherwise unchanged. */
export const stripUrl = (url: string, names: string[]): string => {
  try {
    const u = new URL(url);
    const p = u.searchParams;
    const hits = [...p.keys()].filter((k) => names.includes(k.toLowerCase()));
    hits.forEach((k) => p.delete(k));
    return hits[0] ? u.href : url;
  } catch {
    return url;
  }
};

/** A copy of an event's data that is safe to write (`key`: the field it is the value of). */
export type Protect = <T>(value: T, key?: string) => T;

/**
 * What makes data safe to leave the browser (the wire and storage): a copy in which query
 * parameters named in `stripParams` are gone from URLs, e-mail addresses, phone and card numbers
 * are redacted (`redact`), and what JSON cannot carry is settled (BigInt as text; functions,
 * symbols, getters that throw and anything nested over 8 deep left out, which also cuts cycles).
 * Only strings that could hold personal data (an `@` or a digit) meet the patterns.
 */
export const createProtector = (config: WaymarkConfig): Protect => {
  const names = (Array.isArray(config.stripParams) ? config.stripParams : STRIP_PARAMS).map((n) => ('' + n).toLowerCase());
  const patterns = config.redact !== false;
  const text = (key: string, value: string) => {
    if (/(url|referrer)$/i.test(key) && value.includes('?')) value = stripUrl(value, names);
    return patterns && /[@\d]/.test(value) ? redactText(value, /(^|_)id$/.test(key)) : value;
  };
  const copy = (value: unknown, key: string, depth: number): unknown => {
    if (typeof value == 'string') return text(key, value);
    if (typeof value == 'bigint') return String(value);
    if (typeof value != 'object' || !value) return typeof value == 'function' || typeof value == 'symbol' ? undefined : value;
    if (depth > 8 || typeof (value as { toJSON?: unknown }).toJSON == 'function') return depth > 8 ? undefined : value;
    if (Array.isArray(value)) return value.map((v) => copy(v, key, depth + 1));
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value))
      try {
        out[k] = copy((value as Record<string, unknown>)[k], k, depth + 1);
      } catch {
        // A getter that throws: left out.
      }
    return out;
  };
  return (value, key = '') => copy(value, key, 0) as typeof value;
};
