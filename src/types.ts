import type { Env } from './env.js';
import type { Store } from './storage.js';

/** The shopper's own view: what the shopper is doing at the moment of the event. */
export type JourneyStage = 'awareness' | 'consideration' | 'purchase' | 'retention' | 'advocacy';

/** The store's view: how far this customer has come with the store, kept between visits. */
export type LifecycleStage = 'acquisition' | 'conversion' | 'loyalty' | 'advocacy';

/** Where the shopper met the brand, classified from UTM parameters, ad click ids and the referrer. */
export type Channel =
  | 'direct'
  | 'organic_search'
  | 'paid_search'
  | 'social'
  | 'paid_social'
  | 'email'
  | 'referral'
  | 'affiliate'
  | 'display'
  | 'other';

/** What kind of page the shopper is on; it sets the stage of page views. */
export type PageType =
  | 'home'
  | 'content'
  | 'category'
  | 'search'
  | 'product'
  | 'cart'
  | 'checkout'
  | 'confirmation'
  | 'order_status'
  | 'account';

/** A touchpoint: the channel and, where known, the campaign that brought the shopper. */
export interface Touchpoint {
  channel: Channel;
  /** `utm_source`, or the referring host name, or `direct`. */
  source: string;
  medium?: string;
  campaign?: string;
  term?: string;
  content?: string;
  /** Name of the ad click id that was present (`gclid`, `fbclid`, ...). */
  click_id?: string;
  /**
   * That click id's value, as the ad platform gave it: the key for uploading offline conversions
   * (an order placed by phone, a refund) back to the platform.
   * @example 'Cj0KCQiA4L67BhDUARIsADWrl7E'
   */
  click_id_value?: string;
}

/**
 * A product, with the field names of the common e-commerce specs.
 * Money is in major units (12.5 means 12.50), currency is an ISO 4217 code.
 */
export interface Product {
  /** The store's product id. Required. */
  id: string;
  sku?: string;
  name?: string;
  brand?: string;
  category?: string;
  variant?: string;
  price?: number;
  /** Defaults to 1 on cart events. */
  quantity?: number;
  currency?: string;
  coupon?: string;
  position?: number;
  url?: string;
  image_url?: string;
}

/** Money and items of a cart, a checkout or an order. */
export interface Basket {
  value?: number;
  currency?: string;
  items?: Product[];
}

/** Properties of each event in the taxonomy. */
export interface EventProps {
  page_viewed: Record<string, never>;
  product_list_viewed: { list_id?: string; list_name?: string; category?: string; items?: Product[] };
  /** `zero_results: true` is added when `result_count` is 0. */
  search_submitted: { query: string; result_count: number };
  product_viewed: Product;
  wishlist_added: Product;
  signed_up: { method: 'newsletter' | 'account' };
  product_added_to_cart: Product & { cart_id?: string };
  product_removed_from_cart: Product & { cart_id?: string };
  cart_viewed: Basket & { cart_id?: string };
  coupon_applied: { coupon: string; discount?: number; cart_id?: string };
  checkout_started: Basket & { checkout_id?: string };
  checkout_step_completed: {
    step: 'contact' | 'shipping' | 'payment' | 'review';
    /** The chosen option: shipping method, payment method, ... */
    option?: string;
    checkout_id?: string;
  };
  order_completed: Basket & {
    order_id: string;
    value: number;
    currency: string;
    tax?: number;
    shipping?: number;
    discount?: number;
    coupon?: string;
    payment_method?: string;
  };
  order_status_viewed: { order_id: string; status?: string };
  return_requested: { order_id: string; reason?: string; items?: Product[] };
  exchange_requested: { order_id: string; reason?: string; items?: Product[] };
  order_refunded: Basket & { order_id: string };
  support_contacted: { channel: string; topic?: string; order_id?: string };
  loyalty_joined: { program?: string; tier?: string };
  reward_redeemed: { reward: string; points?: number; value?: number; currency?: string };
  review_submitted: { product_id: string; rating: number; review_id?: string };
  referral_sent: { channel?: string; referral_code?: string };
  product_shared: { network: string; product_id?: string; url?: string };
  /** CSAT is scored 1-5, NPS 0-10. */
  survey_answered: { survey: 'csat' | 'nps'; score: number; comment?: string };
}

