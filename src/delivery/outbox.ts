import type { DeliveryStatus } from '../types';
import type { Settings } from '../waymark';
import type { Transport } from './transport';
import type { Entry, Queue } from './queue';
import type { Warn } from '../log';
import { BEACON_LIMIT, byteLength } from './transport';
import { judge, retryDelay } from './retry';
import { now } from '../env';


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

  /** A wire batch of the oldest entries not in flight: at most `max`, under the beacon limit. */
  const batch = (max: number): [Entry[], string, number] => {
    const list: Entry[] = [];
    let size = 0;
    for (const e of queue.entries) {
      if (sending.includes(e)) continue;
      size += byteLength(e.json) + 1;
      if (list.length >= max || (list.length && size > BEACON_LIMIT)) break;
      list.push(e);
    }
    const at = now();
    const body = cfg.format
      ? cfg.format.body(
          list.map((e) => JSON.parse(e.json)),
          { sent_at: at, dropped },
        )
      : `{"v":1,"sent_at":${at}${dropped ? ',"dropped":' + dropped : ''},"events":[${list.map((e) => e.json).join()}]}`;
    return [list, body, dropped];
  };

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

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(send, ms);
  };

  const send = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const [list, body, drops] = batch(sending.length || navigator.onLine === false || failures > cfg.maxRetries ? 0 : limit);
    if (!list.length) return idle();
    sending = list;
    transport.post(url, body, cfg.headers).then(({ status, retryAfter }) => {
      sending = sending.filter((e) => !list.includes(e));
      const verdict = judge(status);
      if (verdict == 'retry') {
        if (++failures > cfg.maxRetries) {
          warn(`collector unreachable after ${cfg.maxRetries} retries: events wait for the next page`);
          report(list, 'retrying', 'gave up for this page');
          return idle();
        }
        const wait = retryDelay(failures, cfg.maxRetryDelay, retryAfter);
        report(list, 'retrying', status ? 'HTTP ' + status : 'network error', now() + wait);
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
      if (urgent || queue.entries.length >= limit) schedule(0);
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
     * The page hides and may never come back: hand everything to the browser with `sendBeacon`, or
     * keepalive `fetch` when headers are set or the beacon is refused. Not while offline or while
     * the collector fails: a beacon's answer is never seen, so those events wait in storage for
     * the next page instead of being lost.
     */
    leave() {
      if (navigator.onLine === false || failures) return;
      for (let [list, body, drops] = batch(1e9); list.length; [list, body, drops] = batch(1e9)) {
        if (!cfg.headers && transport.beacon(url, body)) {
          done(list, drops, 'sent', 'beacon');
          continue;
        }
        sending = sending.concat(list);
        transport.post(url, body, cfg.headers).then(({ status }) => {
          sending = sending.filter((e) => !list.includes(e));
          if (judge(status) == 'done') done(list, drops, 'sent');
        });
      }
    },
    /** Back online (a fresh retry budget), or orphans adopted (`fresh` false: respect a backoff). */
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
