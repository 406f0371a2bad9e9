import type { Env } from '../env.js';
import type { Queue } from './queue.js';
import type { Outbox } from './outbox.js';
import { HEARTBEAT } from './queue.js';

/**
 * Delivery follows the page's life: hand everything to the browser when the page hides or leaves,
 * take our queue back when the page returns from the back/forward cache, start again when the
 * network returns, and adopt the queues of tabs that closed or crashed.
 * `pagehide`, never `unload`: an unload handler keeps the page out of the back/forward cache.
 * Chromium fires `pagehide` before `visibilitychange` when the page is left: events tracked in
 * between (engagement, web vitals) find the queue released and go with the second beacon, or stay
 * stored for the next page to adopt at once.
 */
export const followPageLife = (env: Env, queue: Queue, outbox: Outbox, beforeLeave: () => void, onStorage: (key: string | null) => void): void => {
  const { window, document } = env;
  const hide = (unloading: boolean) => {
    beforeLeave();
    outbox.leave(unloading);
  };
  const adopt = () => queue.adopt(() => outbox.resume(false));
  // Hidden: send what is queued. Visible again: a fresh start after a long outage.
  env.listen(document, 'visibilitychange', () => (document.visibilityState == 'hidden' ? hide(false) : outbox.resume(true)));
  env.listen(window, 'pagehide', () => (hide(true), queue.release()));
  env.listen(window, 'pageshow', (e: PageTransitionEvent) => e.persisted && (queue.reclaim(), outbox.resume(false)));
  env.listen(window, 'online', () => outbox.resume(true));
  env.listen(window, 'storage', (e: StorageEvent) => {
    // A page that left removed its heartbeat: its queue is ours to adopt now.
    if (e.key?.startsWith('wm.h.') && e.newValue == null) adopt();
    else onStorage(e.key);
  });
  env.every(() => (queue.beat(), adopt()), HEARTBEAT);
  // Switched off: what can go leaves now, the rest is left for the next page.
  env.onStop(() => (hide(false), queue.release()));
  adopt();
};
