import type {
  BusEvents,
  PageContext,
  PageType,
  Props,
  TrackOptions,
  Touchpoint,
  Waymark,
  WaymarkConfig,
  WaymarkEvent,
} from './types';
import type { Transport } from './delivery/transport';
import type { Session } from './context/session';
import { createBus } from './bus';
import { createWarn } from './log';
import { createStore } from './storage';
import { inBrowser, now, on, soon, uuid } from './env';
import { validate } from './events/validate';
import { classifyStage, isStage } from './journey/stage';
import { classifyLifecycle, recordEvent, recordTraits } from './journey/lifecycle';
import { classifyTouch } from './context/touchpoint';
import { loadVisitor, saveVisitor, VISITOR_KEY } from './context/visitor';
import { expired, newSession, readSession, resumeSession, saveSession, SESSION_KEY } from './context/session';
import { compilePatterns, detectPageType, pageContext } from './context/page';
import { browserTransport } from './delivery/transport';
import { createQueue, HEARTBEAT } from './delivery/queue';
import { createOutbox } from './delivery/outbox';
import { watchRoutes } from './capture/pages';
import { serialize } from './events/serialize';

const DEFAULTS = {
  batchSize: 20,
  flushInterval: 1000,
  maxQueueEvents: 1000,
  maxQueueBytes: 1_000_000,
  maxRetries: 10,
  maxRetryDelay: 60_000,
  sessionMinutes: 30,
};

const DIRECT: Touchpoint = { channel: 'direct', source: 'direct' };

const noop = () => {};

/** What `createWaymark` returns on a server, or without an endpoint: every call does nothing. */
const inert = (): Waymark => ({
  track: noop,
  page: noop,
  identify: noop,
  reset: noop,
  flush: async () => true,
  on: () => noop,
  use: noop,
});

/** Events whose loss would hurt most: sent at once instead of waiting for the batch. */
const URGENT = new Set(['order_completed', 'order_refunded']);

/**
 * Create a Waymark instance: it tracks the landing page view at once (unless `trackPages` is
 * false) and every route change of a single-page shop after it.
 *
 * @example
 * const waymark = createWaymark({ endpoint: 'https://collect.example.com/events' });
 * waymark.track('product_viewed', { id: 'sku-1', name: 'Mug', price: 12, currency: 'EUR' });
 */
