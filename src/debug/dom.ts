/** A child for `h`: strings become text nodes, never markup. */
export type Child = Node | string | null | undefined | false;

/**
 * Create an element with a class and children. Text only ever enters the DOM as text nodes (no
 * `innerHTML` anywhere in the overlay): event fields are the store's data, and may be hostile.
 */
export const h = <K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, ...children: Child[]): HTMLElementTagNameMap[K] => {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  for (const c of children) if (c != null && c !== false) el.append(c);
  return el;
};

/** A `<button>` with a visible text and a label for screen readers. */
export const button = (text: string, label: string, onClick: (e: MouseEvent) => void, cls?: string): HTMLButtonElement => {
  const b = h('button', cls, text);
  b.type = 'button';
  b.title = label;
  b.setAttribute('aria-label', label);
  b.onclick = onClick;
  return b;
};

/** Replace the children of `el` with `children`. */
export const fill = (el: Element, ...children: Child[]): void => {
  el.textContent = '';
  for (const c of children) if (c != null && c !== false) el.append(c);
};

/** `el` named for screen readers, with a role if its tag does not say what it is. */
export const labelled = <T extends HTMLElement>(el: T, label: string, role?: string): T => {
  el.setAttribute('aria-label', label);
  if (role) el.setAttribute('role', role);
  return el;
};
