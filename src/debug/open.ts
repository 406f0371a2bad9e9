import type { BusEvents, Waymark } from '../types.js';
import type { Bus } from '../bus.js';
import type { Warn } from '../log.js';
import type { MountOverlay, Report } from './host.js';

const KEY = 'wm.debug';

/** sessionStorage, which may be missing or refuse us: then the overlay is not remembered. */
const remember = (open?: boolean): boolean => {
  try {
    if (open != null) open ? sessionStorage.setItem(KEY, '1') : sessionStorage.removeItem(KEY);
    return sessionStorage.getItem(KEY) == '1';
  } catch {
    return !!open;
  }
};

/**
 * Opening and closing the debug overlay. Its code loads only when it opens; until then the core
 * keeps the latest 200 reports so the overlay can show what happened before it arrived.
 */
export const createDebug = (bus: Bus<BusEvents>, load: (() => Promise<MountOverlay>) | undefined, warn: Warn) => {
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
        if (wanted && !unmount) unmount = mount({ waymark, history: recent.slice(), close: () => debug(waymark, false) });
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
      const flag = new URLSearchParams(location.search).get('waymark_debug');
      if (remember(flag ? flag != '0' : undefined) || wanted) debug(waymark);
    },
  };
};
