import type { BusEvents, Touchpoint, WaymarkConfig } from './types.js';
import type { Transport } from './delivery/transport.js';
import type { MountOverlay } from './debug/host.js';
import type { Browser, Guard } from './env.js';
import { createBus } from './bus.js';
import { createWarn } from './log.js';
import { createStore } from './storage.js';
import { readConfig } from './config.js';
import { createEnv, pageBrowser, uuid } from './env.js';
import { classifyTouch } from './context/touchpoint.js';
import { isAutomated } from './context/automation.js';
import { createState } from './context/state.js';
import { pageContext } from './context/page.js';
import { browserTransport } from './delivery/transport.js';
import { createQueue } from './delivery/queue.js';
import { createOutbox } from './delivery/outbox.js';
import { followPageLife } from './delivery/page-life.js';
import { createConsent, privacySignal } from './privacy/consent.js';
import { createProtector } from './privacy/redact.js';
import { each } from './pristine.js';

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

/**
 * The parts of one instance, wired: configuration read once, the one error guard, the browser
 * seam, the consent-aware store and gate, the visit's state, and delivery (queue, outbox, page
 * life). The order matters: consent is settled before anything is read from storage.
 */
export const createCore = (input: WaymarkConfig, deps: Deps) => {
  const bus = createBus<BusEvents>();
  let debug = false;
  try {
    debug = input.debug === true;
  } catch {
    // Read again, and warned about, by readConfig.
  }
  const warn = createWarn(() => debug, bus);
  const config = readConfig(input, warn);
  /** Every public call, timer, listener and hook goes through here: nothing reaches the store's page as an exception. */
  const guard: Guard =
    (fn, name = 'internal error') =>
    (...args) => {
      try {
        fn(...args);
      } catch (e) {
        warn(name + ': ' + e);
      }
    };
  const env = createEnv(deps.browser ?? pageBrowser(), guard);
  const { document, location } = env;

  const store = createStore(env, warn, config.storage);
  const drop = (ids: string[], reason: string) => void (ids.length && bus.emit('status', { ids, status: 'dropped', reason }));
  const gate = createConsent(store, config.respectPrivacySignals && privacySignal(env.navigator), warn);
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

  const queue = createQueue(env, store, uuid(), config, (lost) => outbox.lost(lost));
  const outbox = createOutbox(
    env,
    config,
    queue,
    deps.transport ?? browserTransport(env, () => env.live),
    (entries, status, reason, retryAt) => bus.emit('status', { ids: each(entries, (e) => e.id), status, reason, retryAt }),
    warn,
    // While the shopper has not answered, events wait in the queue (in memory): nothing leaves.
    () => gate.state != 'granted',
  );
  followPageLife(env, queue, outbox, state.save, state.sync);

  const page = protect(pageContext(env, document.referrer));
  return { env, config, bus, warn, state, gate, protect, drop, page, automated: isAutomated(env.navigator), store, queue, outbox };
};