/** The event types Waymark knows. */
export type EventType = keyof EventProps;

/** Properties of a custom event. */
export type Props = Record<string, unknown>;

/**
 * The store's own events and their properties, declared by augmenting this interface; `track`
 * then checks them like the taxonomy's.
 * @example
 * declare module 'waymark' {
 *   interface CustomEvents {
 *     wishlist_shared: { list_id: string };
 *   }
 * }
 */
export interface CustomEvents {}

/**
 * A custom event name that `track` takes unchecked, for names known only at run time:
 * `waymark.track(name as UntypedEvent, props)`. Any other name must be the taxonomy's or declared
 * in `CustomEvents`, so a misspelt `'order_complete'` fails to compile.
 */
export type UntypedEvent = string & { readonly untypedEvent: true };

/** Every event `track` checks by name: the taxonomy's and the store's declared ones. */
export type TrackedEvents = EventProps & CustomEvents;

/** The arguments `track` takes after the event name: props are optional when none is required. */
export type TrackArgs<T> = T extends keyof TrackedEvents
  ? {} extends TrackedEvents[T]
    ? [props?: TrackedEvents[T], options?: TrackOptions]
    : [props: TrackedEvents[T], options?: TrackOptions]
  : [props?: Props, options?: TrackOptions];

/** Options of a single `track` call. */
export interface TrackOptions {
  /** Override the journey stage Waymark would give the event. */
  stage?: JourneyStage;
}

/** The page an event happened on. */
export interface PageContext {
  url: string;
  path: string;
  title: string;
  referrer: string;
  type?: PageType;
}

/** An event as Waymark sends it: the unit of the wire format. */
export interface WaymarkEvent {
  /** Unique id; collectors drop duplicates by it. */
  id: string;
  type: string;
  /** Client time, milliseconds since the epoch. */
  ts: number;
  stage: JourneyStage;
  lifecycle: LifecycleStage;
  anonymous_id: string;
  user_id?: string;
  session_id: string;
  /** Position of the event in its session, from 1. */
  seq: number;
  page: PageContext;
  /** The touchpoint that started this session (last touch). */
  touch: Touchpoint;
  /** The visitor's first touchpoint with the store. */
  first_touch: Touchpoint;
  props: Props;
  /** Traits given to `identify`. */
  traits?: Props;
  /**
   * Fields that failed validation (their values were left out of `props`), and names of fields
   * cut to keep the event under the size limit (`props` when all properties were left out).
   */
  invalid?: string[];
  /**
   * Present (and `true`) when the page runs under automation or is a known crawler or link-preview
   * fetcher (`navigator.webdriver`, a headless or crawler user agent): no shopper made the event,
   * so reports can leave such events out. Decided once per page load; absent for everyone else.
   */
  automated?: true;
}

/**
 * Whether the shopper agreed to be tracked. `granted`: events are stored and sent. `pending`: they
 * wait in memory and nothing is written to storage. `denied`: nothing is tracked, and everything
 * Waymark stored is removed.
 */
export type Consent = 'granted' | 'pending' | 'denied';

/**
 * A batch on the wire (`text/plain` JSON, gzip-compressed or not; published as
 * `schema/wire.json`). Fields that every event of the batch has alike are in `shared` and left
 * out of the events; each event takes the `shared` fields it does not have.
 */
export interface WireBatch {
  v: 1;
  /** Client time the batch left, milliseconds since the epoch. */
  sent_at: number;
  /** Events dropped from a full queue since the previous batch. */
  dropped?: number;
  /** What all the events of the batch say alike (page, touch, visitor, session…), said once. */
  shared?: Partial<WaymarkEvent>;
  events: Partial<WaymarkEvent>[];
}

/** A URL pattern: `*` matches any run of characters; a RegExp is used as is. */
export type UrlPattern = string | RegExp;

