import type { Vital } from './model.js';
import { fill, h, labelled } from './dom.js';
import { vital } from './format.js';

/** Core Web Vitals, shown only once `web_vital` events arrive (from the capture module). */
export const createVitals = () => {
  const list = h('ul', 'vl');
  const el = labelled(h('section', 'vt', h('h3', '', 'Web vitals'), list), 'Web vitals');
  el.hidden = true;
  return {
    el,
    update(vitals: Map<string, Vital>) {
      el.hidden = !vitals.size;
      fill(
        list,
        ...[...vitals].map(([name, v]) =>
          h('li', '', name + ' ', h('b', 'r-' + (v.rating ?? ''), vital(name, v.value)), v.rating ? ' ' + v.rating : ''),
        ),
      );
    },
  };
};
