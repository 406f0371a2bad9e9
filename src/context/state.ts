import type { Props, Touchpoint } from '../types.js';
import type { Store } from '../storage.js';
import type { Session } from './session.js';
import type { Visitor } from './visitor.js';
import { soon } from '../env.js';
import { serialize } from '../events/serialize.js';
import { recordEvent, recordTraits } from '../journey/lifecycle.js';
import { checkSession, continueSession, DIRECT, newSession } from './session.js';
import { checkVisitor, newVisitor } from './visitor.js';

const VISITOR = 'wm.v';
const SESSION = 'wm.s';

/**
 * Who the shopper is and which visit this is, kept in storage shared by the store's tabs:
 * another tab's writes reach this one through `sync`.
 */
export const createState = (store: Store, landing: Touchpoint | null, maxIdle: number, at: number) => {
  const saved = store.read(VISITOR, checkVisitor);
  /** The visitor was new on this page load and has not viewed a page yet. */
  let first = !saved;
  let visitor = saved ?? newVisitor(landing ?? DIRECT);
  let session = continueSession(store.read(SESSION, checkSession), landing, at, maxIdle);

  let pending = false;
  const save = () => {
    pending = false;
    store.set(SESSION, serialize(session));
    store.set(VISITOR, serialize(visitor));
  };

  return {
    get visitor(): Visitor {
      return visitor;
    },
    get session(): Session {
      return session;
    },
    /**
     * Count one event at `at`: ends an idle session, moves the lifecycle. True when it is a page
     * view that lands: it starts a session from an outside touchpoint, or is a new visitor's first.
     */
    step(type: string, at: number): boolean {
      session = continueSession(session, null, at, maxIdle);
      session.last = at;
      session.seq++;
      recordEvent(visitor, type);
      if (!pending) {
        pending = true;
        soon(save);
      }
      if (type != 'page_viewed') return false;
      const landing = (!session.pages++ && session.touch.channel != 'direct') || first;
      first = false;
      return landing;
    },
    identify(userId: string, traits: Props) {
      visitor.user_id = userId;
      recordTraits(visitor, traits);
    },
    /** Logout: a new anonymous visitor in a new session, nothing remembered of the last one. */
    reset(at: number) {
      visitor = newVisitor(session.touch);
      session = newSession(null, at);
      save();
    },
    save,
    /** Another tab wrote `key`. */
    sync(key: string | null) {
      if (key == SESSION) session = store.read(SESSION, checkSession) ?? session;
      if (key == VISITOR) visitor = store.read(VISITOR, checkVisitor) ?? visitor;
    },
  };
};

export type State = ReturnType<typeof createState>;
