import type { Env } from '../env.js';
import type { Core } from '../pipeline/types.js';
import { show } from '../events/validate.js';
import { isPageType, PAGE_TYPES } from '../journey/stage.js';
import { compilePatterns, detectPageType, pageContext } from '../context/page.js';

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

/**
 * Page views: the landing one, one per route of a single-page shop (`trackPages`), and `page()`
 * by hand. `track` is the instance's; a route change not seen yet (the shop just called
 * `pushState`) gets its page view before the next event (`onRoute`).
 */
export const createPageViews = (core: Core, track: (type: string, props: object) => void) => {
  const { env, config, warn } = core;
  const { document, location } = env;
  const patterns = compilePatterns(config.pageTypes);
  const here = () => location.pathname + location.search;
  let route = '';
  let moved = true;
  const page = (given?: unknown) => {
    const referrer = route ? core.page.url : document.referrer;
    route = here();
    let type = given ?? detectPageType(env, patterns, location.pathname);
    if (type != null && !isPageType(type)) {
      warn(`page type should be one of ${PAGE_TYPES.join(', ')}, got ${show(type)}`);
      type = undefined;
    }
    core.page = core.protect(pageContext(env, referrer, type));
    track('page_viewed', {});
  };
  const onRoute = () => {
    if (moved && config.trackPages && ((moved = false), here() != route)) page();
  };
  return {
    page,
    onRoute,
    /** Track the landing page view, and one per route from now on. */
    start() {
      if (!config.trackPages) return;
      watchRoutes(env, () => (moved = true), onRoute);
      onRoute();
    },
  };
};
