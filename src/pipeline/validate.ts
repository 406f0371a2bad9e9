import type { Stage } from './types.js';
import { checkProps, show } from '../events/validate.js';
import { isStage } from '../journey/stage.js';

/**
 * Validate: the properties as the store passed them, checked against the taxonomy. An invalid
 * field is left out and named (the event still counts), with a warning; a few fields get their
 * obvious value (a cart line's quantity, a search's `zero_results`).
 */
export const validate: Stage = (d, { warn }) => {
  const { props, invalid, problems } = checkProps(d.type, d.input);
  if (/^product_(added_to|removed_from)_cart$/.test(d.type)) props.quantity ??= 1;
  if (d.type == 'search_submitted' && props.result_count === 0) props.zero_results = true;
  const stage = d.options?.stage;
  if (stage != null && !isStage(stage)) problems.push(`stage should be a journey stage, got ${show(stage)}`);
  for (const p of problems) warn(`${d.type}: ${p}`, d.id);
  d.props = props;
  d.invalid = invalid;
};
