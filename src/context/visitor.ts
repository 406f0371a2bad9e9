import type { Touchpoint } from '../types.js';
import type { CustomerMemory } from '../journey/lifecycle.js';
import { uuid } from '../env.js';

/** The visitor as this browser remembers them between visits (storage key `wm.v`). */
export interface Visitor extends CustomerMemory {
  anonymous_id: string;
  user_id?: string;
  first_touch: Touchpoint;
}

export const newVisitor = (touch: Touchpoint): Visitor => ({ anonymous_id: uuid(), orders: 0, first_touch: touch });

export const isVisitor = (v: Partial<Visitor> | null): v is Visitor =>
  !!v && typeof v.anonymous_id == 'string' && typeof v.orders == 'number' && !!v.first_touch?.channel;
