import type { PageContext, PageType, UrlPattern } from '../types.js';
import type { Browser } from '../env.js';
import { listSafely, readSafely } from '../events/validate.js';

export type PagePatterns = Partial<Record<PageType, UrlPattern | UrlPattern[]>>;

/** A pattern that is neither a string nor a RegExp matches nothing (it would throw on every page). */
const toRegExp = (p: UrlPattern): RegExp =>
  typeof p == 'string' ? new RegExp('^' + p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$') : p instanceof RegExp ? p : /$^/;

/**
 * Compile `pageTypes` once: a list of [regexp, type] tried in order. Each type and pattern is read
 * once, defensively: a getter that throws costs that type its patterns, nothing else.
 */
export const compilePatterns = (patterns: PagePatterns = {}): [RegExp, PageType][] => {
  const out: [RegExp, PageType][] = [];
  const types = readSafely(patterns);
  for (const type in types) {
    const list = listSafely(types[type]) ?? [types[type]];
    for (let i = 0; i < list.length; i++)
      try {
        out.push([toRegExp(list[i] as UrlPattern), type as PageType]);
      } catch {
        // A hostile proxy as a pattern: it matches nothing.
      }
  }
  return out;
};

/**
 * The page type: the `data-waymark-page` attribute of the page wins, then the URL patterns of the
 * configuration (a pattern whose `test` throws matches nothing), then schema.org `Product` JSON-LD.
 */
export const detectPageType = ({ document }: Browser, patterns: [RegExp, PageType][], path: string): string | undefined => {
  const marked = document.querySelector('[data-waymark-page]')?.getAttribute('data-waymark-page');
  if (marked) return marked;
  for (let i = 0; i < patterns.length; i++)
    try {
      if (patterns[i]![0].test(path)) return patterns[i]![1];
    } catch {
      // The store's RegExp (a subclass, or one with its own `test`) threw: no match.
    }
  for (const s of document.querySelectorAll('script[type="application/ld+json"]'))
    if (/"@type"\s*:\s*(\[[^\]]*)?"Product"/.test(s.textContent ?? '')) return 'product';
  return undefined;
};

export const pageContext = ({ document, location }: Browser, referrer: string, type?: PageType): PageContext => {
  const ctx: PageContext = { url: location.href, path: location.pathname, title: document.title, referrer };
  if (type) ctx.type = type;
  return ctx;
};
