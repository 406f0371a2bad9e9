import type { Touchpoint } from '../types';
import type { CustomerMemory } from '../journey/lifecycle';
import type { Store } from '../storage';
import { uuid } from '../env';

/** The visitor as this browser remembers them between visits. */
export interface Visitor extends CustomerMemory {
  anonymous_id: string;
  user_id?: string;
  first_touch: Touchpoint;
}

const KEY = 'wm.v';

const isVisitor = (v: Partial<Visitor> | null): v is Visitor =>
  !!v && typeof v.anonymous_id == 'string' && typeof v.orders == 'number' && !!v.first_touch?.channel;

/** The remembered visitor, or a new one whose first touch is `touch`; `fresh` tells which. */
export const loadVisitor = (store: Store, touch: Touchpoint): { visitor: Visitor; fresh: boolean } => {
  const saved = store.read<Visitor>(KEY);
  if (isVisitor(saved)) return { visitor: saved, fresh: false };
  return { visitor: { anonymous_id: uuid(), orders: 0, first_touch: touch }, fresh: true };
};

export const saveVisitor = (store: Store, visitor: Visitor): void => store.set(KEY, JSON.stringify(visitor));

export const VISITOR_KEY = KEY;
