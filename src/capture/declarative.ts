import type { JourneyStage, Plugin, Props, UntypedEvent } from '../types.js';

/** Options of declarative tracking. */
export interface DeclarativeOptions {
}

const PREFIX = 'data-waymark-';
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;
/** Fields that hold ids: "0042" stays "0042". */
const ID = /^(id|sku|.*_id|coupon|query|variant|step)$/;

/**
 * The event an element declares: `data-waymark-event` names it; `data-waymark-props` holds JSON
 * properties; every other `data-waymark-<field>` sets one field (`-` becomes `_`, so
 * `data-waymark-order-id` sets `order_id`), numbers parsed unless the field is an id;
 * `data-waymark-stage` overrides the journey stage. Returns null without an event name.
 */
export const readDeclared = (
  el: Element,
  warn: (message: string) => void = () => {},
): { type: string; props: Props; stage?: JourneyStage } | null => {
  const type = el.getAttribute(PREFIX + 'event')?.trim();
  if (!type) return null;
  let props: Props = {};
  const json = el.getAttribute(PREFIX + 'props');
  if (json) {
    try {
      const parsed: unknown = JSON.parse(json);
      if (parsed && typeof parsed == 'object' && !Array.isArray(parsed)) props = parsed as Props;
      else warn(`${PREFIX}props of ${type} should be a JSON object: ignored`);
    } catch (e) {
      warn(`${PREFIX}props of ${type} is not valid JSON (${String(e)}): ignored`);
    }
  }
  let stage: JourneyStage | undefined;
  for (const { name, value } of Array.from(el.attributes)) {
    if (!name.startsWith(PREFIX)) continue;
    const field = name.slice(PREFIX.length).replace(/-/g, '_');
    if (field == 'event' || field == 'props') continue;
    if (field == 'stage') stage = value as JourneyStage;
    else props[field] = NUMBER.test(value) && !ID.test(field) ? Number(value) : value;
  }
  return stage ? { type, props, stage } : { type, props };
};

/**
 * Declarative tracking: an element with `data-waymark-event` is tracked when it is clicked (a form:
 * when it is submitted), with the properties of its `data-waymark-*` attributes. One listener on
 * `document` serves elements added later too.
 *
 * @example
 * // <button data-waymark-event="product_added_to_cart" data-waymark-id="sku-1" data-waymark-price="12.5">Add</button>
 * import { declarative } from 'waymark/capture/declarative';
 * createWaymark({ endpoint: '/collect', plugins: [declarative()] });
 */
export const declarative =
  (options: DeclarativeOptions = {}): Plugin =>
  (waymark, { env, warn }) => {
    const onEvent = env.guard((e: Event) => {
      const target = e.target instanceof Element ? e.target : null;
      const el = target?.closest(`[${PREFIX}event]`);
      // A form is tracked when submitted, not on each click inside it.
      if (!el || (e.type == 'click') == el instanceof HTMLFormElement) return;
      const declared = readDeclared(el, warn);
      if (declared) waymark.track(declared.type as UntypedEvent, declared.props, declared.stage && { stage: declared.stage });
    }, 'declarative tracking failed');
    // Capture phase: a store handler that stops propagation does not hide the click from us.
    env.listen(env.document, 'click', onEvent);
    env.listen(env.document, 'submit', onEvent);
  };
