import type { Entry } from './model.js';
import { button, fill, h, labelled } from './dom.js';
import { status, time } from './format.js';
import { json, plain } from './plain.js';
import { tree } from './tree.js';

/** One event in the list: a row to open, its warnings beside it, and its payload once opened. */
export interface Row {
  el: HTMLLIElement;
  /** Redraw status and warnings. */
  update(): void;
}

/**
 * The row of one event. The payload tree is built on first open (most rows are never opened).
 * `copy` puts text on the clipboard and resolves with whether it worked.
 */
export const createRow = (entry: Entry, copy: (text: string) => Promise<boolean>): Row => {
  const e = entry.event;
  const stage = String(e.stage);
  const state = h('span', 'st');
  // Spaces between the parts: the row's accessible name would run them together otherwise.
  const toggle = h(
    'button',
    'row',
    h('span', 'ty', String(e.type)),
    ' ',
    h('span', 'b s-' + stage, stage),
    ' ',
    h('span', 'lc', String(e.lifecycle)),
    ' ',
    h('time', 'tm', time(e.ts)),
    ' ',
    state,
  );
  toggle.type = 'button';
  toggle.setAttribute('aria-expanded', 'false');
  const warns = labelled(h('ul', 'ws'), 'Warnings about this event');
  const payload = h('div', 'pl');
  payload.hidden = true;
  const el = h('li', 'ev', toggle, warns, payload);

  toggle.onclick = () => {
    const open = payload.hidden;
    if (open && !payload.firstChild) {
      const copied = button('Copy JSON', 'Copy this event as JSON', () =>
        copy(json(e)).then((ok) => {
          copied.textContent = ok ? 'Copied' : 'Copy failed';
          setTimeout(() => (copied.textContent = 'Copy JSON'), 1500);
        }),
      );
      payload.append(copied, tree(plain(e)));
    }
    payload.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
  };

  const update = () => {
    state.className = 'st ' + (entry.status ?? '');
    state.textContent = status(entry);
    fill(warns, ...entry.warnings.map((w) => h('li', '', '⚠ ' + w)));
    warns.hidden = !entry.warnings.length;
    el.classList.toggle('warn', !!entry.warnings.length);
  };
  update();
  return { el, update };
};
