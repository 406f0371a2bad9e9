import type { Consent } from '../types.js';
import type { Store } from '../storage.js';
import type { Warn } from '../log.js';
import type { Entry, QueueLimits } from '../delivery/queue.js';
import { show } from '../events/validate.js';
import { each } from '../pristine.js';

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
 * The consent gate, between an event and the queue. `granted`: events pass and storage is written.
 * `pending`: events wait here, in memory, bounded like the queue; nothing is written. `denied`:
 * nothing passes and everything Waymark stored is removed. A privacy signal (`signal`) makes every
 * state a denial.
 */
export const createConsent = (
  store: Store,
  signal: boolean,
  limits: QueueLimits,
  warn: Warn,
  /** Where events go while consent is granted. */
  pass: (entry: Entry, urgent: boolean) => void,
  /** Events that will never leave, and why. */
  drop: (ids: string[], reason: string) => void,
) => {
  let state: Consent = 'granted';
  let held: [Entry, boolean][] = [];
  let bytes = 0;

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
      if (state != 'pending') {
        const list = held;
        held = [];
        bytes = 0;
        if (state == 'granted') each(list, ([entry, urgent]) => pass(entry, urgent));
        else drop(each(list, ([e]) => e.id), 'consent denied');
      }
      return true;
    },
    /** True when an opt-out was remembered on an earlier page. */
    optedOut: (): boolean => store.get(OPTOUT) == '1',
    /** An event is ready: it passes, waits for an answer, or is dropped. */
    push(entry: Entry, urgent: boolean): void {
      if (state == 'granted') return pass(entry, urgent);
      if (state == 'denied') return drop([entry.id], 'consent denied');
      held.push([entry, urgent]);
      bytes += entry.json.length;
      while (held.length > limits.maxQueueEvents || bytes > limits.maxQueueBytes) {
        const [old] = held.shift()!;
        bytes -= old.json.length;
        drop([old.id], 'queue full');
      }
    },
  };
};

export type ConsentGate = ReturnType<typeof createConsent>;
