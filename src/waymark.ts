import type { BusEvents, PageContext, Props, TrackOptions, Touchpoint, Waymark, WaymarkConfig, WaymarkEvent } from './types.js';
import type { Transport } from './delivery/transport.js';
import type { MountOverlay } from './debug/host.js';
import { createBus } from './bus.js';
import { createWarn } from './log.js';
import { createStore } from './storage.js';
import { now, uuid } from './env.js';
import { show, validate } from './events/validate.js';
import { serialize } from './events/serialize.js';
import { classifyStage, isPageType, isStage, PAGE_TYPES } from './journey/stage.js';
import { classifyLifecycle } from './journey/lifecycle.js';
import { classifyTouch } from './context/touchpoint.js';
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

/** Numeric settings and their defaults (documented on WaymarkConfig). */
export const DEFAULTS = {
  batchSize: 20,
  flushInterval: 1000,
  maxQueueEvents: 1000,
  maxQueueBytes: 1_000_000,
  maxRetries: 10,
  maxRetryDelay: 60_000,
  sessionMinutes: 30,
};
export type Settings = typeof DEFAULTS & Pick<WaymarkConfig, 'endpoint' | 'headers' | 'format'>;

/** Events whose loss would hurt most: sent at once instead of waiting for the batch. */
const URGENT = ['order_completed', 'order_refunded'];

/** What the two entries (npm and script tag) plug in; tests inject a fake transport. */
export interface Deps {
  transport?: Transport;
  /** Loads the debug overlay chunk, only when it is opened. */
  overlay?: () => Promise<MountOverlay>;
  /** Aborting it detaches the instance from the page (tests run many instances on one page). */
  signal?: AbortSignal;
  /** A consent call made before the instance existed (script tag): it sets the starting state. */
  consent?: unknown;
}

/** The whole SDK for one store, in a browser: every event takes one path, from `record` to the outbox. */
export function createWaymark(config: WaymarkConfig, deps: Deps = {}): Waymark {
  const bus = createBus<BusEvents>();
  const warn = createWarn(config.debug, bus);
  const { endpoint, headers, format } = config;
  // A format without a body function would fail later, in a timer: the default format instead.
  const settings: Settings = { ...DEFAULTS, endpoint, headers, format: typeof format?.body == 'function' ? format : undefined };
  for (const name of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
    const v = config[name];
    if (typeof v == 'number' && v > 0 && v < Infinity) settings[name] = v;
    else if (v != null) warn(`config.${name} should be a number > 0, got ${show(v)}`);
  }
  /** Every public call and handler goes through here: nothing reaches the store's page as an exception. */
  const guard =
    <F extends (...a: any[]) => void>(fn: F): F =>
    ((...args: unknown[]) => {
      try {
        fn(...args);
      } catch (e) {
        warn('internal error: ' + e);
      }
    }) as F;

  const store = createStore(warn, config.storage);
  const drop = (ids: string[], reason: string) => void (ids.length && bus.emit('status', { ids, status: 'dropped', reason }));
  const gate = createConsent(
    store,
    config.respectPrivacySignals !== false && privacySignal(),
    settings,
    warn,
    (entry, urgent) => outbox.push(entry, urgent),
    drop,
  );
  // Before anything is read: a denial clears storage. An unknown state waits for an answer.
  const said = deps.consent !== undefined;
  gate.set(said ? deps.consent : gate.optedOut() ? 'denied' : (config.consent ?? 'granted'), said) || gate.set('pending', false);
  const protect = createProtector(config);
  let landing: Touchpoint | null = null;
  try {
    landing = protect(classifyTouch(location.href, document.referrer, [location.hostname, ...(config.domains ?? [])]));
  } catch {
    // An unparsable URL is no touchpoint.
  }
  const state = createState(store, landing, settings.sessionMinutes * 60_000, now());
  const patterns = compilePatterns(config.pageTypes);
  let page: PageContext = protect(pageContext(document.referrer));
  let route = '';

  const queue = createQueue(store, uuid(), settings, (lost) => outbox.lost(lost));
  const outbox = createOutbox(
    settings,
    queue,
    deps.transport ?? browserTransport,
    (entries, status, reason, retryAt) => bus.emit('status', { ids: entries.map((e) => e.id), status, reason, retryAt }),
    warn,
  );
  followPageLife(queue, outbox, state.save, state.sync, guard, deps.signal);

  /** validate → enrich → classify → protect (beforeSend, redaction, size limit, consent) → queue. */
  const record = (type: unknown, input?: unknown, options?: TrackOptions, traits?: Props): void => {
    if (gate.state == 'denied') return;
    if (typeof type != 'string' || !type) return warn(`track needs an event type, got ${show(type)}`);
    if (type != 'page_viewed') onRoute();
    const { props, invalid, problems } = validate(type, input);
    const at = now();
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
    if (config.debug) {
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
    let type = given ?? detectPageType(patterns, location.pathname);
    if (type != null && !isPageType(type)) {
      warn(`page type should be one of ${PAGE_TYPES.join(', ')}, got ${show(type)}`);
      type = undefined;
    }
    page = protect(pageContext(referrer, type));
    record('page_viewed', {});
  };
  /** A route change not seen yet (the SPA just called pushState): its page view comes first. */
  let moved = true;
  const onRoute = () => {
    if (moved && config.trackPages !== false && ((moved = false), location.pathname + location.search != route)) trackPage();
  };

  const overlay = createDebug(bus, deps.overlay, warn);
  const instance: Waymark = {
    track: guard(record),
    page: guard(trackPage),
    identify: guard((userId: unknown, traits?: unknown) => {
      if (typeof userId == 'number') userId = String(userId);
      if (typeof userId != 'string' || !userId) return warn(`identify needs a user id, got ${show(userId)}`);
      const t = (traits && typeof traits == 'object' && !Array.isArray(traits) ? traits : {}) as Props;
      state.identify(protect(userId, 'user_id'), protect(t));
      record('identify', {}, undefined, t);
    }),
    reset: guard(() => state.reset(now())),
    flush: () => outbox.flush().catch(() => false),
    on: (type, listener) => (typeof listener == 'function' ? bus.on(type, listener) : () => {}),
    debug: guard((open?: boolean) => overlay.debug(instance, open)),
    use: guard((plugin: unknown) => {
      if (typeof plugin != 'function') return warn('use needs a function');
      // A module whose script arrived after events were tracked hears this page's events first.
      const heard: ((e: WaymarkEvent) => void)[] = [];
      plugin({ ...instance, on: (type: keyof BusEvents, fn: any) => (type == 'track' && heard.push(fn), instance.on(type, fn)) });
      for (const [type, data] of overlay.recent) if (type == 'track') heard.forEach((fn) => guard(fn)(data));
    }),
    consent: guard((value: unknown) => {
      if (!gate.set(value, true)) return;
      if (gate.state == 'granted') state.save(), queue.save();
      if (gate.state == 'denied') {
        drop(queue.entries.map((e) => e.id), 'consent denied');
        queue.remove(queue.entries);
        state.reset(now());
      }
    }),
  };
  overlay.start(instance, config.overlay);
  // Plugins first, so they see the landing page view.
  if (Array.isArray(config.plugins)) config.plugins.forEach(instance.use);
  if (config.trackPages !== false) {
    watchRoutes(() => (moved = true), guard(onRoute));
    onRoute();
  }
  return instance;
}
