import type { Props } from '../types';
import { isKnownType, TAXONOMY } from './taxonomy';

/** What a field must hold, by field name, wherever it appears (event or item). */
type Rule = readonly [test: (value: any, props: Props) => boolean, expected: string];

const amount = (v: unknown): boolean => typeof v == 'number' && v >= 0 && v < Infinity;
const text = (v: unknown): boolean => typeof v == 'string' && v.trim() != '';
const oneOf = (...values: string[]): Rule => [(v) => values.includes(v), values.join(', ')];

let currencies: Set<string> | undefined;
/** ISO 4217 as the browser knows it; where `Intl.supportedValuesOf` is missing, any three capitals. */
const isCurrency = (v: unknown): boolean => {
  if (typeof v != 'string' || !/^[A-Z]{3}$/.test(v)) return false;
  try {
    currencies ??= new Set(Intl.supportedValuesOf('currency'));
  } catch {
    currencies = new Set();
  }
  return !currencies.size || currencies.has(v);
};

const MONEY: Rule = [amount, 'a number ≥ 0 (major units)'];
const ID: Rule = [text, 'a non-empty string'];

const RULES: Record<string, Rule> = {
  id: ID,
  order_id: ID,
  product_id: ID,
  query: [(v) => typeof v == 'string', 'a string'],
  coupon: ID,
  channel: ID,
  network: ID,
  reward: ID,
  price: MONEY,
  value: MONEY,
  tax: MONEY,
  shipping: MONEY,
  discount: MONEY,
  points: MONEY,
  quantity: [amount, 'a number ≥ 0'],
  result_count: [(v) => Number.isInteger(v) && v >= 0, 'a whole number ≥ 0'],
  currency: [isCurrency, 'an ISO 4217 currency code such as "EUR"'],
  rating: [(v) => amount(v) && v >= 1 && v <= 5, 'a rating from 1 to 5'],
  score: [
    (v, p) => amount(v) && (p.survey == 'nps' ? v <= 10 : v >= 1 && v <= 5),
    'a score from 1 to 5 (csat) or 0 to 10 (nps)',
  ],
  survey: oneOf('csat', 'nps'),
  step: oneOf('contact', 'shipping', 'payment', 'review'),
  method: oneOf('newsletter', 'account'),
  items: [Array.isArray, 'an array of products'],
};

/** Fields whose numeric value is a common, harmless mistake for a string id. */
const IDS = ['id', 'order_id', 'product_id'];

export interface Checked {
  props: Props;
  /** Paths of fields that failed, e.g. `price` or `items[1].id`. */
  invalid: string[];
  /** One readable line per problem. */
  problems: string[];
}

const isPlain = (v: unknown): v is Props => !!v && typeof v == 'object' && !Array.isArray(v);

/**
 * Check one object against the rules. An invalid field is left out of the copy and named in
 * `invalid`, so the event still counts but no bad value pollutes the store's sums.
 */
const checkObject = (input: Props, required: readonly string[], path: string, out: Checked): Props => {
  let props = input;
  const drop = (field: string, expected: string, got: unknown) => {
    if (props === input) props = { ...input };
    delete props[field];
    out.invalid.push(path + field);
    out.problems.push(`${path + field} should be ${expected}, got ${describe(got)}`);
  };
  for (const field of required) if (input[field] == null) drop(field, RULES[field]?.[1] ?? 'present', input[field]);
  for (const field in input) {
    const value = input[field];
    const rule = RULES[field];
    if (value == null || !rule) continue;
    if (IDS.includes(field) && typeof value == 'number' && Number.isFinite(value)) {
      if (props === input) props = { ...input };
      props[field] = String(value);
    } else if (!rule[0](value, input)) drop(field, rule[1], value);
  }
  const items = props.items;
  if (Array.isArray(items)) {
    if (!items.every(isPlain)) drop('items', 'an array of products', items);
    else {
      const checked = items.map((item, i) => checkObject(item, ['id'], `${path}items[${i}].`, out));
      if (checked.some((item, i) => item !== items[i])) {
        if (props === input) props = { ...input };
        props.items = checked;
      }
    }
  }
  return props;
};

const describe = (v: unknown): string => {
  if (typeof v == 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (v === undefined) return 'nothing';
  if (typeof v == 'object') return v === null ? 'null' : Array.isArray(v) ? 'an array' : 'an object';
  return String(v);
};

/** Validate the properties of an event; never throws, returns what can be sent and what was wrong. */
export const validate = (type: string, input: unknown): Checked => {
  const out: Checked = { props: {}, invalid: [], problems: [] };
  if (input != null && !isPlain(input)) out.problems.push(`properties should be an object, got ${describe(input)}`);
  const props = isPlain(input) ? input : {};
  const required = isKnownType(type) ? TAXONOMY[type].slice(1) : [];
  out.props = checkObject(props, required, '', out);
  return out;
};
