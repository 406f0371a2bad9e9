import type { Touchpoint } from '../types';
import type { Store } from '../storage';
import { uuid } from '../env';
import { sameTouch } from './touchpoint';

/** A visit: shared by the tabs of one browser, ended by inactivity or a new campaign touchpoint. */
export interface Session {
  id: string;
  /** Last activity, ms since the epoch. */
  last: number;
  /** Events so far. */
  seq: number;
  /** Page views so far. */
  pages: number;
  /** The touchpoint that started the session: the last touch. */
  touch: Touchpoint;
}

const KEY = 'wm.s';

const isSession = (s: Partial<Session> | null): s is Session =>
  !!s && typeof s.id == 'string' && typeof s.last == 'number' && typeof s.seq == 'number' && !!s.touch?.channel;

/**
 * The current session: the stored one if it is still alive, else a new one. `touch` is this page
 * load's touchpoint (null for an internal navigation); a touch from a different campaign ends the
 * current session, a direct visit does not.
 */
export const resumeSession = (store: Store, touch: Touchpoint | null, at: number, maxIdle: number): Session => {
  const saved = store.read<Session>(KEY);
  const newTouch = touch && touch.channel != 'direct' && (!saved || !sameTouch(saved.touch, touch));
  if (isSession(saved) && at - saved.last < maxIdle && !newTouch) return saved;
  return newSession(touch, at);
};

export const newSession = (touch: Touchpoint | null, at: number): Session => ({
  id: uuid(),
  last: at,
  seq: 0,
  pages: 0,
  touch: touch ?? { channel: 'direct', source: 'direct' },
});

/** Whether a session is past its idle limit at `at`. */
export const expired = (s: Session, at: number, maxIdle: number): boolean => at - s.last >= maxIdle;

export const readSession = (store: Store): Session | null => {
  const s = store.read<Session>(KEY);
  return isSession(s) ? s : null;
};

export const saveSession = (store: Store, s: Session): void => store.set(KEY, JSON.stringify(s));

export const SESSION_KEY = KEY;
