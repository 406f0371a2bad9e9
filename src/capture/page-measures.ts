import type { Props } from '../types.js';
import type { Env } from '../env.js';
import type { ActiveTime } from './active-time.js';
import { createActiveTime } from './active-time.js';

/** Input that shows the shopper is there; the first two also count as interactions. */
const INTERACTIONS = ['pointerdown', 'keydown'];
const ACTIVITY = [...INTERACTIONS, 'pointermove', 'wheel', 'touchstart', 'scroll'];

const scrollPct = ({ document, window }: Env): number => {
  const el = document.documentElement;
  const height = Math.max(el.scrollHeight, document.body?.scrollHeight ?? 0);
  if (!height) return 0;
  return Math.min(100, Math.round(((window.scrollY + window.innerHeight) / height) * 100));
};

/**
 * What engagement measures of the current page view, from `reset` on: active time, the deepest
 * scroll and the interactions. `hidden` runs when the page hides or is left, once the time is
 * stopped.
 */
export const createPageMeasures = (env: Env, idleMs: number, hidden: () => void) => {
  const { window } = env;
  const clock = () => window.performance.now();
  const visible = () => env.document.visibilityState != 'hidden';
  let time: ActiveTime;
  let maxScroll: number;
  let interactions: number;
  const reset = () => {
    time = createActiveTime(idleMs, clock(), visible());
    maxScroll = scrollPct(env);
    interactions = 0;
  };
  reset();

  let scrolling = false;
  const onInput = env.guard((e: Event) => {
    time.act(clock());
    if (INTERACTIONS.includes(e.type)) interactions++;
    if (e.type == 'scroll' && !scrolling) {
      // Reading the layout once a frame, not on every scroll event.
      scrolling = true;
      window.requestAnimationFrame(
        env.guard(() => {
          scrolling = false;
          maxScroll = Math.max(maxScroll, scrollPct(env));
        }),
      );
    }
  }, 'engagement failed');
  for (const type of ACTIVITY) env.listen(window, type, onInput, { capture: true, passive: true });
  // On `window` in the capture phase: before Waymark's own listener on `document` hands the
  // queue to `sendBeacon`, so this page's event leaves with it.
  env.listen(window, 'visibilitychange', () => {
    if (visible()) return time.act(clock());
    time.hide(clock());
    hidden();
  });
  // Browsers that fire no visibilitychange on unload: what is tracked here is saved with the
  // queue and leaves on the next page load.
  env.listen(window, 'pagehide', () => {
    time.hide(clock());
    hidden();
  });

  return {
    reset,
    /** The measures as `page_engaged` props. */
    read: (): Props => ({ active_ms: Math.round(time.read(clock())), max_scroll_pct: maxScroll, interactions }),
  };
};
