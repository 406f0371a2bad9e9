import type { Consent, Plugin, UrlPattern, WaymarkConfig, WaymarkEvent, WireFormat } from './types.js';
import { show } from './events/validate.js';

/**
 * Numeric options: [default, lowest, highest]. A value outside the range is clamped to it; one
 * that is not a finite number falls back to the default. Together with the outbox's pace (at
 * most one request in flight, at least MIN_GAP_MS between two), no setting can make Waymark send
 * more than a few requests a second.
 */
export const RANGES = {
  batchSize: [20, 1, 500],
  flushInterval: [1000, 1, 60_000],
  maxQueueEvents: [1000, 1, 10_000],
  maxQueueBytes: [1_000_000, 1000, 5_000_000],
  maxRetries: [10, 0, 100],
  maxRetryDelay: [60_000, 1000, 3_600_000],
  sessionMinutes: [30, 1, 1440],
} as const;

/** The shortest time between the starts of two requests: at most 5 a second. */
export const MIN_GAP_MS = 200;

type Numbers = { -readonly [K in keyof typeof RANGES]: number };

/** Configuration as the instance uses it: read once, every value checked. */
export interface Config extends Numbers {
  endpoint: string;
  debug: boolean;
  trackPages: boolean;
  overlay: boolean;
  redact: boolean;
  respectPrivacySignals: boolean;
  storage: 'local' | 'session' | 'none';
  consent: Consent;
  domains: string[];
  stripParams?: string[];
  pageTypes: Record<string, UrlPattern | UrlPattern[]>;
  headers?: Record<string, string>;
  /** A name until the format file of that name registers: delivery waits for it. */
  format?: WireFormat | string;
  beforeSend?: (event: WaymarkEvent) => WaymarkEvent | null | undefined;
  plugins: Plugin[];
}

const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s == 'string');

/**
 * The one place configuration is read. Each option is read once (a getter that throws costs that
 * option, not the instance); a wrong value warns and its default is used instead.
 */
export const readConfig = (input: WaymarkConfig, warn: (message: string) => void): Config => {
  const given: Record<string, unknown> = {};
  for (const key of Object.keys(input ?? {}))
    try {
      given[key] = (input as unknown as Record<string, unknown>)[key];
    } catch {
      warn(`config.${key} could not be read: its default is used`);
    }
  /** `given[key]` when `ok` says it is right, else the default (with a warning if one was given). */
  const pick = <T>(key: string, ok: (v: unknown) => boolean, fallback: T, expected: string): T => {
    const v = given[key];
    if (v === undefined) return fallback;
    if (ok(v)) return v as T;
    warn(`config.${key} should be ${expected}, got ${show(v)}: using ${show(fallback)}`);
    return fallback;
  };
  const flag = (key: string, fallback: boolean) => pick(key, (v) => typeof v == 'boolean', fallback, 'true or false');
  const numbers = {} as Numbers;
  for (const [key, [fallback, low, high]] of Object.entries(RANGES) as [keyof Numbers, readonly number[]][]) {
    const v = pick(key, (v) => typeof v == 'number' && v == v, fallback!, 'a number');
    numbers[key] = Math.min(high!, Math.max(low!, v));
    if (numbers[key] != v) warn(`config.${key} should be between ${low} and ${high}, got ${show(v)}: using ${numbers[key]}`);
  }
  const format = pick<WireFormat | string | undefined>('format', (v) => typeof v == 'string' || typeof (v as WireFormat)?.body == 'function', undefined, 'a wire format');
  const headers = pick<Record<string, string> | undefined>(
    'headers',
    (v) => !!v && typeof v == 'object' && Object.values(v).every((h) => typeof h == 'string'),
    undefined,
    'an object of strings',
  );
  return {
    ...numbers,
    endpoint: pick('endpoint', (v) => typeof v == 'string' && !!v, '', 'a URL'),
    debug: flag('debug', false),
    trackPages: flag('trackPages', true),
    overlay: flag('overlay', false),
    redact: flag('redact', true),
    respectPrivacySignals: flag('respectPrivacySignals', true),
    storage: pick('storage', (v) => v == 'local' || v == 'session' || v == 'none', 'local', "'local', 'session' or 'none'"),
    // Not knowing what the shopper said is no consent: an invalid value waits for an answer.
    consent: pick('consent', (v) => v == 'granted' || v == 'pending' || v == 'denied', given.consent === undefined ? 'granted' : 'pending', "'granted', 'pending' or 'denied'"),
    domains: pick('domains', strings, [], 'a list of host names'),
    stripParams: pick('stripParams', strings, undefined, 'a list of parameter names'),
    pageTypes: pick('pageTypes', (v) => !!v && typeof v == 'object' && !Array.isArray(v), {}, 'an object of URL patterns'),
    headers,
    format,
    beforeSend: pick('beforeSend', (v) => typeof v == 'function', undefined, 'a function'),
    plugins: pick('plugins', (v) => Array.isArray(v), [], 'a list of plugins'),
  };
};
