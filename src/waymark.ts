import type { BusEvents, Plugin, Props, TrackOptions, Waymark, WaymarkConfig, WaymarkEvent, WireFormat } from './types.js';
import type { Deps } from './core.js';
import { createCore } from './core.js';
import { uuid } from './env.js';
import { show } from './events/validate.js';
import { createPageViews } from './capture/pages.js';
import { createDebug } from './debug/open.js';
import { createPipeline } from './pipeline/run.js';
import { each } from './pristine.js';

export type { Deps } from './core.js';

/** The whole SDK for one store, in a browser: the public API over the core and its pipeline. */
export function createWaymark(input: WaymarkConfig, deps: Deps = {}): Waymark {
  const core = createCore(input, deps);
  const { env, config, bus, warn, state, gate, protect, store, queue, outbox } = core;
  const pipeline = createPipeline(core);
  const record = (type: unknown, input?: unknown, options?: TrackOptions, traits?: Props): void => {
    if (gate.state == 'denied') return;
    if (typeof type != 'string' || !type) return warn(`track needs an event type, got ${show(type)}`);
    if (type != 'page_viewed') pages.onRoute();
    pipeline.run({ id: uuid(), type, input, options, traits } as Parameters<typeof pipeline.run>[0]);
  };
  const pages = createPageViews(core, record);

  /** A format file registers: delivery held for it resumes. */
  const format = (wire: WireFormat, name: string) => {
    if (config.format == name) (config.format = wire), outbox.resume(true);
  };

  const overlay = createDebug(env, store.tab, bus, deps.overlay, warn);
  /** A public method: guarded, and a silent no-op once the instance is destroyed. */
  const method = <A extends unknown[]>(fn: (...a: A) => void) => {
    const guarded = env.guard(fn);
    return (...a: A): void => (env.live ? guarded(...a) : undefined);
  };
  const instance: Waymark = {
    track: method(record),
    page: method(pages.page),
    identify: method((userId: unknown, traits?: unknown) => {
      if (typeof userId == 'number') userId = String(userId);
      if (typeof userId != 'string' || !userId) return warn(`identify needs a user id, got ${show(userId)}`);
      const t = (traits && typeof traits == 'object' && !Array.isArray(traits) ? traits : {}) as Props;
      state.identify(protect(userId, 'user_id'), protect(t));
      record('identify', {}, undefined, t);
    }),
    reset: method(() => state.reset(env.now())),
    flush: () => (env.live ? outbox.flush().catch(() => false) : Promise.resolve(false)),
    on: (type, listener) => (typeof listener == 'function' && env.live ? bus.on(type, listener) : () => {}),
    debug: method((open?: boolean) => overlay.debug(instance, open)),
    use: method((plugin: unknown) => {
      if (typeof plugin != 'function') return warn('use needs a function');
      // A module whose script arrived after events were tracked hears this page's events first.
      const heard: ((e: WaymarkEvent) => void)[] = [];
      const on = (type: keyof BusEvents, fn: any) => (type == 'track' && heard.push(fn), instance.on(type, fn));
      (plugin as Plugin)({ ...instance, on }, { env, store, format, warn: (m) => warn(String(m)), hook: (point, fn) => typeof fn == 'function' && pipeline.hook(point, fn) });
      for (const [type, data] of overlay.recent) if (type == 'track') each(heard, (fn) => env.guard(fn)(data));
    }),
    consent: method((value: unknown) => {
      if (!gate.set(value, true)) return;
      if (gate.state == 'granted') state.save(), queue.save(), outbox.resume(false);
      if (gate.state == 'denied') {
        core.drop(each(queue.entries, (e) => e.id), 'consent denied');
        queue.remove(queue.entries);
        state.reset(env.now());
      }
    }),
    destroy: method(env.stop),
  };
  overlay.start(instance, config.overlay);
  // Plugins first, so they see the landing page view.
  each(config.plugins, (p) => instance.use(p));
  pages.start();
  return instance;
}
