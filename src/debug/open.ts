import type { BusEvents, Waymark } from '../types.js';
import type { Bus } from '../bus.js';
import type { Warn } from '../log.js';
import type { Env } from '../env.js';
import type { Store } from '../storage.js';
import type { MountOverlay, Report } from './host.js';

const KEY = 'wm.debug';

/**
 * Opening and closing the debug overlay. Its code loads only when it opens; until then the core
 * keeps the latest 200 reports so the overlay can show what happened before it arrived.
 */
export const createDebug = (env: Env, store: Store, bus: Bus<BusEvents>, load: (() => Promise<MountOverlay>) | undefined, warn: Warn) => {
  /** Whether the tab keeps the overlay open; remembered (with consent) in the tab's store. */
  const remember = (open?: boolean): boolean => {
    if (open != null) store.set(KEY, open ? '1' : null);
    return store.get(KEY) == '1';
  };
  const recent: Report[] = [];
  for (const type of ['track', 'status', 'warn'] as const)
    bus.on(type, (data) => recent.push([type, data] as Report) > 200 && recent.shift());
  let unmount: (() => void) | undefined;
  let loading = false;

  /** The latest word: a close while the overlay is still loading wins over the open before it. */
  let wanted = false;
  const debug = (waymark: Waymark, open = true) => {
    remember((wanted = !!open));
    if (!open) return unmount?.(), (unmount = undefined);
    if (unmount || loading || !load) return;
    loading = true;
    load()
      .then((mount) => {
        if (wanted && !unmount && env.live) unmount = mount({ waymark, store, history: recent.slice(), close: () => debug(waymark, false) });
      })
      .catch((e) => warn('overlay did not load: ' + e))
      .finally(() => (loading = false));
  };
  return {
    /** The latest reports, oldest first. */
    recent,
    debug,
    /** Open now if the URL asks (`?waymark_debug=1`; `=0` forgets), the tab remembers, or `wanted`. */
    start(waymark: Waymark, wanted?: boolean) {
      const flag = new URLSearchParams(env.location.search).get('waymark_debug');
      if (remember(flag ? flag != '0' : undefined) || wanted) debug(waymark);
      // Switched off: the panel goes, the tab still remembers it was open.
      env.onStop(() => (unmount?.(), (unmount = undefined), (wanted = false)));
    },
  };
};
