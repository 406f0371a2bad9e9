import type { BusEvents, PageContext, Plugin, Props, TrackOptions, Touchpoint, Waymark, WaymarkConfig, WaymarkEvent, WireFormat } from './types.js';
import type { Transport } from './delivery/transport.js';
import type { MountOverlay } from './debug/host.js';
import type { Browser, Guard } from './env.js';
import { createBus } from './bus.js';
import { createWarn } from './log.js';
import { createStore } from './storage.js';
import { readConfig } from './config.js';
import { createEnv, pageBrowser, uuid } from './env.js';
import { show, validate } from './events/validate.js';
import { serialize } from './events/serialize.js';
import { classifyStage, isPageType, isStage, PAGE_TYPES } from './journey/stage.js';
import { classifyLifecycle } from './journey/lifecycle.js';
import { classifyTouch } from './context/touchpoint.js';
import { isAutomated } from './context/automation.js';
import { createState } from './context/state.js';
import { compilePatterns, detectPageType, pageContext } from './context/page.js';
import { browserTransport } from './delivery/transport.js';
import { createQueue } from './delivery/queue.js';
import { createOutbox } from './delivery/outbox.js';
import { followPageLife } from './delivery/page-life.js';
import { watchRoutes } from './capture/pages.js';
import { createDebug } from './debug/open.js';
import { createConsent, privacySignal } from './privacy/consent.js';
import { createProtector } from './privacy/redact.js';
import { fitEvent } from './privacy/size-limit.js';
import { each } from './pristine.js';

/** Events whose loss would hurt most: sent at once instead of waiting for the batch. */
const URGENT = ['order_completed', 'order_refunded'];

/** What the two entries (npm and script tag) plug in; tests inject fakes. */
export interface Deps {
  /** The browser; the page's own by default. */
  browser?: Browser;
  transport?: Transport;
  /** Loads the debug overlay chunk, only when it is opened. */
  overlay?: () => Promise<MountOverlay>;
  /** A consent call made before the instance existed (script tag): it sets the starting state. */
  consent?: unknown;
}

