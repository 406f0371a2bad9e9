import type { Entry, View } from './model.js';
import type { Row } from './row.js';
import { STAGES } from './model.js';
import { createRow } from './row.js';
import { button, h, labelled } from './dom.js';

const select = (label: string, options: string[]): HTMLSelectElement =>
  labelled(h('select', '', ...options.map((o, i) => new Option(o, i ? o : ''))), label);

/**
 * The event list, newest first, added to `panel` under its bar: the filters by stage and type
 * hide rows (the list keeps them), a paused list holds new rows back until it resumes, and the
 * clear button empties it and calls `cleared`. `copy` is the rows' Copy JSON.
 */
export const createList = (
  panel: HTMLElement,
  copy: (text: string) => Promise<boolean>,
  cleared: () => void,
): Pick<View, 'added' | 'changed' | 'removed'> => {
  const rows = new Map<Entry, Row>();
  const held: Row[] = [];
  let paused = false;

  const stage = select('Filter by stage', ['All stages', ...STAGES]);
  const type = select('Filter by type', ['All types']);
  const types = new Set<string>();
  const visible = ({ event }: Entry) => (!stage.value || event.stage == stage.value) && (!type.value || event.type == type.value);
  stage.onchange = type.onchange = () => rows.forEach((row, entry) => (row.el.hidden = !visible(entry)));

  const list = labelled(h('ul', ''), 'Events, newest first', 'list');
  const empty = h('p', 'e', 'No events yet.');
  const pause = button('Pause', 'Pause the list', () => {
    paused = !paused;
    if (!paused) for (const row of held.splice(0)) list.prepend(row.el);
    pauseLabel();
  });
  const pauseLabel = () => {
    pause.textContent = paused ? `Resume (${held.length})` : 'Pause';
    pause.setAttribute('aria-pressed', String(paused));
  };
  pauseLabel();
  const clear = button('Clear', 'Clear events and warnings', () => {
    cleared();
    rows.clear();
    held.length = 0;
    list.textContent = '';
    empty.hidden = false;
    pauseLabel();
  });
  panel.append(h('div', 'fl', stage, type, pause, clear), h('div', 'ls', list, empty));

  return {
    added(entry) {
      const row = createRow(entry, copy);
      rows.set(entry, row);
      const t = String(entry.event.type);
      if (!types.has(t)) types.add(t), type.append(new Option(t, t));
      row.el.hidden = !visible(entry);
      paused ? held.push(row) : list.prepend(row.el);
      empty.hidden = true;
      pauseLabel();
    },
    changed: (entry) => rows.get(entry)?.update(),
    removed(entry) {
      const row = rows.get(entry);
      row?.el.remove();
      rows.delete(entry);
      if (row && held.includes(row)) held.splice(held.indexOf(row), 1);
    },
  };
};
