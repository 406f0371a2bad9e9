import type { OverlayHost } from './host.js';
import type { Store } from '../storage.js';
import type { Model, View } from './model.js';
import { createModel } from './model.js';
import { createList } from './list.js';
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

/** Dock `el` to the corner the tab remembers; the button returned moves it to the next one. */
const dock = (el: HTMLElement, store: Store) => {
  let corner = Math.max(0, CORNERS.indexOf(store.get(CORNER_KEY) ?? ''));
  el.className = CORNERS[corner]!;
  return button('⇲', 'Move to the next corner', () => {
    store.set(CORNER_KEY, (el.className = CORNERS[(corner = (corner + 1) % CORNERS.length)]!));
  });
};

/**
 * Expand `panel` or minimise it to `badge`; Escape minimises too. Focus follows only if it was in
 * the overlay, so the page keeps its own.
 */
const minimiser = (root: ShadowRoot, panel: HTMLElement, badge: HTMLElement, minimise: HTMLElement) => {
  const show = (open: boolean) => {
    const focused = !!root.activeElement;
    panel.hidden = !open;
    badge.hidden = open;
    if (focused) (open ? minimise : badge).focus();
  };
  root.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key == 'Escape' && !panel.hidden) show(false);
  });
  return show;
};

/** The panel, and the badge it minimises to, in `root`: the view of the model returned. */
const createPanel = (root: ShadowRoot, host: OverlayHost, corner: HTMLElement): Model => {
  const { store } = host;
  const count = h('span', 'n');
  count.setAttribute('role', 'status');
  count.setAttribute('aria-live', 'polite');
  const badgeCount = h('span', '');
  badgeCount.setAttribute('aria-live', 'polite');
  const badge = button('', 'Show the Waymark debug overlay', () => show(true), 'bd');
  badge.append('Waymark ', badgeCount);
  badge.hidden = true;

  const general = labelled(h('ul', ''), 'General warnings', 'list');
  const warnings = labelled(h('section', 'gw', h('h3', '', 'Warnings'), general), 'Warnings');
  warnings.hidden = true;
  const journey = createJourney();
  const vitals = createVitals();

  const minimise = button('–', 'Minimise (Escape)', () => show(false));
  const header = h('header', '', h('h2', '', 'Waymark'), count, corner, minimise, button('×', 'Close the debug overlay', () => host.close()));
  const panel = labelled(h('section', 'p', header, journey.el, vitals.el, warnings), 'Waymark debug overlay', 'region');
  const show = minimiser(root, panel, badge, minimise);
  const clear = () => {
    model.clear();
    general.textContent = '';
    warnings.hidden = true;
  };

  const view: View = {
    ...createList(panel, (text) => copyText(text, root), clear),
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
  root.append(h('div', 'wm', panel, badge));
  return model;
};

/**
 * The debug overlay: a panel in a shadow root that shows what the instance records, live. It
 * reads the instance through `on()` only and writes nothing but its own DOM.
 */
export default function mountOverlay(host: OverlayHost): () => void {
  const el = document.createElement('waymark-debug');
  const root = el.attachShadow({ mode: 'open' });
  adoptStyles(root);
  const model = createPanel(root, host, dock(el, host.store));
  for (const report of host.history) model.apply(report);
  model.settle();
  const offs = (['track', 'status', 'warn'] as const).map((t) =>
    host.waymark.on(t, (data: any) => {
      model.apply([t, data]);
      if (t == 'warn') queueMicrotask(model.settle);
    }),
  );
  document.documentElement.append(el);
  return () => {
    offs.forEach((off) => off());
    el.remove();
  };
}
