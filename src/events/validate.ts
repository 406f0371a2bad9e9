import type { Props } from '../types.js';
import { entryOf } from './taxonomy.js';

const amount = (v: unknown): v is number => typeof v == 'number' && v >= 0 && v < Infinity;

let currencies: Set<string> | undefined;
/** ISO 4217 as the browser knows it; where `Intl.supportedValuesOf` is missing, any three capitals. */
const currency = (v: string): boolean => {
  try {
    currencies ??= new Set(Intl.supportedValuesOf('currency'));
  } catch {
    currencies = new Set();
  }
  return /^[A-Z]{3}$/.test(v) && (!currencies.size || currencies.has(v));
};

/** What a field must hold, by its name, in the events of the taxonomy (and their items). */
type Rule = [test: (value: any, props: Props) => boolean, expected: string];
const MONEY: Rule = [amount, 'a number ≥ 0'];
const TEXT: Rule = [(v) => typeof v == 'string' && !!v.trim(), 'a non-empty string'];
const oneOf = (...values: string[]): Rule => [(v) => values.includes(v), values.join(' or ')];
const RULES: Record<string, Rule> = {
  price: MONEY,
  value: MONEY,
  tax: MONEY,
  shipping: MONEY,
  discount: MONEY,
  points: MONEY,
  quantity: MONEY,
  id: TEXT,
  order_id: TEXT,
  product_id: TEXT,
  coupon: TEXT,
  channel: TEXT,
  network: TEXT,
  reward: TEXT,
  query: [(v) => typeof v == 'string', 'a string'],
  result_count: [(v) => Number.isInteger(v) && v >= 0, 'a whole number ≥ 0'],
  currency: [currency, 'an ISO 4217 code like "EUR"'],
  rating: [(v) => amount(v) && v >= 1 && v <= 5, 'from 1 to 5'],
  score: [(v, p) => amount(v) && (p.survey == 'nps' ? v <= 10 : v >= 1 && v <= 5), 'from 0 to 10 (nps) or 1 to 5 (csat)'],
  survey: oneOf('csat', 'nps'),
  step: oneOf('contact', 'shipping', 'payment', 'review'),
  method: oneOf('newsletter', 'account'),
  items: [Array.isArray, 'an array of products'],
};

export interface Checked {
  /** A copy of the properties, without the invalid fields. */
  props: Props;
  /** Paths of fields that failed, e.g. `price` or `items[1].id`. */
  invalid: string[];
  /** One readable line per problem. */
  problems: string[];
}

/** A value as a warning shows it: short, and never throwing (a hostile `toString`). */
export const show = (v: unknown): string => {
  try {
    return typeof v == 'string' ? `"${v.slice(0, 99)}"` : String(v);
  } catch {
    return typeof v;
  }
};

const isObject = (v: unknown): v is Props => !!v && typeof v == 'object' && !Array.isArray(v);

/**
 * Validate the properties of an event; never throws. An invalid field is left out of the copy and
 * named in `invalid`: the event still counts, and no bad value pollutes the store's sums.
 * A numeric id is taken as its string. A custom event's properties are the store's own: copied,
 * not judged.
 */
export const validate = (type: string, input: unknown): Checked => {
  const out: Checked = { props: {}, invalid: [], problems: [] };
  const check = (source: unknown, required: readonly string[], path: string): Props => {
    const props = { ...(isObject(source) ? source : {}) };
    for (const field of required) props[field] ??= undefined;
    for (const field in props) {
      let value = props[field];
      if (/id$/.test(field) && typeof value == 'number') value = props[field] = String(value);
      const rule = known && Object.hasOwn(RULES, field) && RULES[field]!;
      if (!rule || (value == null && !required.includes(field))) continue;
      if (field == 'items' && Array.isArray(value)) props.items = value.map((item, i) => check(item, ['id'], `${path}items[${i}].`));
      else if (!rule[0](value, props)) {
        delete props[field];
        out.invalid.push(path + field);
        out.problems.push(`${path + field} should be ${rule[1]}, got ${show(value)}`);
      }
    }
    return props;
  };
  const entry = entryOf(type);
  const known = !!entry;
  if (input != null && !isObject(input)) out.problems.push('properties should be an object');
  out.props = check(input, entry?.slice(1) ?? [], '');
  return out;
};
