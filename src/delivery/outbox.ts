import type { DeliveryStatus, WireFormat } from '../types.js';
import type { Config } from '../config.js';
import type { Env } from '../env.js';
import type { Response, Transport } from './transport.js';
import type { Entry, Queue } from './queue.js';
import type { Warn } from '../log.js';
import { BEACON_LIMIT, byteLength } from './transport.js';
import { judge, retryDelay } from './retry.js';
import { MIN_GAP_MS } from '../config.js';
import { each, keep } from '../pristine.js';
import { wireBody } from './body.js';

export type Report = (entries: readonly Entry[], status: DeliveryStatus, reason?: string, retryAt?: number) => void;

/**
 * When and how queued events leave: one request at a time, oldest first; on a full batch, a
 * timer, or at once for what must not wait; with backoff while the collector fails; by beacon
 * when the page hides. At most one request is in flight, and two start at least MIN_GAP_MS apart,
 * whatever the configuration: a page can never flood the collector.
 */
export const createOutbox = (env: Env, cfg: Config, queue: Queue, transport: Transport, report: Report, warn: Warn, waiting: () => boolean) => {
  const now = env.now;
  /** The batch whose answer is pending. */
  let sending: Entry[] = [];
  /** Cancels the pending timer; undefined when none is pending. */
  let timer: (() => void) | undefined;
  /** When the last request started. */
  let started = -Infinity;
  /** Consecutive failed attempts; 0 while the collector is healthy. */
  let failures = 0;
  /** Events per request; halved when the collector answers 413. */
  let limit = cfg.batchSize;
  /** Events the full queue dropped since the last delivered batch. */
  let dropped = 0;
  let waiters: ((empty: boolean) => void)[] = [];
  // Read when sending: a format given by name arrives after the outbox starts.
  const format = () => cfg.format as WireFormat | undefined;
  const url = () => format()?.url?.(cfg.endpoint) ?? cfg.endpoint;
  const headers = () => (format()?.headers || cfg.headers ? { ...format()?.headers, ...cfg.headers } : undefined);

  /**
   * A request body for the oldest entries not in flight (`all`: in flight too): at most `max` of
   * them, and at most `room` bytes (the browser's keepalive and beacon limit) unless a single
   * event is larger.
   */
  const batch = (max: number, room = BEACON_LIMIT, all = false): [Entry[], string, number] | undefined => {
    let list: Entry[] = [];
    let size = 0;
    for (const e of queue.entries) {
      if (!all && sending.includes(e)) continue;
      size += byteLength(e.json) + 1;
      if (list.length >= max || (list.length && size > room)) break;
      list.push(e);
    }
    // A pipeline's format may be larger than Waymark's own: halve until it fits.
    while (list.length) {
      let body: string;
      try {
        body = wireBody(list, format(), { sent_at: now(), dropped });
      } catch (e) {
        warn(`the wire format failed (${String(e)}): ${list.length} event(s) dropped`);
        done(list, 0, 'dropped', 'format failed');
        return batch(max, room, all);
      }
      if (list.length == 1 || byteLength(body) <= room) return [list, body, dropped];
      list = list.slice(0, list.length >> 1);
    }
  };
  const done = (list: Entry[], drops: number, status: DeliveryStatus, reason?: string) => {
    list = keep(list, (e) => !e.gone);
    queue.remove(list);
    dropped -= Math.min(dropped, drops);
    report(list, status, reason);
  };

  /**
   * Consent pending (`waiting`), offline, or the format named in the config has not arrived:
   * events wait in the queue.
   */
  const held = () => waiting() || env.navigator.onLine === false || typeof cfg.format == 'string';

  const idle = () => {
    if (sending.length || (timer && !failures)) return;
    each(waiters, (w) => w(!queue.entries.length));
    waiters = [];
  };

  /** When the pending timer fires: a burst of events re-arms no timer that is due sooner. */
  let due = 0;
  const schedule = (ms: number) => {
    if (timer && due <= now() + ms) return;
    timer?.();
    due = now() + ms;
    timer = env.later(send, ms);
  };

  const send = (): void => {
    timer?.();
    timer = undefined;
    const next = sending.length || held() || failures > cfg.maxRetries ? undefined : batch(limit);
    if (!next) return idle();
    // A clock set back since the last start (elapsed < 0) holds nothing back.
    const elapsed = now() - started;
    if (elapsed >= 0 && elapsed < MIN_GAP_MS) return schedule(MIN_GAP_MS - elapsed);
    started = now();
    let [list, body, drops] = next;
    sending = list;
    const wanted = () => list.some((e) => !e.gone);
    transport.post(url(), body, headers(), false, !format(), wanted).then(env.guard(({ status, retryAfter, rejected }: Response) => {
      sending = keep(sending, (e) => !list.includes(e));
      // Sent meanwhile by the leave beacon: nothing more to do for them.
      list = keep(list, (e) => !e.gone);
      if (!list.length) return queue.entries.length ? schedule(0) : idle();
      const verdict = judge(status);
      if (verdict == 'retry') {
        if (++failures > cfg.maxRetries) {
          warn(`collector unreachable after ${cfg.maxRetries} retries: events wait for the network, the tab or the next page`);
          report(list, 'retrying', 'paused until the network, the tab or the next page');
          return idle();
        }
        const wait = retryDelay(failures, cfg.maxRetryDelay, retryAfter);
        report(list, 'retrying', status ? 'HTTP ' + status : 'network error', now() + wait);
        timer?.();
        timer = undefined;
        schedule(wait);
        return idle();
      }
      if (verdict == 'split' && list.length > 1) limit = Math.ceil(list.length / 2);
      else if (verdict == 'done') {
        failures = 0;
        // The collector kept the batch but refused some of its events: only those are lost.
        for (const r of rejected ?? []) {
          const bad = keep(list, (e) => e.id == r.id);
          if (!bad.length) continue;
          warn(`collector rejected event ${r.id}: ${r.error}`, r.id);
          done(bad, 0, 'dropped', r.error);
        }
        done(list, drops, 'sent');
      } else {
        warn(`collector rejected ${list.length} event(s) with HTTP ${status}: dropped`);
        done(list, drops, 'dropped', 'HTTP ' + status);
      }
      queue.entries.length ? schedule(0) : idle();
    }));
  };

  return {
    /** A new entry is queued; `urgent` sends it now unless the collector is backing us off. */
    push(entry: Entry, urgent: boolean) {
      queue.push(entry);
      report([entry], 'queued', waiting() ? 'consent pending' : undefined);
      if (failures) return;
      // Half the beacon limit queued: send before leaving the page would need more than one beacon.
      if (urgent || queue.entries.length >= limit || queue.size > BEACON_LIMIT / 2) schedule(0);
      else if (!timer) schedule(cfg.flushInterval);
    },
    /** Send now, even during a backoff; resolves when the attempt settles: true if nothing is left. */
    flush: (): Promise<boolean> =>
      new Promise((resolve) => {
        waiters.push(resolve);
        failures = Math.min(failures, cfg.maxRetries);
        send();
      }),
    /**
     * The page hides and may never come back: hand what fits to the browser with `sendBeacon` (or
     * keepalive `fetch` when headers are set or the beacon is refused). The browser allows 64 KB
     * of beacons and keepalive requests in flight together, so one body goes; the rest stays in
     * storage for the next page or another tab. `unloading` (pagehide): the request under way is a
     * plain one that the browser cancels with the page, so its events go in the beacon too (the
     * collector drops a duplicate by id). Not while offline or while the collector fails: a
     * beacon's answer is never seen, so those events wait in storage instead of being lost.
     */
    leave(unloading: boolean) {
      if (held() || failures) return;
      const next = batch(1e9, BEACON_LIMIT, unloading);
      if (!next || byteLength(next[1]) > BEACON_LIMIT) return;
      const [list, body, drops] = next;
      if (!headers() && transport.beacon(url(), body)) return done(list, drops, 'sent', 'beacon');
      sending = sending.concat(list);
      transport.post(url(), body, headers(), true).then(
        env.guard(({ status }: Response) => {
          sending = keep(sending, (e) => !list.includes(e));
          if (judge(status) == 'done') done(list, drops, 'sent');
        }),
      );
    },
    /**
     * Back online or back in view (a fresh retry budget), or orphans adopted (`fresh` false:
     * respect a backoff).
     */
    resume(fresh: boolean) {
      if (fresh) failures = 0;
      if (!failures && !sending.length && queue.entries.length) schedule(0);
    },
    /** The queue dropped its oldest entries to stay within bounds. */
    lost(entries: Entry[]) {
      dropped += entries.length;
      report(entries, 'dropped', 'queue full');
    },
  };
};

export type Outbox = ReturnType<typeof createOutbox>;
