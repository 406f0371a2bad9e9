import type { Props } from '../types.js';
import { entryOf } from './taxonomy.js';
import { isArray, keys } from '../pristine.js';

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
  items: [(v) => isArray(v), 'an array of products'],
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

/** A plain object, not an array; a revoked proxy, which cannot even say which, is neither. */
const isObject = (v: unknown): v is Props => {
  try {
    return !!v && typeof v == 'object' && !isArray(v);
  } catch {
    return false;
  }
};

/** The elements of an array the store passed in, each read once (undefined when it is none). */
export const listSafely = (source: unknown): unknown[] | undefined => {
  try {
    if (!isArray(source)) return undefined;
    const copy: unknown[] = [];
    for (let i = 0, n = source.length; i < n; i++)
      try {
        copy[i] = source[i];
      } catch {
        copy[i] = undefined;
      }
    return copy;
  } catch {
    return undefined;
  }
};

/**
 * The own fields of what the store passed in, each read once: a getter or proxy trap that throws
 * costs that field only (a proxy that refuses to list its keys, all of them). Plain loops: a page
 * may have patched the array methods.
 */
export const readSafely = (source: unknown): Props => {
  const copy: Props = {};
  try {
    if (!isObject(source)) return copy;
    const list = keys(source);
    for (let i = 0; i < list.length; i++)
      try {
        // A `__proto__` key is left out: assigned, it would replace the copy's prototype.
        if (list[i] != '__proto__') copy[list[i]!] = source[list[i]!];
      } catch {
        // Left out: the getter threw.
      }
  } catch {
    // Left out: the proxy would not say what it holds.
  }
  return copy;
};

/** A rule's verdict; a value that throws when looked at (a revoked proxy) fails it. */
const passes = ([test]: Rule, value: unknown, props: Props): boolean => {
  try {
    return test(value, props);
  } catch {
    return false;
  }
};

/**
 * Validate the properties of an event; never throws. An invalid field is left out of the copy and
 * named in `invalid`: the event still counts, and no bad value pollutes the store's sums.
 * A numeric id is taken as its string. A custom event's properties are the store's own: copied,
 * not judged.
 */
export const checkProps = (type: string, input: unknown): Checked => {
  const out: Checked = { props: {}, invalid: [], problems: [] };
  const check = (source: unknown, required: readonly string[], path: string): Props => {
    const props = readSafely(source);
    for (const field of required) props[field] ??= undefined;
    for (const field in props) {
      let value = props[field];
      if (/id$/.test(field) && typeof value == 'number') value = props[field] = String(value);
      const rule = known && Object.hasOwn(RULES, field) && RULES[field]!;
      if (!rule || (value == null && !required.includes(field))) continue;
      const list = field == 'items' ? listSafely(value) : undefined;
      if (list) for (let i = 0; i < list.length; i++) list[i] = check(list[i], ['id'], `${path}items[${i}].`);
      if (list) props.items = list;
      else if (!passes(rule, value, props)) {
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
