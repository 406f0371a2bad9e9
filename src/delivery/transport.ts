/** Browsers refuse keepalive and beacon bodies beyond 64 KiB (all in flight together); stay under it. */
export const BEACON_LIMIT = 60_000;

export interface Response {
  status: number;
  retryAfter?: string | null;
}

/** The ways out of the page; injectable so delivery logic is tested without a network. */
export interface Transport {
  /** A request whose answer we wait for. Never rejects: a network error is status 0. */
  post(url: string, body: string, headers?: Record<string, string>): Promise<Response>;
  /** Fire and forget while the page hides; true when the browser accepted the body. */
  beacon(url: string, body: string): boolean;
}

const utf8 = new TextEncoder();
export const byteLength = (s: string): number => utf8.encode(s).length;

/**
 * `fetch` with `keepalive`, so a request under way survives the page it came from; `text/plain`
 * (the default for a string body) keeps it a simple request with no CORS preflight. No cookies go.
 */
export const browserTransport: Transport = {
  post: (url, body, headers) =>
    // A store's own fetch wrapper may throw synchronously: fold that into the promise.
    new Promise<globalThis.Response>((resolve) =>
      resolve(fetch(url, {
      method: 'POST',
      body,
      headers,
      credentials: 'omit',
      keepalive: byteLength(body) < BEACON_LIMIT,
    })),
    )
      // A store's fetch wrapper may resolve to anything: whatever fails to read is a network error.
      .then((r) => ({ status: r.status, retryAfter: r.headers.get('retry-after') }))
      .catch(() => ({ status: 0 })),
  beacon: (url, body) => {
    try {
      return navigator.sendBeacon(url, body);
    } catch {
      return false;
    }
  },
};
