/**
 * Route changes of single-page shops: `history.pushState`, `replaceState` and `popstate`.
 * Our wrapper calls whatever `pushState` was there before (another script's wrapper included), so
 * wrappers chain instead of replacing each other. `moved` runs at once (an event tracked right
 * after the route change must see it); `onRoute` after the current task, when the app has had its
 * chance to update the title.
 */
export const watchRoutes = (moved: () => void, onRoute: () => void): void => {
  const later = () => (moved(), setTimeout(onRoute, 0));
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      later();
      return result;
    };
  }
  addEventListener('popstate', later);
};
