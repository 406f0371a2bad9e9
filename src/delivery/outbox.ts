import type { DeliveryStatus } from '../types';
import type { Transport } from './transport';
import type { Entry, Queue } from './queue';
import type { Warn } from '../log';
import { BEACON_LIMIT, byteLength } from './transport';
import { judge, retryDelay } from './retry';
import { now } from '../env';

export interface OutboxConfig {
  endpoint: string;
  headers?: Record<string, string>;
  batchSize: number;
  flushInterval: number;
  maxRetries: number;
  maxRetryDelay: number;
}

export type Report = (entries: readonly Entry[], status: DeliveryStatus, reason?: string, retryAt?: number) => void;

/**
 * When and how queued events leave: one request at a time, in order; on a size or a timer; at once
 * for what must not wait; with backoff while the collector fails; by beacon when the page hides.
 */
export const createOutbox = (cfg: OutboxConfig, queue: Queue, transport: Transport, report: Report, warn: Warn) => {
  /** Ids of entries in a request whose answer is pending. */
  const busy = new Set<string>();
  let sending = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Consecutive failed attempts; 0 while the collector is healthy. */
  let failures = 0;
  /** Events per request; halved when the collector answers 413. */
  let limit = cfg.batchSize;
  /** Events the full queue dropped since the last delivered batch. */
  let dropped = 0;
  let waiters: ((empty: boolean) => void)[] = [];

  const envelope = (batch: Entry[]) =>
    '{"v":1,"sent_at":' + now() + (dropped ? ',"dropped":' + dropped : '') + ',"events":[' + batch.map((e) => e.json).join(',') + ']}';

  /** The oldest entries not in flight, at most `max` of them and under the beacon limit together. */
  const take = (max: number): Entry[] => {
    const batch: Entry[] = [];
    let size = 80;
    for (const e of queue.entries) {
      if (busy.has(e.id)) continue;
      const n = byteLength(e.json) + 1;
      if (batch.length >= max || (batch.length && size + n > BEACON_LIMIT)) break;
      batch.push(e);
      size += n;
    }
    return batch;
  };

  const track = (batch: Entry[], on: boolean) => batch.forEach((e) => (on ? busy.add(e.id) : busy.delete(e.id)));

  const settle = () => {
    if (sending || (timer && !failures)) return;
    const empty = !queue.entries.length;
    waiters.forEach((w) => w(empty));
    waiters = [];
  };

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(send, ms);
  };

  const delivered = (batch: Entry[], reportedDrops: number) => {
    queue.remove(batch);
    dropped = Math.max(0, dropped - reportedDrops);
  };

  const send = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const batch = sending || navigator.onLine === false || failures > cfg.maxRetries ? [] : take(limit);
    if (!batch.length) return settle();
    sending = true;
    track(batch, true);
    const drops = dropped;
    transport.post(cfg.endpoint, envelope(batch), cfg.headers).then(({ status, retryAfter }) => {
      sending = false;
      track(batch, false);
      const verdict = judge(status);
      if (verdict == 'done') {
        failures = 0;
        delivered(batch, drops);
        report(batch, 'sent');
      } else if (verdict == 'split' && batch.length > 1) {
        limit = Math.ceil(batch.length / 2);
      } else if (verdict == 'retry') {
        failures++;
        if (failures > cfg.maxRetries) {
          warn(`collector unreachable after ${cfg.maxRetries} retries: events stay queued for the next page load`);
          report(batch, 'retrying', 'gave up for this page');
          return settle();
        }
        const wait = retryDelay(failures, cfg.maxRetryDelay, retryAfter);
        report(batch, 'retrying', status ? 'HTTP ' + status : 'network error', now() + wait);
        schedule(wait);
        return settle();
      } else {
        const reason = `rejected by the collector (HTTP ${status})`;
        warn(`${batch.length} event(s) ${reason}: dropped`);
        delivered(batch, drops);
        report(batch, 'dropped', reason);
      }
      queue.entries.length ? schedule(0) : settle();
    });
  };

  return {
    /** A new entry is queued; `urgent` sends it now unless the collector is backing us off. */
    push(entry: Entry, urgent: boolean) {
      queue.push(entry);
      report([entry], 'queued');
      if (failures) return;
      if (urgent || queue.entries.length >= limit) schedule(0);
      else if (!timer) schedule(cfg.flushInterval);
    },
    /** Send now, even during a backoff; resolves when the attempt settles: true if nothing is left. */
    flush(): Promise<boolean> {
      return new Promise((resolve) => {
        waiters.push(resolve);
        if (failures > cfg.maxRetries) failures = cfg.maxRetries;
        send();
      });
    },
    /**
     * The page hides and may never come back: hand everything to the browser with `sendBeacon`
     * (or keepalive `fetch` when headers are set or the beacon is refused). Not while offline or
     * while the collector is failing: a beacon's answer is never seen, so those events wait in
     * storage for the next page instead of being lost.
     */
    leave() {
      queue.save();
      if (navigator.onLine === false || failures) return;
      for (let batch = take(Infinity); batch.length; batch = take(Infinity)) {
        const drops = dropped;
        const body = envelope(batch);
        if (!cfg.headers && transport.beacon(cfg.endpoint, body)) {
          delivered(batch, drops);
          report(batch, 'sent', 'beacon');
          continue;
        }
        track(batch, true);
        transport.post(cfg.endpoint, body, cfg.headers).then(({ status }) => {
          track(batch, false);
          if (judge(status) == 'done') {
            delivered(batch, drops);
            report(batch, 'sent');
          }
        });
      }
      queue.save();
    },
    /** Back online (a fresh retry budget), or orphans adopted (`fresh` false: respect a backoff). */
    resume(fresh: boolean) {
      if (fresh) failures = 0;
      if (!failures && !sending) schedule(0);
    },
    /** The queue dropped its oldest entries to stay within bounds. */
    lost(entries: Entry[]) {
      dropped += entries.length;
      report(entries, 'dropped', 'queue full');
    },
  };
};

export type Outbox = ReturnType<typeof createOutbox>;