/** Configuration of a Waymark instance. */
export interface WaymarkConfig {
  /** Collector URL that receives batches. Required. */
  endpoint: string;
  /** Warnings and a per-event console trace. @defaultValue false */
  debug?: boolean;
  /** Track `page_viewed` on load and on SPA route changes. @defaultValue true */
  trackPages?: boolean;
  /** Page type by URL path pattern, e.g. `{ product: '/products/*' }`. */
  pageTypes?: Partial<Record<PageType, UrlPattern | UrlPattern[]>>;
  /** Extra host names that count as this store (a checkout on another domain). */
  domains?: string[];
  /** Minutes of inactivity that end a session. @defaultValue 30 */
  sessionMinutes?: number;
  /** Events per request. @defaultValue 20 */
  batchSize?: number;
  /** Milliseconds an event may wait before a flush. @defaultValue 1000 */
  flushInterval?: number;
  /** Extra request headers; a request with headers is sent by `fetch`, never by `sendBeacon`. */
  headers?: Record<string, string>;
  /** Events kept while the collector cannot be reached; the oldest go first. @defaultValue 1000 */
  maxQueueEvents?: number;
  /** Bytes kept while the collector cannot be reached. @defaultValue 1000000 */
  maxQueueBytes?: number;
  /** Attempts per page load before waiting for the next load or the `online` event. @defaultValue 10 */
  maxRetries?: number;
  /** Upper bound of the retry backoff, milliseconds. @defaultValue 60000 */
  maxRetryDelay?: number;
  /** Change an event before it is queued, or return `null` to drop it. */
  beforeSend?: (event: WaymarkEvent) => WaymarkEvent | null | undefined;
  /** Open the debug overlay on this page (also: `?waymark_debug=1` in the URL). @defaultValue false */
  overlay?: boolean;
  /** Optional parts to start with the instance, e.g. capture modules. */
  plugins?: Plugin[];
  /**
   * Another wire format (a pipeline's own); the default is Waymark's (`schema/wire.json`). A name
   * (`'segment'`, `'snowplow'`) waits for the script-tag format file of that name: until it
   * registers, events are tracked and stored but not sent.
   */
  format?: WireFormat | string;
  /**
   * The shopper's consent when the page loads. Leave it out where no consent banner is needed;
   * with a banner, start with `'pending'` and call `consent()` when the shopper answers. An opt-out
   * remembered from an earlier page (`wm.optout`) and the browser's privacy signals win over it.
   * @defaultValue 'granted'
   */
  consent?: Consent;
  /**
   * Treat Global Privacy Control (`navigator.globalPrivacyControl`) and Do Not Track
   * (`navigator.doNotTrack == '1'`) as a denial that `consent('granted')` cannot lift.
   * @defaultValue true
   */
  respectPrivacySignals?: boolean;
  /**
   * Where ids, the customer's lifecycle memory and unsent events are kept: `'local'` (shared by
   * the store's tabs, kept between visits), `'session'` (this tab, until it closes) or `'none'`
   * (this page only: a new visitor on every page load, no events recovered after a crash).
   * @defaultValue 'local'
   */
  storage?: 'local' | 'session' | 'none';
  /**
   * Replace e-mail addresses, phone numbers and card numbers in every string that leaves the
   * browser with `[email]`, `[phone]`, `[card]`. Fields named `id` or `*_id` keep their digits.
   * @defaultValue true
   */
  redact?: boolean;
  /**
   * Query and fragment parameters removed from URLs (`page.url`, `page.referrer`, any `*url`
   * property), by name, ignoring case. The list replaces the default.
   * @defaultValue ['token', 'access_token', 'id_token', 'refresh_token', 'auth', 'code', 'key', 'api_key', 'apikey', 'secret', 'password', 'pass', 'pwd', 'session', 'sessionid', 'sid', 'otp', 'signature', 'sig', 'email', 'mail', 'phone', 'tel']
   */
  stripParams?: string[];
}

/**
 * A wire format: how a batch of events becomes a request. Delivery (batching, retries, beacons,
 * de-duplication ids) is the same for every format.
 */
export interface WireFormat {
  /** The URL to send to, from the configured endpoint. Defaults to the endpoint itself. */
  url?(endpoint: string): string;
  /**
   * Request headers the pipeline needs (a content type, say). Any header means `fetch` with a
   * CORS preflight instead of `sendBeacon`. The store's own `headers` win.
   */
  headers?: Record<string, string>;
  /**
   * The request body for these events (oldest first). `json` is Waymark's own JSON writer: it
   * writes what `JSON.stringify` would, even on a page that replaced `JSON` or gave arrays a
   * `toJSON`, and never throws (what JSON cannot carry is left out).
   */
  body(events: WaymarkEvent[], batch: { sent_at: number; dropped: number; json: (value: unknown) => string }): string;
}