/** The whole SDK for one store, in a browser: every event takes one path, from `record` to the outbox. */
export function createWaymark(input: WaymarkConfig, deps: Deps = {}): Waymark {
  const bus = createBus<BusEvents>();
  let debug = false;
  try {
    debug = input.debug === true;
  } catch {
    // Read again, and warned about, below.
  }
  const warn = createWarn(() => debug, bus);
  const config = readConfig(input, warn);
  /** Every public call, timer, listener and hook goes through here: nothing reaches the store's page as an exception. */
  const guard: Guard =
    (fn) =>
    (...args) => {
      try {
        fn(...args);
      } catch (e) {
        warn('internal error: ' + e);
      }
    };
  const env = createEnv(deps.browser ?? pageBrowser(), guard);
  const { document, location } = env;

  const store = createStore(env, warn, config.storage);
  const drop = (ids: string[], reason: string) => void (ids.length && bus.emit('status', { ids, status: 'dropped', reason }));
  const gate = createConsent(
    store,
    config.respectPrivacySignals && privacySignal(env.navigator),
    config,
    warn,
    (entry, urgent) => outbox.push(entry, urgent),
    drop,
  );
  // Before anything is read: a denial clears storage. An unknown state waits for an answer.
  const said = deps.consent !== undefined;
  gate.set(said ? deps.consent : gate.optedOut() ? 'denied' : config.consent, said) || gate.set('pending', false);
  const protect = createProtector(config);
  let landing: Touchpoint | null = null;
  try {
    landing = protect(classifyTouch(location.href, document.referrer, [location.hostname, ...config.domains]));
  } catch {
    // An unparsable URL is no touchpoint.
  }
  const state = createState(store, landing, config.sessionMinutes * 60_000, env.now());
  const automated = isAutomated(env.navigator);
  const patterns = compilePatterns(config.pageTypes);
  let page: PageContext = protect(pageContext(env, document.referrer));
  let route = '';

  const queue = createQueue(env, store, uuid(), config, (lost) => outbox.lost(lost));
  const outbox = createOutbox(
    env,
    config,
    queue,
    deps.transport ?? browserTransport(env, () => env.live),
    (entries, status, reason, retryAt) => bus.emit('status', { ids: each(entries, (e) => e.id), status, reason, retryAt }),
    warn,
  );
  followPageLife(env, queue, outbox, state.save, state.sync);

  /** validate → enrich → classify → protect (beforeSend, redaction, size limit, consent) → queue. */
  const record = (type: unknown, input?: unknown, options?: TrackOptions, traits?: Props): void => {
    if (gate.state == 'denied') return;
    if (typeof type != 'string' || !type) return warn(`track needs an event type, got ${show(type)}`);
    if (type != 'page_viewed') onRoute();
    const { props, invalid, problems } = validate(type, input);
    const at = env.now();
    const landing = state.step(type, at);
    const { visitor, session } = state;
    if (/^product_(added_to|removed_from)_cart$/.test(type)) props.quantity ??= 1;
    if (type == 'search_submitted' && props.result_count === 0) props.zero_results = true;
    const stage = options?.stage;
    if (stage != null && !isStage(stage)) problems.push(`stage should be a journey stage, got ${show(stage)}`);

    let event: WaymarkEvent = {
      id: uuid(),
      type,
      ts: at,
      stage: classifyStage(type, props, { pageType: page.type, landing, customer: visitor.orders > 0 }, stage),
      lifecycle: classifyLifecycle(visitor),
      anonymous_id: visitor.anonymous_id,
      session_id: session.id,
      seq: session.seq,
      page,
      touch: session.touch,
      first_touch: visitor.first_touch,
      props,
    };
    if (visitor.user_id) event.user_id = visitor.user_id;
    if (automated) event.automated = true;
    if (traits) event.traits = traits;
    if (invalid.length) event.invalid = invalid;
    for (const p of problems) warn(`${type}: ${p}`, event.id);
    if (config.beforeSend) {
      try {
        const changed = config.beforeSend(event);
        if (changed === null) return bus.emit('status', { ids: [event.id], status: 'dropped', reason: 'beforeSend' });
        if (changed && typeof changed == 'object') event = changed;
      } catch (e) {
        warn('beforeSend threw, event sent unchanged: ' + e, event.id);
      }
    }
    // What the store gave us is made safe to leave the browser; the page and touch already were.
    event.props = protect(event.props);
    if (event.traits) event.traits = protect(event.traits);
    if (debug) {
      console.groupCollapsed(`[waymark] ${type} · ${event.stage} · ${event.lifecycle}`);
      console.debug(event);
      console.groupEnd();
    }
    // Before it is written: capture modules add the page's type and stage to their events here.
    bus.emit('track', event);
    const json = fitEvent(serialize(event, warn), warn);
    if (!json) return drop([event.id], 'too large');
    gate.push({ id: event.id, json }, URGENT.includes(type));
    if (gate.state == 'pending') bus.emit('status', { ids: [event.id], status: 'queued', reason: 'consent pending' });
  };

  const trackPage = (given?: unknown) => {
    const referrer = route ? page.url : document.referrer;
    route = location.pathname + location.search;
    let type = given ?? detectPageType(env, patterns, location.pathname);
    if (type != null && !isPageType(type)) {
      warn(`page type should be one of ${PAGE_TYPES.join(', ')}, got ${show(type)}`);
      type = undefined;
    }
    page = protect(pageContext(env, referrer, type));
    record('page_viewed', {});
  };
  /** A route change not seen yet (the SPA just called pushState): its page view comes first. */
  let moved = true;
  const onRoute = () => {
    if (moved && config.trackPages && ((moved = false), location.pathname + location.search != route)) trackPage();
  };

  /** A format file registers: delivery held for it resumes. */
  const format = (wire: WireFormat, name: string) => {
    if (config.format == name) (config.format = wire), outbox.resume(true);
  };

  const overlay = createDebug(env, store.tab, bus, deps.overlay, warn);
  /** A public method: guarded, and a silent no-op once the instance is destroyed. */
  const method = <A extends unknown[]>(fn: (...a: A) => void) => {
    const guarded = guard(fn);
    return (...a: A): void => (env.live ? guarded(...a) : undefined);
  };
  const instance: Waymark = {
    track: method(record),
    page: method(trackPage),
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
      (plugin as Plugin)({ ...instance, on: (type: keyof BusEvents, fn: any) => (type == 'track' && heard.push(fn), instance.on(type, fn)) }, { env, store, format });
      for (const [type, data] of overlay.recent) if (type == 'track') each(heard, (fn) => guard(fn)(data));
    }),
    consent: method((value: unknown) => {
      if (!gate.set(value, true)) return;
      if (gate.state == 'granted') state.save(), queue.save();
      if (gate.state == 'denied') {
        drop(each(queue.entries, (e) => e.id), 'consent denied');
        queue.remove(queue.entries);
        state.reset(env.now());
      }
    }),
    destroy: method(env.stop),
  };
  overlay.start(instance, config.overlay);
  // Plugins first, so they see the landing page view.
  each(config.plugins, (p) => instance.use(p));
  if (config.trackPages) {
    watchRoutes(env, () => (moved = true), onRoute);
    onRoute();
  }
  return instance;
}
