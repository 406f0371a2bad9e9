import type { DeliveryStatus } from '../types.js';
import type { Settings } from '../waymark.js';
import type { Transport } from './transport.js';
import type { Entry, Queue } from './queue.js';
import type { Warn } from '../log.js';
import { BEACON_LIMIT, byteLength } from './transport.js';
import { judge, retryDelay } from './retry.js';
import { now } from '../env.js';


export type Report = (entries: readonly Entry[], status: DeliveryStatus, reason?: string, retryAt?: number) => void;

/**
 * When and how queued events leave: one request at a time, oldest first; on a full batch, a
 * timer, or at once for what must not wait; with backoff while the collector fails; by beacon
 * when the page hides.
 */
export const createOutbox = (cfg: Settings, queue: Queue, transport: Transport, report: Report, warn: Warn) => {
  /** The batch whose answer is pending. */
  let sending: Entry[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Consecutive failed attempts; 0 while the collector is healthy. */
  let failures = 0;
  /** Events per request; halved when the collector answers 413. */
  let limit = cfg.batchSize;
  /** Events the full queue dropped since the last delivered batch. */
  let dropped = 0;
  let waiters: ((empty: boolean) => void)[] = [];
  const url = cfg.format?.url?.(cfg.endpoint) ?? cfg.endpoint;
  const headers = cfg.format?.headers || cfg.headers ? { ...cfg.format?.headers, ...cfg.headers } : undefined;

  /**
   * A request body for the oldest entries not in flight: at most `max` of them, and at most
   * `room` bytes (the browser's keepalive and beacon limit) unless a single event is larger.
   */
  const batch = (max: number, room = BEACON_LIMIT): [Entry[], string, number] | undefined => {
    let list: Entry[] = [];
    let size = 0;
    for (const e of queue.entries) {
      if (sending.includes(e)) continue;
      size += byteLength(e.json) + 1;
      if (list.length >= max || (list.length && size > room)) break;
      list.push(e);
    }
    // A pipeline's format may be larger than Waymark's own: halve until it fits.
    while (list.length) {
      let body: string;
      try {
        body = envelope(list);
      } catch (e) {
        warn(`the wire format failed (${String(e)}): ${list.length} event(s) dropped`);
        done(list, 0, 'dropped', 'format failed');
        return batch(max, room);
      }
      if (list.length == 1 || byteLength(body) <= room) return [list, body, dropped];
      list = list.slice(0, list.length >> 1);
    }
  };
  const envelope = (list: Entry[]): string =>
    cfg.format
      ? cfg.format.body(
          list.map((e) => JSON.parse(e.json)),
          { sent_at: now(), dropped },
        )
      : `{"v":1,"sent_at":${now()}${dropped ? ',"dropped":' + dropped : ''},"events":[${list.map((e) => e.json).join()}]}`;

  const done = (list: Entry[], drops: number, status: DeliveryStatus, reason?: string) => {
    queue.remove(list);
    dropped -= Math.min(dropped, drops);
    report(list, status, reason);
  };

  const idle = () => {
    if (sending.length || (timer && !failures)) return;
    waiters.forEach((w) => w(!queue.entries.length));
    waiters = [];
  };

  /** When the pending timer fires: a burst of events re-arms no timer that is due sooner. */
  let due = 0;
  const schedule = (ms: number) => {
    if (timer && due <= now() + ms) return;
    clearTimeout(timer);
    due = now() + ms;
    timer = setTimeout(send, ms);
  };

  const send = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const next = sending.length || navigator.onLine === false || failures > cfg.maxRetries ? undefined : batch(limit);
    if (!next) return idle();
    const [list, body, drops] = next;
    sending = list;
    transport.post(url, body, headers).then(({ status, retryAfter }) => {
      sending = sending.filter((e) => !list.includes(e));
      const verdict = judge(status);
      if (verdict == 'retry') {
        if (++failures > cfg.maxRetries) {
          warn(`collector unreachable after ${cfg.maxRetries} retries: events wait for the network, the tab or the next page`);
          report(list, 'retrying', 'paused until the network, the tab or the next page');
          return idle();
        }
        const wait = retryDelay(failures, cfg.maxRetryDelay, retryAfter);
        report(list, 'retrying', status ? 'HTTP ' + status : 'network error', now() + wait);
        clearTimeout(timer);
        timer = undefined;
        schedule(wait);
        return idle();
      }
      if (verdict == 'split' && list.length > 1) limit = Math.ceil(list.length / 2);
      else if (verdict == 'done') {
        failures = 0;
        done(list, drops, 'sent');
      } else {
        warn(`collector rejected ${list.length} event(s) with HTTP ${status}: dropped`);
        done(list, drops, 'dropped', 'HTTP ' + status);
      }
      queue.entries.length ? schedule(0) : idle();
    });
  };

  return {
    /** A new entry is queued; `urgent` sends it now unless the collector is backing us off. */
    push(entry: Entry, urgent: boolean) {
      queue.push(entry);
      report([entry], 'queued');
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
     * of beacons and keepalive requests in flight together, so one body goes, in the room the
     * request under way leaves; the rest stays in storage for the next page or another tab. Not
     * while offline or while the collector fails: a beacon's answer is never seen, so those events
     * wait in storage instead of being lost.
     */
    leave() {
      if (navigator.onLine === false || failures) return;
      const next = batch(1e9, BEACON_LIMIT - (sending.length ? byteLength(sending.map((e) => e.json).join()) : 0));
      if (!next || byteLength(next[1]) > BEACON_LIMIT) return;
      const [list, body, drops] = next;
      if (!headers && transport.beacon(url, body)) return done(list, drops, 'sent', 'beacon');
      sending = sending.concat(list);
      transport.post(url, body, headers).then(({ status }) => {
        sending = sending.filter((e) => !list.includes(e));
        if (judge(status) == 'done') done(list, drops, 'sent');
      });
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
