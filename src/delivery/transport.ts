import type { Browser } from '../env.js';
import { isArray, native, parse } from '../pristine.js';

/** Browsers refuse keepalive and beacon bodies beyond 64 KiB (all in flight together); stay under it. */
export const BEACON_LIMIT = 60_000;

export interface Response {
  status: number;
  retryAfter?: string | null;
  /** Events of an accepted batch that the collector refused one by one, with its reason. */
  rejected?: Rejected[];
}

/** A per-event verdict: the collector stored the rest of the batch, not this one. */
export interface Rejected {
  id: string;
  error: string;
}

/** The `rejected` list of a collector's 2xx answer (`{ "rejected": [{ "id", "error" }] }`), read defensively. */
export const rejectedOf = (text: string): Rejected[] => {
  try {
    const list = parse(text)?.rejected;
    const out: Rejected[] = [];
    if (isArray(list)) for (const r of list) if (typeof r?.id == 'string') out.push({ id: r.id, error: String(r.error ?? 'rejected') });
    return out;
  } catch {
    return [];
  }
};

/** The ways out of the page; injectable so delivery logic is tested without a network. */
export interface Transport {
  /**
   * A request whose answer we wait for. Never rejects: a network error is status 0. `leaving`:
   * the page is being left, so the request must outlive it (`keepalive`). `gzip`: the body may
   * be compressed (Waymark's own format: its collector reads either). `wanted`: asked once the
   * body is compressed; false (the leave beacon carried its events meanwhile) sends nothing and
   * answers status 0.
   */
  post(url: string, body: string, headers?: Record<string, string>, leaving?: boolean, gzip?: boolean, wanted?: () => boolean): Promise<Response>;
  /** Fire and forget while the page is being left; true when the browser accepted the body. */
  beacon(url: string, body: string): boolean;
}

const utf8 = new TextEncoder();
export const byteLength = (s: string): number => utf8.encode(s).length;

/** A request unanswered this long is a network error (a page's fetch wrapper may never settle). */
export const FETCH_TIMEOUT = 30_000;

/** What a store's fetch wrapper answered, if it is a Response at all. */
const isResponse = (r: any): r is globalThis.Response => !!r && typeof r.status == 'number' && typeof r.headers?.get == 'function';

/**
 * `fetch`, `text/plain` (the default for a string body: a simple request, no CORS preflight) and
 * without cookies. `keepalive` only while the page is being left: Chromium counts keepalive bodies
 * against one 64 KB budget per page and may not give it back while the page lives
 * (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch, "inflight keepalive bytes"), so a
 * long-lived page that sent every batch with it would stall.
 *
 * A network error (or no answer in FETCH_TIMEOUT) is status 0: the events stay and are retried.
 * A page's `fetch` that is broken (it throws at once, resolves to something that is not a
 * Response, or ignores the abort after the timeout) gets the body to `sendBeacon` instead, when
 * no headers are needed: its answer is never seen, so an accepted beacon counts as delivered.
 * `live`: false once the instance is destroyed, when a late timeout sends nothing.
 *
 * `gzip`: compressed with the browser's own `CompressionStream` where there is one. No
 * `Content-Encoding` header says so (it is not CORS-safelisted: it would cost a preflight); the
 * body stays `text/plain` and the collector knows gzip by its first two bytes, 1f 8b, which JSON
 * text never starts with. Should compressing fail, the body goes as it is.
 */
export const browserTransport = (browser: Browser, live = () => true): Transport => {
  // Taken when Waymark starts, as the other built-ins it relies on are. Only the browser's own
  // CompressionStream: a page's polyfill whose stream never ends would hold delivery forever.
  const { Response: Answer } = browser.window as any;
  const CompressionStream = native((browser.window as any).CompressionStream);
  const beacon = (url: string, body: string) => {
    try {
      return browser.beacon(url, body);
    } catch {
      return false;
    }
  };
  const send = (url: string, body: string, headers?: Record<string, string>, leaving?: boolean, data: BodyInit = body) =>
    new Promise<Response>((resolve) => {
      const fallback = () => resolve({ status: !headers && beacon(url, body) ? 202 : 0 });
      const abort = new AbortController();
      let settled = false;
      const timer = browser.setTimeout(() => {
        abort.abort();
        // A real fetch rejects at once when aborted; one that is still pending a task later never will.
        browser.setTimeout(() => settled || (live() ? fallback() : resolve({ status: 0 })), 0);
      }, FETCH_TIMEOUT);
      let answer: Promise<unknown>;
      try {
        // Compressed bytes say their type themselves: `text/plain` is CORS-safelisted, no preflight.
        const sent = data === body ? headers : { 'content-type': 'text/plain', ...headers };
        answer = browser.fetch(url, { method: 'POST', body: data, headers: sent, credentials: 'omit', keepalive: !!leaving, signal: abort.signal });
      } catch {
        // A store's own fetch wrapper threw synchronously.
        browser.clearTimeout(timer);
        return fallback();
      }
      Promise.resolve(answer)
        .then(
          async (r) => {
            settled = true;
            if (!isResponse(r)) return fallback();
            const out: Response = { status: r.status, retryAfter: r.headers.get('retry-after') };
            if (r.status >= 200 && r.status < 300) out.rejected = rejectedOf(await r.text().catch(() => ''));
            resolve(out);
          },
          () => ((settled = true), resolve({ status: 0 })),
        )
        // Whatever fails to read is a network error.
        .catch(() => resolve({ status: 0 }))
        .finally(() => browser.clearTimeout(timer));
    });
  return {
    post: (url, body, headers, leaving, gzip, wanted = () => true) =>
      gzip && CompressionStream
        ? Promise.resolve()
            // Streams in and an ArrayBuffer out: a Blob on either side costs the page a millisecond or more.
            .then(() => new Answer(new Answer(body).body.pipeThrough(new CompressionStream('gzip'))).arrayBuffer())
            // Compressing takes a while: a page left meanwhile has sent these events by beacon.
            .then(
              (gz: ArrayBuffer) => (wanted() ? send(url, body, headers, leaving, gz) : { status: 0 }),
              () => (wanted() ? send(url, body, headers, leaving) : { status: 0 }),
            )
        : send(url, body, headers, leaving),
    beacon,
  };
};
