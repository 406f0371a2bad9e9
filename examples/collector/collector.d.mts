export interface WireBatch {
  v: 1;
  sent_at: number;
  dropped?: number;
  events: any[];
}

export interface CollectorOptions {
  /** 8787 by default; 0 picks a free port. */
  port?: number;
  /** 127.0.0.1 by default. */
  host?: string;
  /** SQLite file, `:memory:` by default. */
  db?: string;
  /** Shop origins allowed to send (CORS); `'*'` (the default) allows any. */
  origins?: string[] | '*';
  /** Largest body accepted, 1 MB by default. */
  maxBytes?: number;
  /** Requests per client: 120 at once, 20 a second after that. */
  rateLimit?: { burst: number; perSecond: number };
  /**
   * Take the client address from `X-Forwarded-For` when the peer is a trusted proxy: `true` trusts
   * loopback peers, or list the proxies' addresses. The rightmost untrusted address is the client.
   */
  trustProxy?: boolean | string[];
  /** The token readers send (`Authorization: Bearer …`); `WAYMARK_READ_TOKEN`, else a random one. */
  readToken?: string;
  /** Count automated events (crawlers, headless browsers) in the report and the map; `WAYMARK_INCLUDE_AUTOMATED=1`. */
  includeAutomated?: boolean;
  /** Print nothing. */
  quiet?: boolean;
  /** Where lines go, `console.log` by default. */
  log?: (line: string) => void;
}

export interface RunningCollector {
  url: string;
  port: number;
  /** The better-sqlite3 `Database`. */
  db: any;
  /** The token readers send: `Authorization: Bearer <readToken>`. */
  readToken: string;
  /** The request handler, for a shop server that hands its `/collect` to the collector in-process. */
  handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): Promise<void>;
  store: {
    recent(limit: number): any[];
    count(): number;
  };
  close(): Promise<void>;
}

export declare function startCollector(options?: CollectorOptions): Promise<RunningCollector>;
