import type { Env } from '../env.js';

/**
 * Route changes of single-page shops: `history.pushState`, `replaceState` and `popstate`.
 * Our wrapper calls whatever `pushState` was there before (another script's wrapper included), so
 * wrappers chain instead of replacing each other. `moved` runs at once (an event tracked right
 * after the route change must see it); `onRoute` after the current task, when the app has had its
 * chance to update the title.
 *
 * When the instance stops, the page's own functions come back if ours is still the outermost
 * wrapper; if another script wrapped ours since, putting the original back would drop its wrapper,
 * so ours stays in the chain as a plain pass-through.
 */
export const watchRoutes = (env: Env, moved: () => void, onRoute: () => void): void => {
  const { history } = env;
  const later = env.guard(() => env.live && (moved(), env.later(onRoute, 0)));
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    const wrapper = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      later();
      return result;
    };
    history[name] = wrapper;
    env.onStop(() => history[name] === wrapper && (history[name] = original));
  }
  env.listen(env.window, 'popstate', later);
};
