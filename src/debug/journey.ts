import type { Journey } from './model.js';
import { LIFECYCLES, STAGES } from './model.js';
import { h, labelled } from './dom.js';
import { touch } from './format.js';

/**
 * The journey strip: the five stages with those reached this session lit, the lifecycle stage,
 * and who the shopper is and where they came from.
 */
export const createJourney = () => {
  const stages = STAGES.map((s) => h('li', 'b s-' + s, s));
  const lifecycles = LIFECYCLES.map((l) => h('li', '', l));
  const values = ['Session', 'Anonymous id', 'User id', 'First touch', 'Last touch'].map((name) => [
    h('dt', '', name),
    h('dd', '', '–'),
  ]);
  const el = h(
    'div',
    'jr',
    labelled(h('ol', 'sg', ...stages), 'Journey stages reached this session'),
    labelled(h('ol', 'lf', ...lifecycles), 'Lifecycle stage'),
    h('dl', '', ...values.flat()),
  );

  return {
    el,
    update(j: Journey) {
      stages.forEach((li, i) => {
        const on = j.stages.has(STAGES[i]!);
        li.classList.toggle('off', !on);
        li.setAttribute('aria-label', STAGES[i] + (on ? ', reached' : ', not reached'));
      });
      lifecycles.forEach((li, i) => {
        const on = LIFECYCLES[i] == j.lifecycle;
        li.classList.toggle('on', on);
        on ? li.setAttribute('aria-current', 'step') : li.removeAttribute('aria-current');
      });
      const texts = [j.session, j.anonymous, j.user, touch(j.first), touch(j.last)];
      values.forEach(([, dd], i) => (dd!.textContent = texts[i] == null || texts[i] === '' ? '–' : String(texts[i])));
    },
  };
};
