import type { Store } from '../storage.js';
import type { Entry } from './queue.js';
import { isWireEvent } from '../events/wire-event.js';
import { serialize } from '../events/serialize.js';
import { each, keep } from '../pristine.js';

export const QUEUE = 'wm.q.';
export const ALIVE = 'wm.h.';
/** Events per stored chunk: what one change rewrites at most. */
const CHUNK = 20;

const list = (entries: Entry[]) => '[' + each(entries, (e) => e.json).join() + ']';

/**
 * A page's queue as stored: chunks of a few events under `wm.q.<page>.<n>`, so that tracking,
 * delivering or dropping an event rewrites one small chunk, never the whole queue (a full queue
 * is 1,000 events while the collector is down). Changes are collected and written by `save`.
 */
export const createChunks = (store: Store, page: string) => {
  const mine = QUEUE + page + '.';
  /** Entries not written yet. */
  let fresh: Entry[] = [];
  /** Chunks that lost entries since the last write. */
  const dirty = new Set<number>();
  let next = 0;
  return {
    /** New entries: written in new chunks at the next save. */
    added: (entries: readonly Entry[]) => void fresh.push(...entries),
    /** An entry left the queue: its chunk is rewritten at the next save. */
    removed: (e: Entry) => void (e.chunk != null && dirty.add(e.chunk)),
    /** Entries added since the last save and still queued. */
    unsaved: () => keep(fresh, (e) => !e.gone),
    /** Write what changed; `entries` is what the queue holds now. */
    save(entries: readonly Entry[]) {
      fresh = keep(fresh, (e) => !e.gone);
      for (let i = 0; i < fresh.length; i += CHUNK) {
        const chunk = fresh.slice(i, i + CHUNK);
        const n = next++;
        each(chunk, (e) => (e.chunk = n));
        store.set(mine + n, list(chunk));
      }
      fresh = [];
      if (!dirty.size) return;
      const kept = new Map<number, Entry[]>();
      dirty.forEach((n) => kept.set(n, []));
      for (const e of entries) kept.get(e.chunk!)?.push(e);
      kept.forEach((rest, n) => store.set(mine + n, rest.length ? list(rest) : null));
      dirty.clear();
    },
  };
};

/**
 * The stored chunks of `owner` (a page id), oldest first, as [key, entries]. Entries of our own
 * `page` keep their chunk number. An event the collector's schema would refuse goes with a
 * warning, not in a batch with good ones.
 */
export const readChunks = (store: Store, owner: string, page: string): [string, Entry[]][] =>
  store
    .keys()
    .filter((k) => k.startsWith(QUEUE + owner + '.'))
    .map((k): [string, number] => [k, +k.slice(k.lastIndexOf('.') + 1)])
    .sort((a, b) => a[1] - b[1])
    .map(([k, n]) => {
      const found = store.read<any[]>(k, (v, bad) => (Array.isArray(v) ? v.filter((e) => isWireEvent(e) || (bad('event'), false)) : (bad(), null))) ?? [];
      return [k, found.map((e) => ({ id: e.id, json: serialize(e), chunk: owner == page ? n : undefined }))];
    });

/** Pages but `page` that left events stored and have shown no sign of life for `stale` ms. */
export const orphans = (store: Store, page: string, now: number, stale: number): string[] => {
  const owners = new Set(store.keys().filter((k) => k.startsWith(QUEUE)).map((k) => k.slice(QUEUE.length).split('.')[0]!));
  owners.delete(page);
  return [...owners].filter((owner) => now - (Number(store.get(ALIVE + owner)) || 0) >= stale);
};
