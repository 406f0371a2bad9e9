/**
 * A third-party pipeline's collector for end-to-end tests of the wire formats: its own origin on
 * 127.0.0.1, answering `POST` on any path (Segment's `/v1/batch`, Snowplow's
 * `/com.snowplowanalytics.snowplow/tp2`) with CORS preflights allowed for any header. It is the
 * shared {@link Collector} (programmable answers, waiting), reading events from the format's body
 * (`batch` or `data`) and telling them apart by `messageId` or `eid`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Collector } from './server';

/** What else a pipeline test checks about one request, by its index among all requests. */
export interface RequestInfo {
  path: string;
  authorization?: string;
}

export class PipelineCollector extends Collector {
  requests: RequestInfo[] = [];

  override reset(): void {
    super.reset();
    this.requests = [];
  }

  /** Events of accepted requests, in arrival order, duplicates included. */
  override events(): any[] {
    return this.batches().flatMap((b) => b.body?.batch ?? b.body?.data ?? []);
  }

  /** Accepted events, first copy of each id, in arrival order. */
  override unique(): any[] {
    const seen = new Set();
    return this.events().filter((e) => {
      const id = e?.messageId ?? e?.eid;
      return !seen.has(id) && seen.add(id);
    });
  }
}

export interface Pipeline {
  /** Origin of the pipeline, e.g. `http://127.0.0.1:41235`. */
  url: string;
  collector: PipelineCollector;
  close(): Promise<void>;
}

/** Start a pipeline collector on its own port. */
export const startPipeline = async (): Promise<Pipeline> => {
  const collector = new PipelineCollector();
  const server = http.createServer(async (req, res) => {
    const cors = {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? 'Content-Type'),
      'Access-Control-Expose-Headers': 'Retry-After',
      Vary: 'Origin',
    };
    if (req.method == 'OPTIONS') {
      res.writeHead(204, cors);
      return res.end();
    }
    if (req.method != 'POST') {
      res.writeHead(405, cors);
      return res.end();
    }
    collector.requests.push({ path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname, authorization: req.headers.authorization });
    // The shared collector's request handler records the attempt and answers as programmed.
    await (collector as any)._handle(req, res, cors);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    collector,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
