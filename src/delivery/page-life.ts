import type { Queue } from './queue.js';
import type { Outbox } from './outbox.js';
import { on } from '../env.js';
import { HEARTBEAT } from './queue.js';

/**
 * Delivery follows the page's life: hand everything to the browser when the page hides or leaves,
 * take our queue back when the page returns from the back/forward cache, start again when the
 * network returns, and adopt the queues of tabs that closed or crashed.
 * `pagehide`, never `unload`: an unload handler keeps the page out of the back/forward cache.
 */
export const followPageLife = (
  queue: Queue,
  outbox: Outbox,
  beforeLeave: () => void,
  onStorage: (key: string | null) => void,
  guard: <F extends (...a: any[]) => void>(fn: F) => F,
  signal?: AbortSignal,
): void => {
  const listen = (target: EventTarget, type: string, fn: (e: any) => void) => on(target, type, guard(fn), signal);
  const hide = () => {
    beforeLeave();
    outbox.leave();
  };
  const back = () => (queue.reclaim(), outbox.resume(false));
  const adopt = () => queue.adopt(() => outbox.resume(false));
  // Hidden: send what is queued. Visible again: a fresh start after a long outage.
  listen(document, 'visibilitychange', () => (document.visibilityState == 'hidden' ? hide() : outbox.resume(true)));
  listen(window, 'pagehide', () => (hide(), queue.release()));
  listen(window, 'pageshow', (e: PageTransitionEvent) => e.persisted && back());
  listen(window, 'online', () => outbox.resume(true));
  listen(window, 'storage', (e: StorageEvent) => {
    // A page that left removed its heartbeat: its queue is ours to adopt now.
    if (e.key?.startsWith('wm.h.') && e.newValue == null) adopt();
    else onStorage(e.key);
  });
  const beat = setInterval(guard(() => (queue.beat(), adopt())), HEARTBEAT);
  signal?.addEventListener('abort', () => clearInterval(beat));
  adopt();
};
