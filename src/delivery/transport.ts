import type { Browser } from '../env.js';

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
    const list = JSON.parse(text)?.rejected;
    const out: Rejected[] = [];
    if (Array.isArray(list)) for (const r of list) if (typeof r?.id == 'string') out.push({ id: r.id, error: String(r.error ?? 'rejected') });
    return out;
  } catch {
    return [];
  }
};

/** The ways out of the page; injectable so delivery logic is tested without a network. */
export interface Transport {
  /**
   * A request whose answer we wait for. Never rejects: a network error is status 0. `leaving`:
   * the page is being left, so the request must outlive it (`keepalive`).
   */
  post(url: string, body: string, headers?: Record<string, string>, leaving?: boolean): Promise<Response>;
  /** Fire and forget while the page is being left; true when the browser accepted the body. */
  beacon(url: string, body: string): boolean;
}

const utf8 = new TextEncoder();
export const byteLength = (s: string): number => utf8.encode(s).length;

/**
 * `fetch`, `text/plain` (the default for a string body: a simple request, no CORS preflight) and
 * without cookies. `keepalive` only while the page is being left: Chromium counts keepalive bodies
 * against one 64 KB budget per page and may not give it back while the page lives
 * (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch, "inflight keepalive bytes"), so a
 * long-lived page that sent every batch with it would stall.
 */
export const browserTransport = (browser: Browser): Transport => ({
  post: (url, body, headers, leaving) =>
    // A store's own fetch wrapper may throw synchronously: fold that into the promise.
    new Promise<globalThis.Response>((resolve) =>
      resolve(browser.fetch(url, { method: 'POST', body, headers, credentials: 'omit', keepalive: !!leaving })),
    )
      // A store's fetch wrapper may resolve to anything: whatever fails to read is a network error.
      .then(async (r) => {
        const answer: Response = { status: r.status, retryAfter: r.headers.get('retry-after') };
        if (r.status >= 200 && r.status < 300) answer.rejected = rejectedOf(await r.text().catch(() => ''));
        return answer;
      })
      .catch(() => ({ status: 0 })),
  beacon: (url, body) => {
    try {
      return browser.beacon(url, body);
    } catch {
      return false;
    }
  },
});
