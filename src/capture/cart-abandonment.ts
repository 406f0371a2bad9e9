import type { Plugin, Product, Props, UntypedEvent, WaymarkEvent } from '../types.js';
import type { Shape } from '../repair.js';
import { keep, recall } from './memory.js';
import { fits, isFlag, isId, isText, maybe } from '../repair.js';

/** Options of the cart abandonment module. */
export interface CartAbandonmentOptions {
}

/** One line of the remembered cart. */
export type CartItem = Pick<Product, 'id' | 'name' | 'variant' | 'price'> & { quantity: number };

/** The shopper's cart as the events tell it, kept in localStorage (`wm.cart`). */
export interface Cart {
  items: CartItem[];
  value?: number;
  currency?: string;
  /** `cart` after add/remove, `cart_viewed`, `checkout_started`, then the checkout step names. */
  last_step: string;
  /** The session of the latest cart event. */
  session: string;
  cart_id?: string;
  /** `cart_abandoned` went out for this cart: it never goes out twice. */
  reported?: boolean;
}

export const CART_KEY = 'wm.cart';

type Seen = Pick<WaymarkEvent, 'type' | 'props' | 'session_id'>;

const num = (v: unknown): number | undefined => (typeof v == 'number' && v >= 0 && v < Infinity ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v == 'string' && v ? v : typeof v == 'number' ? String(v) : undefined);

const amount = (v: unknown) => num(v) != null;
const TEXT = maybe(isText);
const LINE: Shape = { id: isId, quantity: amount, name: TEXT, variant: TEXT, price: maybe(amount) };
/** What a remembered cart must hold to be used; anything else is forgotten. */
const CART: Shape = {
  items: (v) => Array.isArray(v) && v.every((i) => fits(i, LINE)),
  value: maybe(amount),
  currency: TEXT,
  last_step: isText,
  session: isText,
  cart_id: TEXT,
  reported: maybe(isFlag),
};

const line = (p: Props): CartItem | null => {
  const id = str(p.id);
  if (!id) return null;
  const item: CartItem = { id, quantity: num(p.quantity) ?? 1 };
  if (str(p.name)) item.name = str(p.name);
  if (str(p.variant)) item.variant = str(p.variant);
  if (num(p.price) != null) item.price = num(p.price);
  return item;
};

const same = (a: CartItem, b: CartItem) => a.id == b.id && a.variant == b.variant;

const total = (items: CartItem[]): number | undefined =>
  items.every((i) => i.price != null)
    ? Math.round(items.reduce((sum, i) => sum + i.price! * i.quantity, 0) * 100) / 100
    : undefined;

/**
 * The cart after `event` (pure, for the tests). Add and remove change a line and the total; a
 * cart view or checkout start that lists `items` replaces the lines (the store knows best); a
 * checkout step records how far the shopper got; an order empties the cart.
 */
export const updateCart = (cart: Cart | null, event: Seen): Cart | null => {
  const { type, props, session_id } = event;
  if (type == 'order_completed') return null;
  const next: Cart = cart ? { ...cart, items: cart.items.slice(), session: session_id } : { items: [], last_step: 'cart', session: session_id };
  const cartId = str(props.cart_id);
  // Another cart: what was remembered is replaced, and may be reported again.
  if (cartId && cart?.cart_id && cartId != cart.cart_id) return updateCart(null, event);
  if (cartId) next.cart_id = cartId;
  if (type == 'product_added_to_cart' || type == 'product_removed_from_cart') {
    const item = line(props);
    if (!item) return cart;
    const i = next.items.findIndex((x) => same(x, item));
    const had = next.items[i];
    if (type == 'product_added_to_cart') {
      if (had) next.items[i] = { ...had, ...item, quantity: had.quantity + item.quantity };
      else next.items.push(item);
    } else if (had) {
      const quantity = had.quantity - item.quantity;
      quantity > 0 ? (next.items[i] = { ...had, quantity }) : next.items.splice(i, 1);
    }
    next.value = total(next.items);
    if (str(props.currency)) next.currency = str(props.currency);
    if (!next.items.length) next.reported = false;
  } else if (type == 'cart_viewed' || type == 'checkout_started') {
    if (Array.isArray(props.items)) next.items = (props.items as Props[]).map(line).filter((x): x is CartItem => !!x);
    next.value = num(props.value) ?? total(next.items);
    if (str(props.currency)) next.currency = str(props.currency);
    next.last_step = type;
  } else if (type == 'checkout_step_completed') {
    if (str(props.step)) next.last_step = str(props.step)!;
  } else return cart;
  if (next.value == null) delete next.value;
  return next;
};

/**
 * The rule: a cart is abandoned when an event of a later session (a later visit: see
 * `sessionMinutes`) finds it still holding items, with no `order_completed` since. It is reported
 * once: the cart is then marked, and only an order, an emptied cart or another `cart_id` clears
 * the mark. Returns the `cart_abandoned` properties, or null.
 */
export const abandoned = (cart: Cart | null, sessionId: string): Props | null => {
  if (!cart || cart.reported || !cart.items.length || cart.session == sessionId) return null;
  const props: Props = { items: cart.items, last_step: cart.last_step, cart_session_id: cart.session };
  if (cart.value != null) props.value = cart.value;
  if (cart.currency) props.currency = cart.currency;
  if (cart.cart_id) props.cart_id = cart.cart_id;
  return props;
};

const CART_EVENTS = /^(product_(added_to|removed_from)_cart|cart_viewed|checkout_started|checkout_step_completed|order_completed)$/;

/**
 * Cart abandonment: remembers the cart from the cart events and, on the first event of a later
 * visit that finds the cart neither ordered nor emptied, tracks `cart_abandoned` (stage
 * `purchase`) with the cart's `value`, `currency`, `items` and `last_step`, once per cart.
 *
 * @example
 * import { cartAbandonment } from 'waymark/capture/cart-abandonment';
 * createWaymark({ endpoint: '/collect', plugins: [cartAbandonment()] });
 */
export const cartAbandonment =
  (options: CartAbandonmentOptions = {}): Plugin =>
  (waymark, { env, store }) => {
    let checked = '';
    waymark.on(
      'track',
      env.guard((e: WaymarkEvent) => {
        if (e.type == 'cart_abandoned') return;
        let cart = recall<Cart>(store, CART_KEY, CART);
        // Once per session is enough: the cart's session only changes by a cart event.
        if (checked != e.session_id) {
          checked = e.session_id;
          const props = abandoned(cart, e.session_id);
          if (props) {
            cart = { ...cart!, reported: true };
            keep(store, CART_KEY, cart);
            waymark.track('cart_abandoned' as UntypedEvent, props, { stage: 'purchase' });
          }
        }
        if (CART_EVENTS.test(e.type)) keep(store, CART_KEY, updateCart(cart, e));
      }, 'cart abandonment failed'),
    );
  };
