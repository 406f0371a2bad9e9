import type { Touchpoint } from '../types.js';
import type { CustomerMemory } from '../journey/lifecycle.js';
import type { Check } from '../storage.js';
import { uuid } from '../env.js';
import { isId, isText, maybe, repair } from '../repair.js';
import { MEMORY } from '../journey/lifecycle.js';
import { isTouch } from './touchpoint.js';
import { DIRECT } from './session.js';

/** The visitor as this browser remembers them between visits (storage key `wm.v`). */
export interface Visitor extends CustomerMemory {
  anonymous_id: string;
  user_id?: string;
  first_touch: Touchpoint;
}

export const newVisitor = (touch: Touchpoint): Visitor => ({ anonymous_id: uuid(), orders: 0, first_touch: touch });

/**
 * The stored visitor, repaired field by field rather than replaced, so that a returning shopper
 * keeps their id: a wrong first touch becomes a direct one, a wrong lifecycle is worked out again.
 */
export const checkVisitor: Check<Visitor> = (v, bad) =>
  repair(v, { anonymous_id: isId, user_id: maybe(isText), first_touch: isTouch, ...MEMORY }, newVisitor(DIRECT), bad);
