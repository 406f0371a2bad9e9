import type { Consent } from '../types.js';
import type { Store } from '../storage.js';
import type { Warn } from '../log.js';
import { show } from '../events/validate.js';

/** Storage key of a remembered opt-out: the value `1`, nothing that identifies anyone. */
export const OPTOUT = 'wm.optout';
const STATES = ['granted', 'pending', 'denied'];

/**
 * The browser asks not to be tracked: Global Privacy Control (https://privacycg.github.io/gpc-spec/)
 * or Do Not Track.
 */
export const privacySignal = (navigator: Navigator): boolean => {
  const n = navigator as Navigator & { globalPrivacyControl?: boolean };
  return n.globalPrivacyControl === true || n.doNotTrack == '1';
};

/**
 * The consent gate. `granted`: events are sent and storage is written. `pending`: events wait in
 * the queue, in memory (the store writes nothing), and nothing is sent. `denied`: nothing is
 * tracked and everything Waymark stored is removed. A privacy signal (`signal`) makes every state
 * a denial.
 */
export const createConsent = (store: Store, signal: boolean, warn: Warn) => {
  let state: Consent = 'granted';
  return {
    get state(): Consent {
      return state;
    },
    /**
     * Move to `value`; `said`: the shopper's own answer, so a denial is remembered for later pages
     * (and a grant forgets it). False when `value` is no consent state.
     */
    set(value: unknown, said: boolean): boolean {
      if (!STATES.includes(value as string)) return warn('consent: unknown state ' + show(value)), false;
      if (signal && value != 'denied') warn('consent: denied by a privacy signal');
      state = signal ? 'denied' : (value as Consent);
      store.persist = state == 'granted';
      if (state == 'denied') store.clear(OPTOUT);
      if (said) value == 'denied' ? store.remember(OPTOUT, '1') : state == 'granted' && store.remember(OPTOUT, null);
      return true;
    },
    /** True when an opt-out was remembered on an earlier page. */
    optedOut: (): boolean => store.get(OPTOUT) == '1',
  };
};

export type ConsentGate = ReturnType<typeof createConsent>;
