/** The repository root. */
export declare const ROOT: string;

/** What the collector answers to one request. */
export interface Reply {
  /** HTTP status, 200 by default. */
  status?: number;
  /** Extra response headers (e.g. `Retry-After`). */
  headers?: Record<string, string>;
  /** Milliseconds to wait before answering. */
  delay?: number;
  /** Drop the connection without an answer (a network error). */
  destroy?: boolean;
}

/** One request that reached `POST /collect`, whatever the answer. */
export interface Attempt {
  index: number;
  /** Arrival, `Date.now()` on the server. */
  at: number;
  origin?: string;
  contentType?: string;
  /** `Sec-Fetch-Mode`: `no-cors` for `sendBeacon` with a text body, `cors` for `fetch`. */
  mode?: string;
  /** Size of the body as it arrived. */
  bytes: number;
  /** Whether the body was gzip-compressed. */
  gzip: boolean;
  /** The parsed JSON body, decompressed (null if it did not parse). */
  body: any;
  /** `body.events`, with the batch's `shared` fields put back as the reference collector does, or `[]`. */
  events: any[];
  /** What the collector answered (0: connection dropped). */
  status: number;
}

/** Decides the answer to one request; `elapsed` is ms since the collector was created or reset. */
export type Responder = (request: { index: number; at: number; elapsed: number; body: any; events: any[] }) => Reply | number | void;

/** A collector that records what it receives (2xx answers count as received) and answers as programmed. */
export declare class Collector {
  /** Forget everything received and answer 200 again. */
  reset(): void;
  /** Program the answers; `null` restores 200. */
  respond(fn: Responder | null): this;
  /** Answer `status` (503 by default) for the next `ms` milliseconds, then 200. */
  failFor(ms: number, status?: number, headers?: Record<string, string>): this;
  /** Answer `status` (503 by default) to every request until told otherwise. */
  down(status?: number): this;
  /** Answer 200 to everything. */
  up(): this;
  /** Every request, in arrival order, with the answer it got. */
  attempts(): Attempt[];
  /** Accepted (2xx) batches, in arrival order. */
  batches(): Attempt[];
  /** Events of accepted batches, in arrival order, duplicates included. */
  events(): any[];
  /** Accepted events, first copy of each id, in arrival order. */
  unique(): any[];
  /** How many accepted events repeated an id already accepted. */
  duplicates(): number;
  /** One line for failure messages: each request as `+ms:status×events`, and the totals. */
  summary(): string;
  /** Resolve once `predicate(collector)` is true; reject after `timeout` ms. */
  waitFor(predicate: (c: Collector) => boolean, timeout?: number, message?: string): Promise<void>;
  /** Resolve once the unique accepted events that pass `filter` number at least `count`. */
  waitForUnique(count: number, filter?: (event: any) => boolean, timeout?: number): Promise<void>;
}

/** The running server: two origins on 127.0.0.1, static files and the collector. */
export interface TestServer {
  /** Main origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** A second origin served by the same handler (other port). */
  crossUrl: string;
  /** The collector at `POST /collect` on both origins. */
  collector: Collector;
  /** Extra response headers for a static path (exact, or a prefix ending in `*`), e.g. a CSP. */
  setHeaders(urlPath: string, headers: Record<string, string>): void;
  /** Serve `html` at `urlPath` (a page made up by a test). */
  page(urlPath: string, html: string, headers?: Record<string, string>): void;
  /** Stop both listeners and drop open connections. */
  close(): Promise<void>;
}

/** Start the server: `/dist/`, `/examples/`, `/schema/`, `/test/browser/fixtures/`, `/waymark.js`, `POST /collect`. */
export declare function startServer(options?: { root?: string }): Promise<TestServer>;
