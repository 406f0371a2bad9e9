import type { Shape } from '../repair.js';
import { fits, isCount, isId, isObject, isText, maybe, oneOf } from '../repair.js';
import { isTouch } from '../context/touchpoint.js';
import { LIFECYCLES } from '../journey/lifecycle.js';
import { STAGES } from './taxonomy.js';

const PAGE: Shape = { url: isText, path: isText, title: isText, referrer: isText, type: maybe(isText) };

/** An event as `schema/wire.json` requires it: its required fields, and the types of the optional ones. */
const EVENT: Shape = {
  id: (v) => isId(v) && v.length <= 64,
  type: isId,
  ts: Number.isFinite,
  stage: oneOf(STAGES),
  lifecycle: oneOf(LIFECYCLES),
  anonymous_id: isId,
  user_id: maybe(isText),
  session_id: isId,
  seq: (v) => isCount(v) && v > 0,
  page: (v) => fits(v, PAGE),
  touch: isTouch,
  first_touch: isTouch,
  props: isObject,
  traits: maybe(isObject),
  invalid: maybe((v) => Array.isArray(v) && v.every(isText)),
  automated: maybe((v) => v === true),
};

/** Whether a stored event would pass the collector's schema: one that would not is never sent. */
export const isWireEvent = (e: unknown): boolean => fits(e, EVENT);
