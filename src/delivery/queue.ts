import type { Store } from '../storage';
import { now, soon } from '../env';

/** A queued event: its id and its serialized form, ready for the wire and for storage. */
export interface Entry {
  id: string;
  json: string;
}

export interface QueueLimits {
  maxQueueEvents: number;
  maxQueueBytes: number;
}

const QUEUE = 'wm.q.';
const ALIVE = 'wm.h.';
/**
 * A queue whose owner has not shown a sign of life for this long belongs to a tab that crashed.
 * Live tabs beat every HEARTBEAT ms; Chrome throttles timers of long-hidden tabs to one a minute
 * (https://developer.chrome.com/blog/timer-throttling-in-chrome-88), hence the margin.
 */
export const HEARTBEAT = 10_000;
const STALE = 150_000;

/**
 * The events of this page, persisted under a key of its own.
 *
 * Why a queue per page and not one shared queue: tabs of one origin share localStorage but not a
 * lock around it, so two tabs appending to one key would overwrite each other's events. Each page
 * owns `wm.q.<page>` and beats `wm.h.<page>`. A page that leaves removes its heartbeat (it may keep
 * events it could not send); a page that crashes stops beating. Either way its queue is an orphan,
 * and the next live page adopts it: under a Web Lock where the browser has them, so that two tabs
 * never adopt the same orphan. Delivery is at least once; the event id lets the collector drop the
 * rare duplicate (a request in flight at the moment its tab closed).
 */
export const createQueue = (store: Store, page: string, limits: QueueLimits, onDrop: (lost: Entry[]) => void) => {
  const key = QUEUE + page;
  let entries: Entry[] = [];
  let bytes = 0;
  let dirty = false;

  const save = () => {
    dirty = false;
    if (entries.length) {
      store.set(key, '[' + entries.map((e) => e.json).join(',') + ']');
      beat();
    } else {
      store.del(key);
      store.del(ALIVE + page);
    }
  };
  const beat = () => store.set(ALIVE + page, String(now()));
  const changed = () => {
    if (!dirty) {
      dirty = true;
      soon(() => dirty && save());
    }
  };
  const trim = () => {
    const lost: Entry[] = [];
    while (entries.length > limits.maxQueueEvents || bytes > limits.maxQueueBytes) {
      const e = entries.shift()!;
      bytes -= e.json.length;
      lost.push(e);
    }
    if (lost.length) onDrop(lost);
  };
  const parse = (k: string): Entry[] => {
    const raw = store.read<unknown>(k);
    return Array.isArray(raw)
      ? raw.filter((e) => e && typeof e.id == 'string').map((e) => ({ id: e.id, json: JSON.stringify(e) }))
      : [];
  };
  const add = (list: Entry[], first: boolean) => {
    entries = first ? list.concat(entries) : entries.concat(list);
    for (const e of list) bytes += e.json.length;
    trim();
    changed();
  };

  return {
    get entries(): readonly Entry[] {
      return entries;
    },
    push(entry: Entry) {
      add([entry], false);
    },
    /** Remove delivered (or rejected) entries. */
    remove(done: readonly Entry[]) {
      const ids = new Set(done.map((e) => e.id));
      entries = entries.filter((e) => !ids.has(e.id));
      bytes = entries.reduce((n, e) => n + e.json.length, 0);
      changed();
    },
    /** Write now, not at the end of the task: the page is going away. */
    save,
    beat: () => entries.length && beat(),
    /** This page is leaving or freezing: what it still holds may be adopted. */
    release() {
      save();
      store.del(ALIVE + page);
    },
    /** Back from the back/forward cache: another tab may have adopted our events meanwhile. */
    reclaim() {
      // Nothing was written while consent was not granted: nobody can have adopted our events.
      if (!store.persist) return;
      entries = parse(key);
      bytes = entries.reduce((n, e) => n + e.json.length, 0);
      save();
    },
    /** Take over the queues of pages that are gone, then call `done`. */
    adopt(done: () => void) {
      const run = () => {
        for (const k of store.keys()) {
          if (!k.startsWith(QUEUE) || k == key) continue;
          const other = k.slice(QUEUE.length);
          if (now() - (Number(store.get(ALIVE + other)) || 0) < STALE) continue;
          const orphans = parse(k);
          store.del(k);
          store.del(ALIVE + other);
          if (orphans.length) add(orphans, true);
        }
        done();
      };
      const locks = (navigator as Navigator & { locks?: LockManager }).locks;
      if (locks) locks.request('wm.adopt', run).catch(run);
      else run();
    },
  };
};

export type Queue = ReturnType<typeof createQueue>;