/** Delivery status of an event, as the debug overlay shows it. */
export type DeliveryStatus = 'queued' | 'sent' | 'retrying' | 'dropped';

/** What the instance reports to plugins (the debug overlay, capture modules). */
export interface BusEvents {
  /** An event left the pipeline for the queue: read it, it can no longer change (use a plugin's `hook` for that). */
  track: WaymarkEvent;
  /** Events changed delivery status. */
  status: { ids: string[]; status: DeliveryStatus; reason?: string; retryAt?: number };
  /** A validation or delivery warning. */
  warn: { message: string; id?: string };
}

/** A Waymark instance. Every method is safe to call with any input, any number of times. */
export interface Waymark {
  /**
   * Track an event of the taxonomy, or a custom event declared in `CustomEvents` (or named
   * `as UntypedEvent`). One signature, so a type error names the missing or wrong property.
   */
  track<T extends keyof TrackedEvents | UntypedEvent>(type: T, ...args: TrackArgs<T>): void;
  /** Track a page view now (automatic unless `trackPages` is false). */
  page(type?: PageType): void;
  /** Tie the visitor to the store's user id. Traits `order_count` and `lifecycle` update the lifecycle. */
  identify(userId: string, traits?: Props): void;
  /** Forget the user (logout): new anonymous id, new session, no lifecycle memory. */
  reset(): void;
  /** Send what is queued now. Resolves when the attempt settles, with whether the queue is empty. */
  flush(): Promise<boolean>;
  /** Subscribe to what the instance reports; returns the unsubscribe function. */
  on<K extends keyof BusEvents>(type: K, listener: (data: BusEvents[K]) => void): () => void;
  /** Open the debug overlay (loaded on demand; remembered for the tab), or close it with `false`. */
  debug(open?: boolean): void;
  /** Add an optional part (a capture module, the debug overlay); a plugin that throws is isolated. */
  use(plugin: Plugin): void;
  /**
   * The shopper answered the consent banner. `granted` stores and sends the events that waited;
   * `denied` drops them, removes everything Waymark stored and remembers the opt-out (`wm.optout`)
   * so later pages track nothing until `consent('granted')`.
   */
  consent(state: Consent): void;
  /**
   * Switch this instance off: every timer and listener stops, the `history` wrappers are undone
   * (where no other script wrapped them since), what can still leave is handed to the browser
   * and the rest stays stored for the next page. Every call after it does nothing.
   */
  destroy(): void;
}

/** The points of the event pipeline a plugin can hook into (see `PluginContext.hook`). */
export type HookStage = 'enrich' | 'classify' | 'protect';

/** A pipeline hook: change the event in place, return a replacement, or return `null` to drop it. */
export type StageHook = (event: WaymarkEvent) => WaymarkEvent | null | undefined | void;

/** What an optional part gets besides the instance: Waymark's own hold on the browser. */
export interface PluginContext {
  /**
   * The browser (`document`, `location`, `navigator`, timers, listeners) as the instance sees it.
   * Timers and listeners started through it stop when the instance is destroyed, and run inside
   * its error guard.
   */
  env: Env;
  /**
   * Waymark's store: nothing reaches the browser's storage while consent is pending or denied,
   * or beyond what the `storage` option allows.
   */
  store: Store;
  /**
   * Hook into the event pipeline (validate → enrich → classify → protect → queue).
   * `enrich`: the event has its visitor, session, touchpoints and page, not yet its stages.
   * `classify`: it has its journey and lifecycle stage. `protect`: last chance to change or drop
   * it, after `beforeSend`; redaction and the size limit run after every protect hook. After
   * protect the event is written: `on('track')` listeners read it, they cannot change it.
   */
  hook(point: HookStage, fn: StageHook): void;
  /**
   * A warning from the plugin: on the `warn` bus (the overlay lists it) and, in debug mode, in the
   * console with the `[waymark]` prefix.
   */
  warn(message: string): void;
  /**
   * Send in `wire` from now on, if the instance's `format` option is `name` (a script-tag format
   * file registering itself); what waited for it leaves at once.
   */
  format(wire: WireFormat, name: string): void;
}

/** An optional part: it gets the instance and works through its public API. */
export type Plugin = (waymark: Waymark, context: PluginContext) => void;
