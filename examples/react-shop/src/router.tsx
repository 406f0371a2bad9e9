/**
 * A router in a few lines: routes are `history.pushState` URLs under the shop's base path, and the
 * current one is read with `useSyncExternalStore`. Waymark needs nothing from it: it sees every
 * `pushState` and `popstate` by itself and tracks the route's page view.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * The path the shop is served under, e.g. `/` or `/examples/react-shop/dist/`. This module sits
 * one directory below it, in `src/` while developing and bundled into `assets/` once built.
 */
export const BASE = new URL(/* @vite-ignore */ '../', import.meta.url).pathname;

const listeners = new Set<() => void>();

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    removeEventListener('popstate', listener);
  };
};

/** Go to `href`, relative to the shop's base path (`product/ridge-mug`, `confirmation?order=1`). */
export const navigate = (href: string) => {
  history.pushState(null, '', new URL(href, location.origin + BASE).href);
  scrollTo(0, 0);
  for (const listener of listeners) listener();
};

/** The current route: the path below the base (`''` for home) and the query. */
export const useRoute = () => {
  const path = useSyncExternalStore(subscribe, () => location.pathname);
  const search = useSyncExternalStore(subscribe, () => location.search);
  return { path: path.startsWith(BASE) ? path.slice(BASE.length).replace(/index\.html$/, '') : path, query: new URLSearchParams(search) };
};

/** A link that changes the route without loading a page (modified clicks open a tab as usual). */
export function Link({ href, ...props }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={onClick} {...props} />;
}
