import { h } from './dom.js';

/**
 * A payload as an indented tree of keys and values (input from `plain`, so no cycles). Strings are
 * shown quoted, as JSON would, so an empty string or a number-like string is visible as such.
 */
export const tree = (value: unknown): HTMLElement => {
  if (value && typeof value == 'object') {
    const keys = Object.keys(value);
    if (!keys.length) return h('span', 'v', Array.isArray(value) ? '[]' : '{}');
    return h(
      'ul',
      'tr',
      ...keys.map((k) => h('li', '', h('span', 'k', k + ': '), tree((value as Record<string, unknown>)[k]))),
    );
  }
  return h('span', 'v ' + typeof value, typeof value == 'string' ? JSON.stringify(value) : String(value));
};
