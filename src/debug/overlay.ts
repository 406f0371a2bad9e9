import type { OverlayHost } from './host.js';
import type { Entry, View } from './model.js';
import type { Row } from './row.js';
import { createModel, STAGES } from './model.js';
import { createRow } from './row.js';
import { createJourney } from './journey.js';
import { createVitals } from './vitals.js';
import { adoptStyles } from './styles.js';
import { copyText } from './copy.js';
import { button, h, labelled } from './dom.js';

/** Corners the panel docks to, in the order the corner button cycles them. */
const CORNERS = ['br', 'bl', 'tl', 'tr'];
const CORNER_KEY = 'wm.debug.corner';
/** Stages reached this session: the list starts afresh on each page, the strip should not. */
const JOURNEY_KEY = 'wm.debug.journey';


const plural = (n: number, word: string) => `${n} ${word}${n == 1 ? '' : 's'}`;

const select = (label: string, options: string[]): HTMLSelectElement =>
  labelled(h('select', '', ...options.map((o, i) => new Option(o, i ? o : ''))), label);

/**
 * The debug overlay: a panel in a shadow root that shows what the instance records, live. It
 * reads the instance through `on()` only and writes nothing but its own DOM.
 */
export default function mountOverlay(host: OverlayHost): () => void {
  const el = document.createElement('waymark-debug');
  const root = el.attachShadow({ mode: 'open' });
  adoptStyles(root);
  const { store } = host;
  let corner = Math.max(0, CORNERS.indexOf(store.get(CORNER_KEY) ?? ''));
  el.className = CORNERS[corner]!;

  const rows = new Map<Entry, Row>();
  const held: Row[] = [];
  let paused = false;
  const copy = (text: string) => copyText(text, root);

  const count = h('span', 'n');
  count.setAttribute('role', 'status');
  count.setAttribute('aria-live', 'polite');
  const badgeCount = h('span', '');
  badgeCount.setAttribute('aria-live', 'polite');
  const badge = button('', 'Show the Waymark debug overlay', () => show(true), 'bd');
  badge.append('Waymark ', badgeCount);
  badge.hidden = true;

  const stage = select('Filter by stage', ['All stages', ...STAGES]);
  const type = select('Filter by type', ['All types']);
  const types = new Set<string>();
  const visible = ({ event }: Entry) => (!stage.value || event.stage == stage.value) && (!type.value || event.type == type.value);
  stage.onchange = type.onchange = () => rows.forEach((row, entry) => (row.el.hidden = !visible(entry)));

  const list = labelled(h('ul', ''), 'Events, newest first', 'list');
  const empty = h('p', 'e', 'No events yet.');
  const general = labelled(h('ul', ''), 'General warnings', 'list');
  const warnings = labelled(h('section', 'gw', h('h3', '', 'Warnings'), general), 'Warnings');
  warnings.hidden = true;
  const journey = createJourney();
  const vitals = createVitals();

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
    model.clear();
    rows.clear();
    held.length = 0;
    list.textContent = general.textContent = '';
    warnings.hidden = true;
    empty.hidden = false;
    pauseLabel();
  });

  const minimise = button('–', 'Minimise (Escape)', () => show(false));
  const panel = labelled(
    h(
      'section',
      'p',
      h(
        'header',
        '',
        h('h2', '', 'Waymark'),
        count,
        button('⇲', 'Move to the next corner', () => {
          store.set(CORNER_KEY, (el.className = CORNERS[(corner = (corner + 1) % CORNERS.length)]!));
        }),
        minimise,
        button('×', 'Close the debug overlay', () => host.close()),
      ),
      journey.el,
      vitals.el,
      warnings,
      h('div', 'fl', stage, type, pause, clear),
      h('div', 'ls', list, empty),
    ),
    'Waymark debug overlay',
    'region',
  );

  /** Expand or minimise; focus follows only if it was in the overlay, so the page keeps its own. */
  const show = (open: boolean) => {
    const focused = !!root.activeElement;
    panel.hidden = !open;
    badge.hidden = open;
    if (focused) (open ? minimise : badge).focus();
  };
  root.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key == 'Escape' && !panel.hidden) show(false);
  });

  const view: View = {
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
    warned(message) {
      general.prepend(h('li', '', '⚠ ' + message));
      warnings.hidden = false;
    },
    journey(j) {
      journey.update(j);
      store.set(JOURNEY_KEY, JSON.stringify({ session: j.session, stages: [...j.stages] }));
    },
    vitals: vitals.update,
    counts(events, warns) {
      const text = `${plural(events, 'event')} · ${plural(warns, 'warning')}`;
      count.textContent = text;
      badgeCount.textContent = `${events}` + (warns ? ` · ⚠ ${warns}` : '');
      badge.setAttribute('aria-label', 'Show the Waymark debug overlay: ' + text);
    },
  };
  const model = createModel(view);
  const { session, stages } = store.read<{ session?: string; stages?: string[] }>(JOURNEY_KEY) ?? {};
  if (typeof session == 'string' && Array.isArray(stages)) Object.assign(model.journey, { session, stages: new Set(stages) });
  journey.update(model.journey);
  view.counts(0, 0);
  for (const report of host.history) model.apply(report);
  model.settle();
  const offs = (['track', 'status', 'warn'] as const).map((t) =>
    host.waymark.on(t, (data: any) => {
      model.apply([t, data]);
      if (t == 'warn') queueMicrotask(model.settle);
    }),
  );

  root.append(h('div', 'wm', panel, badge));
  document.documentElement.append(el);
  return () => {
    offs.forEach((off) => off());
    el.remove();
  };
}
