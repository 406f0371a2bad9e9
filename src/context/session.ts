import type { Touchpoint } from '../types.js';
import type { Shape } from '../repair.js';
import { uuid } from '../env.js';
import { isCount, isId, shaped } from '../repair.js';
import { isTouch, sameTouch } from './touchpoint.js';

/** A visit (storage key `wm.s`): shared by the tabs of one browser. */
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

export const DIRECT: Touchpoint = { channel: 'direct', source: 'direct' };

export const newSession = (touch: Touchpoint | null, at: number): Session => ({
  id: uuid(),
  last: at,
  seq: 0,
  pages: 0,
  touch: touch ?? DIRECT,
});

const SESSION: Shape = { id: isId, last: Number.isFinite, seq: isCount, pages: isCount, touch: isTouch };

/** The stored session, if it is whole: a session that is not ends, and a new one starts. */
export const checkSession = shaped<Session>(SESSION);

/**
 * The session to continue at `at`: `saved` while it is younger than `maxIdle` since its last
 * activity and no other campaign arrived; else a new one. `touch` is this page load's touchpoint,
 * null for a step inside the store; a direct visit does not end a session, a campaign does.
 */
export const continueSession = (saved: Session | null, touch: Touchpoint | null, at: number, maxIdle: number): Session =>
  saved && at - saved.last < maxIdle && !(touch && touch.channel != 'direct' && !sameTouch(saved.touch, touch))
    ? saved
    : newSession(touch, at);
