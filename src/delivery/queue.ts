import type { Store } from '../storage.js';
import type { Env } from '../env.js';
import { soon } from '../env.js';
import { each, keep } from '../pristine.js';
import { ALIVE, createChunks, orphans, readChunks } from './chunks.js';

/** A queued event: its id and its serialized form, ready for the wire and for storage. */
export interface Entry {
  id: string;
  json: string;
  /** The stored chunk that holds it, once written. */
  chunk?: number;
  /** Delivered, rejected or dropped: out of the queue. */
  gone?: boolean;
}

export interface QueueLimits {
  maxQueueEvents: number;
  maxQueueBytes: number;
}

/**
 * A queue whose owner has not shown a sign of life for this long belongs to a tab that crashed.
 * Live tabs beat every HEARTBEAT ms; Chrome throttles timers of long-hidden tabs to one a minute
 * (https://developer.chrome.com/blog/timer-throttling-in-chrome-88), hence the margin.
 */
export const HEARTBEAT = 10_000;
const STALE = 150_000;

/**
 * The events of this page, persisted in chunks of a few events under keys of its own, so that
 * tracking, delivering or dropping an event rewrites one small chunk, never the whole queue (a
 * full queue is 1,000 events while the collector is down).
 *
 * Why a queue per page and not one shared queue: tabs of one origin share localStorage but not a
 * lock around it, so two tabs appending to one key would overwrite each other's events. Each page
 * owns `wm.q.<page>.<chunk>` and beats `wm.h.<page>`. A page that leaves removes its heartbeat
 * (it may keep events it could not send); a page that crashes stops beating. Either way its queue
 * is an orphan, and the next live page adopts it: under a Web Lock where the browser has them, so
 * that two tabs never adopt the same orphan. Delivery is at least once; the event id lets the
 * collector drop the rare duplicate (a request in flight at the moment its tab closed).
 *
 * Who owns the stored queue is a small state machine:
 *
 *     owned ──release()──▶ released ──(another page)──▶ adopted
 *       ▲                     │
 *       └─────reclaim()───────┘   (back from the back/forward cache)
 *
 * - owned: this page beats its heartbeat and writes its changes at the end of each task.
 * - released: the page is leaving. The heartbeat is gone and is never written again, so the next
 *   page adopts what is left at once; every later change (an event tracked while the page hides)
 *   is written at once, since there may be no later task.
 * - adopted: another page took the stored chunks; if this page comes back, it reclaims only what
 *   is still stored under its name.
 */
export const createQueue = (env: Env, store: Store, page: string, limits: QueueLimits, onDrop: (lost: Entry[]) => void) => {
  const now = env.now;
  const stored = createChunks(store, page);
  let ownership: 'owned' | 'released' = 'owned';
  let entries: Entry[] = [];
  let chars = 0;
  let scheduled = false;

  let beaten = 0;
  /** A sign of life, written at most twice a heartbeat: each write is a storage round trip. */
  const beat = (force?: boolean) => {
    if (ownership == 'owned' && (force || now() - beaten > HEARTBEAT / 2)) store.set(ALIVE + page, String((beaten = now())));
  };
  const save = () => {
    scheduled = false;
    stored.save(entries);
    entries.length ? beat() : (store.set(ALIVE + page, null), (beaten = 0));
  };
  const changed = () => {
    if (ownership == 'released') save();
    else if (!scheduled) {
      scheduled = true;
      soon(() => scheduled && save());
    }
  };
  const out = (e: Entry) => {
    if (e.gone) return;
    e.gone = true;
    chars -= e.json.length;
    stored.removed(e);
  };
  const add = (added: Entry[], first: boolean) => {
    if (first) entries.unshift(...added);
    else for (const e of added) entries.push(e);
    for (const e of added) chars += e.json.length;
    stored.added(added);
    const lost: Entry[] = [];
    while (entries.length > limits.maxQueueEvents || chars > limits.maxQueueBytes) {
      const e = entries.shift()!;
      out(e);
      lost.push(e);
    }
    if (lost.length) onDrop(lost);
    changed();
  };
  return {
    get entries(): readonly Entry[] {
      return entries;
    },
    /** Characters of JSON queued (bytes, for ASCII). */
    get size(): number {
      return chars;
    },
    push(entry: Entry) {
      add([entry], false);
    },
    /** Remove delivered (or rejected) entries. */
    remove(done: readonly Entry[]) {
      done = keep(done, (e) => !e.gone);
      if (!done.length) return;
      each(done, out);
      entries = keep(entries, (e) => !e.gone);
      changed();
    },
    /** Write now, not at the end of the task: the page is going away. */
    save,
    beat: () => entries.length && beat(true),
    /** This page is leaving or freezing: what it holds is written, and may be adopted at once. */
    release() {
      ownership = 'released';
      save();
      store.set(ALIVE + page, null);
      beaten = 0;
    },
    /** Back from the back/forward cache: another tab may have adopted our stored events meanwhile. */
    reclaim() {
      // Nothing was written while storage is off (consent pending, `storage: 'none'`): nothing to lose.
      ownership = 'owned';
      if (!store.persist) return;
      const unsaved = stored.unsaved();
      entries = readChunks(store, page, page).flatMap(([, found]) => found);
      entries.push(...unsaved);
      chars = entries.reduce((n, e) => n + e.json.length, 0);
      save();
    },
    /** Take over the queues of pages that are gone, then call `done`. */
    adopt(done: () => void) {
      const run = () => {
        // A page that is leaving takes on nothing: what it adopted would wait for yet another page.
        if (ownership == 'released') return done();
        for (const owner of orphans(store, page, now(), STALE)) {
          const chunks = readChunks(store, owner, page);
          chunks.forEach(([k]) => store.set(k, null));
          store.set(ALIVE + owner, null);
          add(
            chunks.flatMap(([, found]) => found),
            true,
          );
          save();
        }
        done();
      };
      const locks = (env.navigator as Navigator & { locks?: LockManager }).locks;
      if (locks) locks.request('wm.adopt', run).catch(env.guard(run));
      else run();
    },
  };
};

export type Queue = ReturnType<typeof createQueue>;
