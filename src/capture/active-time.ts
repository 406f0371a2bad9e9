/**
 * Active time: time the page is visible and the shopper acted within the last `idleMs` (a reader
 * who stops moving still reads for a while; beyond that, an open tab is not attention). No timers:
 * a stretch of activity is closed lazily, at the next activity or when it is read.
 */
export const createActiveTime = (idleMs: number, at: number, visible: boolean) => {
  let total = 0;
  /** Start of the current stretch, or null while hidden or idle. */
  let since: number | null = visible ? at : null;
  let last = at;
  const close = (t: number) => {
    if (since != null) total += Math.max(0, Math.min(t, last + idleMs) - since);
    since = null;
  };
  return {
    /** The shopper did something at `t` (input, scroll, the page showing again). */
    act(t: number) {
      if (since != null && t > last + idleMs) close(t);
      since ??= t;
      last = t;
    },
    /** The page hid at `t`. */
    hide(t: number) {
      close(t);
    },
    /** Active milliseconds up to `t`. */
    read(t: number): number {
      return total + (since != null ? Math.max(0, Math.min(t, last + idleMs) - since) : 0);
    },
  };
};

export type ActiveTime = ReturnType<typeof createActiveTime>;
