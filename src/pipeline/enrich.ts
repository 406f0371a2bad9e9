import type { Draft, Stage } from './types.js';

/**
 * Enrich: who, when and where. The event counts in the visit (which may end an idle session and
 * moves the lifecycle) and takes the visitor, the session, its touchpoints and the page.
 */
export const enrich: Stage = (d, { env, state, page, automated }) => {
  const ts = env.now();
  d.landing = state.step(d.type, ts);
  const { visitor, session } = state;
  d.event = {
    id: d.id,
    type: d.type,
    ts,
    anonymous_id: visitor.anonymous_id,
    session_id: session.id,
    seq: session.seq,
    page,
    touch: session.touch,
    first_touch: visitor.first_touch,
    props: d.props,
  } as Draft['event'];
  if (visitor.user_id) d.event.user_id = visitor.user_id;
  if (automated) d.event.automated = true;
  if (d.traits) d.event.traits = d.traits;
  if (d.invalid.length) d.event.invalid = d.invalid;
};