export function createWaymark(config: WaymarkConfig, transport: Transport = browserTransport): Waymark {
  if (!inBrowser()) return inert();
  const bus = createBus<BusEvents>();
  const warn = createWarn(config?.debug, bus);
  if (typeof config?.endpoint != 'string' || !config.endpoint) {
    warn('createWaymark needs { endpoint: "<collector URL>" }: nothing will be tracked');
    return inert();
  }

  /** A positive number from the configuration, or the default with a warning. */
  const setting = (name: keyof typeof DEFAULTS): number => {
    const v = config[name];
    if (v == null) return DEFAULTS[name];
    if (typeof v == 'number' && v > 0 && v < Infinity) return v;
    warn(`config.${name} should be a number > 0, got ${String(v)}: using ${DEFAULTS[name]}`);
    return DEFAULTS[name];
  };
  const maxIdle = setting('sessionMinutes') * 60_000;
  const patterns = compilePatterns(config.pageTypes);
  const store = createStore(warn);

  // Who and where: the touch of this page load, the visitor, the session.
  let landing: Touchpoint | null = null;
  try {
    landing = classifyTouch(location.href, document.referrer, [location.hostname, ...(config.domains ?? [])]);
  } catch {
    // An unparsable URL is no touchpoint.
  }
  let { visitor, fresh: newVisitor } = loadVisitor(store, landing ?? DIRECT);
  let session: Session = resumeSession(store, landing, now(), maxIdle);
  let page: PageContext = pageContext(document.referrer);
  let route = '';

  let saving = false;
  const saveState = () => {
    saving = false;
    saveSession(store, session);
    saveVisitor(store, visitor);
  };
  const saveSoon = () => {
    if (!saving) {
      saving = true;
      soon(saveState);
    }
  };

  // Delivery: this page's persisted queue and the outbox that empties it.
  const queue = createQueue(
    store,
    uuid(),
    { maxEvents: setting('maxQueueEvents'), maxBytes: setting('maxQueueBytes') },
    (lost) => outbox.lost(lost),
  );
  const outbox = createOutbox(
    {
      endpoint: config.endpoint,
      headers: config.headers,
      batchSize: setting('batchSize'),
      flushInterval: setting('flushInterval'),
      maxRetries: setting('maxRetries'),
      maxRetryDelay: setting('maxRetryDelay'),
    },
    queue,
    transport,
    (entries, status, reason, retryAt) => bus.emit('status', { ids: entries.map((e) => e.id), status, reason, retryAt }),
    warn,
  );

  /** The one path of every event: validate, enrich, classify, protect, queue. */
  const record = (type: unknown, input: unknown, options?: TrackOptions, traits?: Props): void => {
    if (typeof type != 'string' || !type.trim()) return warn(`track needs an event type (a string), got ${String(type)}`);
    const { props, invalid, problems } = validate(type, input);
    const at = now();
    if (expired(session, at, maxIdle)) session = resumeSession(store, null, at, maxIdle);
    session.last = at;
    session.seq++;
    const isPage = type == 'page_viewed';
    const landingView = isPage && ((!session.pages && session.touch.channel != 'direct') || newVisitor);
    if (isPage) {
      session.pages++;
      newVisitor = false;
    }
    recordEvent(visitor, type);
    if (/^product_(added_to|removed_from)_cart$/.test(type) && props.quantity == null) props.quantity = 1;
    if (type == 'search_submitted' && props.result_count === 0) props.zero_results = true;
    if (options?.stage != null && !isStage(options.stage)) problems.push(`stage should be a journey stage, got ${String(options.stage)}`);

    let event: WaymarkEvent = {
      id: uuid(),
      type,
      ts: at,
      stage: classifyStage(type, props, { pageType: page.type, landing: landingView, customer: visitor.orders > 0 }, options?.stage),
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
    saveSoon();

    if (config.beforeSend) {
      try {
        const changed = config.beforeSend(event);
        if (changed === null) return void bus.emit('status', { ids: [event.id], status: 'dropped', reason: 'beforeSend' });
        if (changed && typeof changed == 'object') event = changed;
      } catch (e) {
        warn(`beforeSend threw (${String(e)}): the event goes unchanged`, event.id);
      }
    }
    if (config.debug) console.debug(`[waymark] ${type} · ${event.stage} · ${event.lifecycle}`, event);
    bus.emit('track', event);
    outbox.push({ id: event.id, json: serialize(event, warn) }, URGENT.has(type));
  };

  const trackPage = (type?: unknown) => {
    const referrer = route ? page.url : document.referrer;
    route = location.pathname + location.search;
    const detected = typeof type == 'string' ? (type as PageType) : detectPageType(patterns, location.pathname);
    page = pageContext(referrer, detected);
    record('page_viewed', {});
  };

  /** Every public call goes through here: nothing reaches the store's page as an exception. */
  const guard =
    <A extends unknown[]>(name: string, fn: (...args: A) => void) =>
    (...args: A): void => {
      try {
        fn(...args);
      } catch (e) {
        warn(`${name} failed: ${String(e)}`);
      }
    };

  // The page's life: hide, leave, come back from the back/forward cache, other tabs.
  const leave = () => {
    saveState();
    outbox.leave();
  };
  on(document, 'visibilitychange', guard('visibilitychange', () => document.visibilityState == 'hidden' && leave()));
  // pagehide, never unload: an unload handler keeps the page out of the back/forward cache.
  on(window, 'pagehide', guard('pagehide', () => (leave(), queue.release())));
  on(document, 'freeze', guard('freeze', () => (leave(), queue.release())));
  const back = guard('pageshow', () => (queue.reclaim(), outbox.resume(false)));
  on(window, 'pageshow', (e: PageTransitionEvent) => e.persisted && back());
  on(document, 'resume', back);
  on(window, 'online', guard('online', () => outbox.resume(true)));
  const adopt = () => queue.adopt(() => outbox.resume(false));
  on(
    window,
    'storage',
    guard('storage', (e: StorageEvent) => {
      if (e.key == SESSION_KEY) session = readSession(store) ?? session;
      else if (e.key == VISITOR_KEY) visitor = loadVisitor(store, visitor.first_touch).visitor;
      else if (e.key?.startsWith('wm.h.') && e.newValue == null) adopt();
    }),
  );
  setInterval(
    guard('heartbeat', () => (queue.beat(), adopt())),
    HEARTBEAT,
  );
  adopt();

  const instance: Waymark = {
    track: guard('track', record),
    page: guard('page', trackPage),
    identify: guard('identify', (userId: unknown, traits?: unknown) => {
      if (typeof userId == 'number') userId = String(userId);
      if (typeof userId != 'string' || !userId) return warn(`identify needs a user id (a string), got ${String(userId)}`);
      const t = traits && typeof traits == 'object' && !Array.isArray(traits) ? (traits as Props) : {};
      visitor.user_id = userId;
      recordTraits(visitor, t);
      record('identify', {}, undefined, t);
    }),
    reset: guard('reset', () => {
      visitor = { anonymous_id: uuid(), orders: 0, first_touch: session.touch };
      session = newSession(null, now());
      saveState();
    }),
    flush: () => outbox.flush().catch(() => false),
    on: bus.on,
    use: guard('use', (plugin: unknown) => {
      if (typeof plugin != 'function') return warn(`use needs a plugin function, got ${String(plugin)}`);
      plugin(instance);
    }),
  };
  // Plugins first, so they see the landing page view.
  config.plugins?.forEach(instance.use);
  if (config.trackPages !== false) {
    watchRoutes(guard('route', () => location.pathname + location.search != route && trackPage()));
    trackPage();
  }
  return instance;
}
