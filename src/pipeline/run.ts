import type { HookStage, StageHook, WaymarkEvent } from '../types.js';
import type { Core, Draft, Stage } from './types.js';
import { validate } from './validate.js';
import { enrich } from './enrich.js';
import { classify } from './classify.js';
import { protect } from './protect.js';
import { queue } from './queue.js';

/**
 * Every event takes one path: validate → enrich → classify → protect → queue, a function per
 * stage (one file each, beside this one). Plugins hook into three points: after enrich and after
 * classify, to add what they know (a capture module adds the page's type and stage); and at the
 * start of protect, to change or drop the event (`beforeSend` is the first of those). The whole
 * run is inside the instance's one guard; a hook that throws costs its change only.
 */
export const createPipeline = (core: Core) => {
  const hooks: Record<HookStage, [StageHook, string][]> = { enrich: [], classify: [], protect: [] };
  if (core.config.beforeSend) hooks.protect.push([core.config.beforeSend, 'beforeSend']);

  /** The hooks of one point, in the order they were added: each may replace the event, or drop it (null). */
  const hooked =
    (point: HookStage): Stage =>
    (d, { warn, drop }) => {
      for (const [hook, name] of hooks[point])
        try {
          const changed = hook(d.event);
          if (changed === null) return drop([d.id], name), false;
          if (changed && typeof changed == 'object') d.event = changed as WaymarkEvent;
        } catch (e) {
          warn(`${name} threw, event sent unchanged: ${e}`, d.id);
        }
    };
  const steps: Stage[] = [validate, enrich, hooked('enrich'), classify, hooked('classify'), hooked('protect'), protect, queue];

  return {
    /** Add a plugin's hook at `point`; `name` is the drop reason it reports. */
    hook(point: HookStage, fn: StageHook, name = 'plugin'): void {
      hooks[point]?.push([fn, name]);
    },
    /** Take one event through every stage, until one stops it. */
    run(draft: Draft): void {
      for (const step of steps) if (step(draft, core) === false) return;
    },
  };
};

export type Pipeline = ReturnType<typeof createPipeline>;
