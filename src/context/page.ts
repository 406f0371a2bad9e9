import type { PageContext, PageType, UrlPattern } from '../types.js';
import type { Browser } from '../env.js';

export type PagePatterns = Partial<Record<PageType, UrlPattern | UrlPattern[]>>;

/** A pattern that is neither a string nor a RegExp matches nothing (it would throw on every page). */
const toRegExp = (p: UrlPattern): RegExp =>
  typeof p == 'string' ? new RegExp('^' + p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$') : p instanceof RegExp ? p : /$^/;

/** Compile `pageTypes` once: a list of [regexp, type] tried in order. */
export const compilePatterns = (patterns: PagePatterns = {}): [RegExp, PageType][] =>
  Object.entries(patterns).flatMap(([type, p]) =>
    (Array.isArray(p) ? p : [p]).map((x): [RegExp, PageType] => [toRegExp(x!), type as PageType]),
  );

/**
 * The page type: the `data-waymark-page` attribute of the page wins, then the URL patterns of the
 * configuration, then schema.org `Product` JSON-LD.
 */
export const detectPageType = ({ document }: Browser, patterns: [RegExp, PageType][], path: string): string | undefined => {
  const marked = document.querySelector('[data-waymark-page]')?.getAttribute('data-waymark-page');
  if (marked) return marked;
  const match = patterns.find(([re]) => re.test(path));
  if (match) return match[1];
  for (const s of document.querySelectorAll('script[type="application/ld+json"]'))
    if (/"@type"\s*:\s*(\[[^\]]*)?"Product"/.test(s.textContent ?? '')) return 'product';
  return undefined;
};

export const pageContext = ({ document, location }: Browser, referrer: string, type?: PageType): PageContext => {
  const ctx: PageContext = { url: location.href, path: location.pathname, title: document.title, referrer };
  if (type) ctx.type = type;
  return ctx;
};
