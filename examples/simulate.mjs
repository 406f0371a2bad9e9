#!/usr/bin/env node
// @ts-check
/**
 * Simulated shoppers: N shoppers walk the Alder & Clay storefront in headless Chromium, each in a
 * fresh browser profile (a new visitor), arriving through a known mix of channels and following a
 * known mix of journeys. The simulation keeps the truth of what it did (sessions, the stages each
 * session reached, carts, orders and their values, survey scores), so the journey report can be
 * checked against it.
 *
 *   node examples/simulate.mjs --shoppers 18              own shop and collector (temp db), then the report
 *   node examples/simulate.mjs --shoppers 18 --serve      … and keep serving: open the printed /report URL
 *   node examples/simulate.mjs --shoppers 18 --shop http://127.0.0.1:8080   against a running `npm run demo`
 *
 * Options: --db FILE (own collector's database), --concurrency 3, --json (truth and report as JSON).
 * The shoppers are deterministic: shopper i follows JOURNEYS[i % 9] and arrives by the channel of
 * that journey (bounce: organic search, browse: paid search, abandon: direct, buy: paid search,
 * buy again: email, return: organic search, review: social, refer: referral, survey: email).
 * The own shop also loads the vitals, engagement, checkout-timing and cart-abandonment modules.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startCollector } from './collector/collector.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The journeys, in the order shoppers take them. */
export const JOURNEYS = /** @type {const} */ (['bounce', 'browse', 'abandon', 'buy', 'buy_again', 'return', 'review', 'refer', 'survey']);
/** Landing channels, in the order shoppers arrive: how each lands (query string, referrer). */
export const CHANNELS = /** @type {const} */ ([
  { channel: 'organic_search', query: '', referer: 'https://www.google.com/' },
  { channel: 'paid_search', query: 'utm_source=google&utm_medium=cpc&utm_campaign=autumn-kiln&gclid=sim', referer: '' },
  { channel: 'social', query: 'utm_source=instagram&utm_medium=social&utm_campaign=kiln-reel', referer: '' },
  { channel: 'email', query: 'utm_source=newsletter&utm_medium=email&utm_campaign=november', referer: '' },
  { channel: 'referral', query: '', referer: 'https://blog.example.org/best-mugs' },
  { channel: 'direct', query: '', referer: '' },
]);
/** The channel each journey's shoppers arrive by (index into CHANNELS, by journey): a mix with uneven conversion. */
const ARRIVAL = [0, 1, 5, 1, 3, 0, 2, 4, 3];
/** The catalogue the shop sells (examples/storefront/js/catalog.js), and its delivery rules (js/shop.js). */
const PRODUCTS = [
  { id: 'ridge-mug', page: 'product-ridge-mug.html', price: 24 },
  { id: 'tide-bowl', page: 'product-tide-bowl.html', price: 58 },
  { id: 'pebble-vase', page: 'product-pebble-vase.html', price: 36 },
  { id: 'harbour-teapot', page: 'product-harbour-teapot.html', price: 89 },
];
const SHIPPING = { standard: 4.9, express: 12 };
const FREE_FROM = 75;
const NPS_SCORES = [3, 10, 8, 9];
/** What browsing shoppers search for: the shop sells nothing of the kind. */
const SEARCH = 'Porcelain spoons ';
const MIN = 60_000;
/**
 * The browser's clock follows the plan (Date.now() is set at each step), so the simulation knows
 * the time of every event it causes: shopper i arrives at SIM_T0 + i × 4 h.
 */
const SIM_T0 = Date.parse('2026-11-02T09:00:00Z');
/** From the checkout page to the order: one checkout in four takes over 4 minutes. */
const CHECKOUT_MS = [95_000, 150_000, 205_000, 290_000];
/** From the cart to the checkout page; from the order to the order-status page, and to what the shopper does there. */
const TO_CHECKOUT = 3 * MIN;
const TO_STATUS = 10 * MIN;
const TO_AFTER = 15 * MIN;
/** The second visit of a returning buyer, a week later. */
const WEEK = 7 * 86_400_000;

/** What one order costs: VAT-inclusive prices, standard delivery free from 75 €. */
export const orderValue = (/** @type {number} */ price, /** @type {number} */ quantity, /** @type {'standard' | 'express'} */ shipping) => {
  const subtotal = price * quantity;
  const delivery = shipping == 'standard' && subtotal >= FREE_FROM ? 0 : SHIPPING[shipping];
  return Math.round((subtotal + delivery) * 100) / 100;
};

/**
 * @typedef {object} ShopperTruth
 * @property {number} index
 * @property {string} journey
 * @property {string} channel the first-touch channel
 * @property {{ stages: string[], actions: { type: string, stage: string, path: string }[], channel: string, bounced: boolean, carted: boolean, ordered: boolean }[]} sessions
 *   `stages`: in the order the session reached them; `actions`: what the shopper did, in order
 * @property {{ id: string, value: number }[]} orders
 * @property {number | null} nps
 * @property {number} abandonedValue price × quantity of a cart left without an order
 * @property {string | null} returned `return` or `exchange`, with reason changed_mind
 * @property {string[]} lifecycle the lifecycle stages the shopper reached, in order
 * @property {number[]} lifecycleAt when the shopper reached each of them (the browser's clock, set by the plan)
 * @property {{ ms: number, value: number }[]} checkouts each order's checkout: checkout page to order, and the order's value
 */

/** The plan of shopper `i`: journey, channel, what to buy. */
export const planOf = (/** @type {number} */ i) => {
  const journey = JOURNEYS[i % JOURNEYS.length];
  const landing = CHANNELS[ARRIVAL[i % JOURNEYS.length]];
  const product = PRODUCTS[i % PRODUCTS.length];
  const quantity = 1 + (i % 3);
  /** @type {'standard' | 'express'} */
  const shipping = i % 4 == 0 ? 'express' : 'standard';
  const again = PRODUCTS[(i + 1) % PRODUCTS.length];
  const start = SIM_T0 + i * 4 * 60 * MIN;
  return { i, journey, landing, product, quantity, shipping, again, nps: NPS_SCORES[Math.floor(i / JOURNEYS.length) % NPS_SCORES.length], start, checkoutMs: [CHECKOUT_MS[i % 4], CHECKOUT_MS[(i + 2) % 4]] };
};

/**
 * The shop's tracking plan, by the journey-stage rules of the README (the landing page of a new
 * visitor or a campaign is awareness; category and product pages consideration; cart, checkout and
 * confirmation purchase; order status, returns, review and survey pages retention): the stage of
 * each page the shopper opens, and the event the page itself records beside its page view.
 * @type {Record<string, [stage: string, type?: string]>}
 */
const PAGES = {
  'index.html': ['awareness'],
  'collection.html': ['consideration', 'product_list_viewed'],
  'search.html': ['consideration', 'search_submitted'],
  product: ['consideration', 'product_viewed'],
  'cart.html': ['purchase', 'cart_viewed'],
  'checkout.html': ['purchase', 'checkout_started'],
  'confirmation.html': ['purchase', 'order_completed'],
  'order-status.html': ['retention', 'order_status_viewed'],
  'returns.html': ['retention'],
  'review.html': ['retention'],
  'survey.html': ['retention'],
};

/**
 * The truth of a plan: the actions of the shopper's visit(s), in order, as the shop's tracking
 * plan records them (pages opened, a product added, the checkout steps, a return, a review, a
 * referral, a survey answer: the last three advocacy when they speak up for the shop); the stages
 * each session reached follow from them.
 * @param {ReturnType<typeof planOf>} plan
 * @param {{ id: string, value: number }[]} orders what the shop confirmed
 * @param {{ ordered: number[], advocated: number | null }} at when the shopper ordered and (review, referral) spoke up, by the plan's clock
 * @returns {ShopperTruth}
 */
const truthOf = (plan, orders, at) => {
  const { journey } = plan;
  const bought = ['buy', 'buy_again', 'return', 'review', 'refer', 'survey'].includes(journey);
  /** @type {{ type: string, stage: string, path: string }[][]} */
  const visits = [[]];
  const act = (/** @type {string} */ type, /** @type {string} */ stage, /** @type {string} */ page) => visits[visits.length - 1].push({ type, stage, path: '/' + page });
  const open = (/** @type {string} */ page) => {
    const [stage, type] = PAGES[page.startsWith('product-') ? 'product' : page];
    act('page_viewed', stage, page);
    if (type) act(type, stage, page);
  };
  const buy = (/** @type {string} */ page) => {
    open(page);
    act('product_added_to_cart', 'purchase', page);
    open('cart.html');
    if (journey == 'abandon') return;
    open('checkout.html');
    for (let k = 0; k < 3; k++) act('checkout_step_completed', 'purchase', 'checkout.html');
    open('confirmation.html');
  };
  open('index.html');
  if (journey == 'browse') open('search.html'), open('collection.html'), open(plan.product.page);
  else if (journey != 'bounce') buy(plan.product.page);
  if (journey == 'refer') act('referral_sent', 'advocacy', 'confirmation.html');
  if (['return', 'review', 'survey'].includes(journey)) open('order-status.html');
  if (journey == 'return') open('returns.html'), act(plan.i % 2 ? 'exchange_requested' : 'return_requested', 'retention', 'returns.html');
  if (journey == 'review') open('review.html'), act('review_submitted', 'advocacy', 'review.html');
  if (journey == 'survey') open('survey.html'), act('survey_answered', plan.nps >= 9 ? 'advocacy' : 'retention', 'survey.html');
  if (journey == 'buy_again') visits.push([]), open('index.html'), buy(plan.again.page);
  const sessions = visits.map((actions, k) => ({
    stages: [...new Set(actions.map((a) => a.stage))],
    actions,
    channel: k ? 'email' : plan.landing.channel,
    bounced: journey == 'bounce',
    carted: journey == 'abandon' || bought,
    ordered: bought,
  }));
  // Lifecycle: a first order converts; a second makes a loyal customer; a review or a referral an advocate.
  const lifecycle = ['acquisition', ...(bought ? ['conversion'] : []), ...(journey == 'buy_again' ? ['loyalty'] : []), ...(journey == 'review' || journey == 'refer' ? ['advocacy'] : [])];
  // Acquisition at arrival, conversion at the first order, loyalty at the second, advocacy when the shopper spoke up.
  const lifecycleAt = [plan.start, ...at.ordered, ...(at.advocated != null ? [at.advocated] : [])];
  return {
    index: plan.i,
    journey,
    channel: plan.landing.channel,
    sessions,
    orders,
    nps: journey == 'survey' ? plan.nps : null,
    abandonedValue: journey == 'abandon' ? plan.product.price * plan.quantity : 0,
    returned: journey == 'return' ? (plan.i % 2 ? 'exchange' : 'return') : null,
    lifecycle,
    lifecycleAt,
    checkouts: orders.map((o, k) => ({ ms: plan.checkoutMs[k], value: o.value })),
  };
};

/**
 * The truth of the journey map: moves between stages (each shopper's stages in order, session
 * after session), lifecycle steps, channels per stage, and the pain points the shoppers met.
 * @param {ShopperTruth[]} shoppers
 */
export const mapTruth = (shoppers) => {
  /** @type {Map<string, { shoppers: Set<number>, moves: number, within: number, across: number }>} */
  const moves = new Map();
  /** @type {Map<string, number[]>} time each shopper took for each lifecycle step */
  const steps = new Map();
  /** Shoppers and sessions by a key. @type {Map<string, { shoppers: Set<number>, sessions: Set<string>, n: number }>} */
  const counts = new Map();
  const count = (/** @type {string} */ key, /** @type {number} */ shopper, /** @type {string} */ session) => {
    const c = counts.get(key) ?? { shoppers: new Set(), sessions: new Set(), n: 0 };
    c.shoppers.add(shopper);
    c.sessions.add(session);
    c.n++;
    counts.set(key, c);
  };
  for (const s of shoppers) {
    /** @type {string | null} */
    let prev = null;
    for (const [k, session] of s.sessions.entries()) {
      const id = `${s.index}.${k}`;
      // A move: a change of stage between two consecutive actions, within the visit or from the last one.
      for (const [j, { type, stage, path }] of session.actions.entries()) {
        if (prev == null) count(`entry>${stage}`, s.index, id);
        if (prev && prev != stage) {
          const m = moves.get(`${prev}>${stage}`) ?? { shoppers: new Set(), moves: 0, within: 0, across: 0 };
          m.shoppers.add(s.index);
          m.moves++;
          if (j == 0 && k > 0) m.across++;
          else m.within++;
          moves.set(`${prev}>${stage}`, m);
        }
        prev = stage;
        count(`action>${stage}>${type}`, s.index, id);
        // Where the session entered the stage: its first action there.
        if (session.actions.findIndex((a) => a.stage == stage) == j) count(`page>${stage}>${path}`, s.index, id);
      }
      for (const stage of session.stages) count(`channel>${stage}>${session.channel}`, s.index, id);
    }
    s.lifecycle.slice(1).forEach((to, i) => steps.set(`${s.lifecycle[i]}>${to}`, [...(steps.get(`${s.lifecycle[i]}>${to}`) ?? []), s.lifecycleAt[i + 1] - s.lifecycleAt[i]]));
  }
  const split = (/** @type {string} */ k) => k.split('>');
  /** The counts of one kind, with their key's parts. @returns {[string, string, any][]} */
  const of = (/** @type {string} */ kind) => /** @type {any} */ ([...counts].filter(([k]) => k.startsWith(kind + '>')).map(([k, c]) => [...split(k).slice(1), c]));
  const abandoned = shoppers.filter((s) => s.abandonedValue);
  const returned = shoppers.filter((s) => s.returned);
  const detractors = shoppers.filter((s) => s.nps != null && s.nps <= 6);
  const searched = shoppers.flatMap((s) => s.sessions.flatMap((x) => x.actions.filter((a) => a.type == 'search_submitted').map(() => ({ shopper: s.index }))));
  const slow = shoppers.flatMap((s) => s.checkouts.filter((c) => c.ms > SLOW_CHECKOUT_MS).map((c) => ({ ...c, shopper: s.index })));
  return {
    moves: [...moves].map(([k, m]) => ({ from: split(k)[0], to: split(k)[1], shoppers: m.shoppers.size, moves: m.moves, within: m.within, across: m.across })),
    entries: of('entry').map(([stage, c]) => ({ stage, shoppers: c.shoppers.size })),
    actions: of('action').map(([stage, type, c]) => ({ stage, type, count: c.n, shoppers: c.shoppers.size })),
    entryPages: of('page').map(([stage, path, c]) => ({ stage, path, shoppers: c.shoppers.size, sessions: c.sessions.size })),
    lifecycle: ['acquisition', 'conversion', 'loyalty', 'advocacy'].map((stage) => ({ stage, shoppers: shoppers.filter((s) => s.lifecycle.includes(stage)).length })),
    lifecycleSteps: [...steps].map(([k, ms]) => ({ from: split(k)[0], to: split(k)[1], shoppers: ms.length, medianMs: median(ms) })),
    channels: of('channel').map(([stage, channel, c]) => ({ stage, channel, shoppers: c.shoppers.size, sessions: c.sessions.size })),
    abandonedCarts: { count: abandoned.length, shoppers: abandoned.length, value: Math.round(abandoned.reduce((n, s) => n + s.abandonedValue, 0) * 100) / 100 },
    returns: { count: returned.length, shoppers: returned.length, reasons: Object.fromEntries(['exchange', 'return'].map((r) => [`${r}: changed_mind`, returned.filter((s) => s.returned == r).length]).filter(([, n]) => n)) },
    npsDetractors: { count: detractors.length, shoppers: detractors.length },
    // Every search finds nothing: the query as the shopper typed it, trimmed and in lower case.
    zeroResults: { count: searched.length, shoppers: new Set(searched.map((x) => x.shopper)).size, queries: searched.length ? { [SEARCH.trim().toLowerCase()]: searched.length } : {} },
    slowCheckout: { count: slow.length, shoppers: new Set(slow.map((c) => c.shopper)).size, value: cents(slow.reduce((n, c) => n + c.value, 0)) },
  };
};

const cents = (/** @type {number} */ n) => Math.round(n * 100) / 100;
/** The middle value (the mean of the two middle ones for an even count); null when there is none. */
const median = (/** @type {number[]} */ xs) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** Checkouts over 4 minutes, which shoppers in two in three expect to take at most. */
const SLOW_CHECKOUT_MS = 4 * MIN;

/**
 * Sum up the truth of all shoppers in the report's terms.
 * @param {ShopperTruth[]} shoppers
 */
export const summarize = (shoppers) => {
  const sessions = shoppers.flatMap((s) => s.sessions);
  const orders = shoppers.flatMap((s) => s.orders);
  const stages = ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'];
  const revenue = Math.round(orders.reduce((sum, o) => sum + o.value, 0) * 100) / 100;
  const customers = shoppers.filter((s) => s.orders.length);
  /** @type {Record<string, number>} */
  const journeys = {};
  for (const s of shoppers) journeys[s.journey] = (journeys[s.journey] ?? 0) + 1;
  const channels = [...new Set(shoppers.map((s) => s.channel))].map((channel) => {
    const of = shoppers.filter((s) => s.channel == channel);
    const buyers = of.filter((s) => s.orders.length);
    return { channel, visitors: of.length, buyers: buyers.length, orders: buyers.reduce((n, s) => n + s.orders.length, 0) };
  });
  const nps = shoppers.map((s) => s.nps).filter((x) => x != null);
  const checkouts = shoppers.flatMap((s) => s.checkouts);
  return {
    shoppers: shoppers.length,
    journeys,
    visitors: shoppers.length,
    sessions: sessions.length,
    funnel: stages.map((stage) => ({
      stage,
      visitors: shoppers.filter((s) => s.sessions.some((x) => x.stages.includes(stage))).length,
      sessions: sessions.filter((x) => x.stages.includes(stage)).length,
    })),
    orders: orders.length,
    orderValues: orders.map((o) => o.value),
    revenue,
    aov: orders.length ? Math.round((revenue / orders.length) * 100) / 100 : null,
    customers: customers.length,
    clv: customers.length ? Math.round((revenue / customers.length) * 100) / 100 : null,
    repeaters: customers.filter((s) => s.orders.length > 1).length,
    convertedSessions: sessions.filter((x) => x.ordered).length,
    convertedVisitors: customers.length,
    bounced: sessions.filter((x) => x.bounced).length,
    cartSessions: sessions.filter((x) => x.carted).length,
    abandonedSessions: sessions.filter((x) => x.carted && !x.ordered).length,
    nps: { answers: nps.length, promoters: nps.filter((x) => x >= 9).length, detractors: nps.filter((x) => x <= 6).length },
    checkout: {
      orders: checkouts.length,
      medianMs: median(checkouts.map((c) => c.ms)),
      within4min: checkouts.filter((c) => c.ms <= SLOW_CHECKOUT_MS).length,
      over4minRevenue: cents(checkouts.filter((c) => c.ms > SLOW_CHECKOUT_MS).reduce((n, c) => n + c.value, 0)),
    },
    channels,
    map: mapTruth(shoppers),
  };
};

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** Click and wait for the next page. @param {import('playwright-core').Page} page @param {string} selector @param {RegExp} url */
const go = async (page, selector, url) => {
  await Promise.all([page.waitForURL(url), page.click(selector)]);
  await ready(page);
};

/** The SDK is loaded and the page's own script ran (a moment for it), so the page's events are tracked. */
const ready = async (/** @type {import('playwright-core').Page} */ page) => {
  await page.waitForFunction(() => {
    const w = /** @type {any} */ (window).waymark;
    return !!w && !('q' in w);
  }, null, { timeout: 15_000 });
  await sleep(150);
};

/** This origin's Waymark queues are empty: everything tracked so far was delivered. */
const queuesEmpty = () => {
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    if (k && k.startsWith('wm.q.') && JSON.parse(localStorage.getItem(k) || '[]').length) return false;
  }
  return true;
};

/**
 * Wait until everything tracked so far was delivered. The plan holds the browser's clock still,
 * and the SDK spaces its requests by the clock: while a queue waits, the clock moves on by a
 * quarter of a second (the plan's times are all taken by then).
 * @param {import('playwright-core').Page} page
 * @param {{ now: number }} clock the time the plan set
 */
const drained = async (page, clock) => {
  const end = Date.now() + 45_000;
  while (!(await page.waitForFunction(queuesEmpty, null, { timeout: 1_000, polling: 100 }).then(() => true, () => false))) {
    if (Date.now() > end) throw new Error('the queues did not drain in 45 s');
    await page.context().clock.setFixedTime((clock.now += 250));
  }
};

/** From a product page: add to the cart, go to the cart. */
const addToCart = async (/** @type {import('playwright-core').Page} */ page, /** @type {number} */ quantity) => {
  await page.fill('#add-to-cart input[name=quantity]', String(quantity));
  await page.click('#add-to-cart button[type=submit]');
  await page.waitForSelector('#go-to-cart:visible');
  await go(page, '#go-to-cart', /cart\.html/);
  await page.waitForSelector('#cart-lines tr');
};

/**
 * From the cart: the three checkout steps; returns the confirmed order. The clock reads
 * `at.started` from the checkout page on, `at.ordered` from the payment on.
 */
const checkout = async (
  /** @type {import('playwright-core').Page} */ page,
  /** @type {'standard' | 'express'} */ shipping,
  /** @type {number} */ i,
  /** @type {{ started: number, ordered: number }} */ at,
  /** @type {(t: number) => Promise<void>} */ clock,
) => {
  await clock(at.started);
  await go(page, '#checkout-link', /checkout\.html/);
  await page.fill('#step-contact input[name=email]', `shopper${i}@example.com`);
  await page.fill('#step-contact input[name=given]', 'Sam');
  await page.fill('#step-contact input[name=family]', `Shopper${i}`);
  await page.click('#step-contact button[type=submit]');
  await page.fill('#step-shipping input[name=address]', `${i} Quay Street`);
  await page.fill('#step-shipping input[name=city]', 'Galway');
  await page.fill('#step-shipping input[name=postcode]', 'H91 X2Y3');
  await page.check(`#step-shipping input[value=${shipping}]`);
  await page.click('#step-shipping button[type=submit]');
  await page.check('#step-payment input[value=card]');
  await clock(at.ordered);
  await go(page, '#step-payment button[type=submit]', /confirmation\.html/);
  await page.waitForSelector('#track-link[href*="order="]');
  const id = (await page.textContent('#order-id')) ?? '';
  return id.trim();
};

/**
 * One shopper, in a fresh browser context.
 * @param {import('playwright-core').Browser} browser
 * @param {string} shop the storefront's base URL, e.g. http://127.0.0.1:8080
 * @param {ReturnType<typeof planOf>} plan
 * @returns {Promise<ShopperTruth>}
 */
const shopper = async (browser, shop, plan) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const errors = /** @type {string[]} */ ([]);
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    const { journey, landing, product, quantity, shipping, again, i } = plan;
    const now = { now: plan.start };
    const clock = (/** @type {number} */ t) => context.clock.setFixedTime((now.now = t));
    await clock(plan.start);
    await page.goto(`${shop}/index.html${landing.query ? '?' + landing.query : ''}`, landing.referer ? { referer: landing.referer } : {});
    await ready(page);
    /** @type {{ id: string, value: number }[]} */
    const orders = [];
    /** @type {number[]} */
    const ordered = [];
    /** @type {number | null} */
    let advocated = null;
    const buy = async (/** @type {typeof product} */ p, /** @type {number} */ q, /** @type {number} */ visit) => {
      await addToCart(page, q);
      const started = visit + TO_CHECKOUT;
      const at = { started, ordered: started + plan.checkoutMs[orders.length] };
      const id = await checkout(page, shipping, i, at, clock);
      orders.push({ id, value: orderValue(p.price, q, shipping) });
      ordered.push(at.ordered);
    };

    if (journey == 'bounce') {
      await sleep(400);
    } else if (journey == 'browse') {
      // A search that finds nothing first, then the collection.
      await page.fill('#q', SEARCH);
      await Promise.all([page.waitForURL(/search\.html/), page.press('#q', 'Enter')]);
      await ready(page);
      await go(page, '#search-none a[href="collection.html"]', /collection\.html/);
      await go(page, `[data-list] a[href="${product.page}"] >> nth=0`, new RegExp(product.page));
      await page.mouse.wheel(0, 600);
      await sleep(200);
    } else {
      await go(page, `a[href="${product.page}"] >> nth=0`, new RegExp(product.page));
      if (journey == 'abandon') {
        await addToCart(page, quantity);
      } else {
        await buy(product, quantity, plan.start);
        const after = ordered[0] + TO_AFTER;
        if (journey == 'refer') {
          await clock((advocated = after));
          await page.click('#referral-copy');
          await page.waitForFunction(() => !!document.querySelector('#referral-note')?.textContent);
        } else if (journey == 'return' || journey == 'review' || journey == 'survey') {
          await clock(ordered[0] + TO_STATUS);
          await go(page, '#track-link', /order-status\.html/);
          await page.waitForSelector('#review-link[href*="product="]');
          if (journey == 'return') {
            await go(page, '#return-link', /returns\.html/);
            await page.check(`#return-form input[name=kind][value=${i % 2 ? 'exchange' : 'return'}]`);
            await page.selectOption('#return-form select[name=reason]', 'changed_mind');
            await clock(after);
            await page.click('#return-form button[type=submit]');
            await page.waitForSelector('#return-done:visible');
          } else if (journey == 'review') {
            await go(page, '#review-link', /review\.html/);
            await page.fill('#review-form textarea[name=text]', 'Lovely glaze, sits well in the hand.');
            await page.check('#review-form input[name=rating][value="5"]');
            await clock((advocated = after));
            await page.click('#review-form button[type=submit]');
            await page.waitForSelector('#review-done:visible');
          } else {
            await go(page, '#survey-link', /survey\.html/);
            await page.check(`#survey-form input[name=score][value="${plan.nps}"]`, { force: true });
            await clock(after);
            await page.click('#survey-form button[type=submit]');
            await page.waitForSelector('#survey-promoter:visible, #survey-thanks:visible');
          }
        } else if (journey == 'buy_again') {
          // The first visit is delivered before the second begins.
          await drained(page, now);
          // The first visit ends (its last page reports its engagement and vitals as it is left)…
          await page.goto('about:blank');
          // … and a week later, from the newsletter: a new campaign touch starts a new session.
          await clock(plan.start + WEEK);
          await page.goto(`${shop}/index.html?utm_source=newsletter&utm_medium=email&utm_campaign=restock-${i}`);
          await ready(page);
          await go(page, `a[href="${again.page}"] >> nth=0`, new RegExp(again.page));
          await buy(again, 1, plan.start + WEEK);
        }
      }
    }
    await drained(page, now);
    // Leaving hides the last page: its vitals and engagement go by beacon.
    await page.goto('about:blank');
    await sleep(100);
    if (errors.length) throw new Error(`shopper ${i} (${journey}): page errors: ${errors.join('; ')}`);
    return truthOf(plan, orders, { ordered, advocated });
  } finally {
    await Promise.race([context.close().catch(() => {}), sleep(10_000)]);
  }
};

/**
 * Run `shoppers` simulated shoppers against the storefront at `shop`; resolves with the truth.
 * @param {{ shop: string, shoppers: number, concurrency?: number, browser?: import('playwright-core').Browser, log?: (line: string) => void }} o
 */
export const simulate = async (o) => {
  const browser = o.browser ?? (await launch());
  const log = o.log ?? (() => {});
  /** @type {ShopperTruth[]} */
  const results = [];
  let next = 0;
  try {
    const worker = async () => {
      while (next < o.shoppers) {
        const plan = planOf(next++);
        const t = await shopper(browser, o.shop, plan);
        results.push(t);
        log(`  shopper ${String(plan.i + 1).padStart(3)}  ${plan.journey.padEnd(9)}  ${plan.landing.channel.padEnd(14)}  ${t.orders.map((x) => `${x.id} ${x.value.toFixed(2)} EUR`).join(', ')}`);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency ?? 3, o.shoppers)) }, worker));
  } finally {
    if (!o.browser) await Promise.race([browser.close().catch(() => {}), sleep(10_000)]);
  }
  results.sort((a, b) => a.index - b.index);
  return { shoppers: results, summary: summarize(results) };
};

/** Headless Chromium: the system's /usr/bin/chromium (CHROMIUM_PATH overrides it). */
export const launch = () =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";
const TYPES = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
});
/** Capture modules the simulation's shop loads beside waymark.js. */
const MODULES = ['vitals', 'engagement', 'checkout-timing', 'cart-abandonment'];

/**
 * A storefront and a collector of its own, on 127.0.0.1: the storefront as `npm run demo` serves it
 * (strict CSP, /collect forwarded to the collector), plus the capture modules.
 * @param {{ db?: string, port?: number, collectorPort?: number }} [o] `db`: SQLite file (a temp file by default)
 */
export const startShop = async (o = {}) => {
  const temp = o.db ? null : mkdtempSync(path.join(tmpdir(), 'waymark-sim-'));
  const db = o.db ?? path.join(/** @type {string} */ (temp), 'events.db');
  // Headless Chromium says it is automated (navigator.webdriver): its events are counted here.
  const collector = await startCollector({ port: o.collectorPort ?? 0, db, quiet: true, includeAutomated: true, rateLimit: { burst: 100_000, perSecond: 100_000 } });
  const tags = MODULES.map((m) => `<script async src="/waymark.${m}.js"></script>`).join('\n');
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://shop');
      // The shop's own /collect is the collector's, in-process (as in the demo).
      if (url.pathname == '/collect') return void (await collector.handle(req, res));
      let p;
      try {
        p = decodeURIComponent(url.pathname);
      } catch {
        res.writeHead(400, { 'Content-Type': 'text/plain' });
        return res.end('bad path');
      }
      const file = /^\/waymark[\w.-]*\.m?js(\.map)?$/.test(p) || p.startsWith('/chunks/') ? path.join(ROOT, 'dist', p) : path.join(ROOT, 'examples/storefront', p.endsWith('/') ? p + 'index.html' : p);
      const inside = [path.join(ROOT, 'dist'), path.join(ROOT, 'examples/storefront')].some((d) => path.resolve(file).startsWith(d + path.sep));
      if (!inside || !(await stat(file).catch(() => null))?.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        return res.end('not found');
      }
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      let data = await readFile(file);
      if (type.startsWith('text/html')) data = Buffer.from(data.toString('utf8').replace('<script async src="/waymark.js"', `${tags}\n<script async src="/waymark.js"`));
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache', ...(type.startsWith('text/html') ? { 'Content-Security-Policy': CSP } : {}) });
      res.end(data);
    } catch (e) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    }
  });
  server.keepAliveTimeout = 2_000;
  await new Promise((ok, fail) => server.once('error', fail).listen(o.port ?? 0, '127.0.0.1', () => ok(undefined)));
  const url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  return {
    url,
    collector,
    db,
    /** Resolve once the collector has stored no new event for `quietMs`. */
    settle: async (quietMs = 1500, timeout = 20_000) => {
      const end = Date.now() + timeout;
      let last = -1;
      let since = Date.now();
      while (Date.now() < end) {
        const n = collector.store.count();
        if (n != last) (last = n), (since = Date.now());
        else if (Date.now() - since >= quietMs) return n;
        await sleep(100);
      }
      return last;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((ok) => server.close(() => ok(undefined)));
      await collector.close();
      if (temp) rmSync(temp, { recursive: true, force: true });
    },
  };
};

const main = async () => {
  const { values } = parseArgs({
    options: {
      shoppers: { type: 'string', default: '18' },
      shop: { type: 'string' },
      db: { type: 'string' },
      concurrency: { type: 'string', default: '3' },
      serve: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('usage: node examples/simulate.mjs [--shoppers 18] [--shop http://127.0.0.1:8080 | --db FILE [--serve]] [--concurrency 3] [--json]');
    return;
  }
  if (!(await stat(path.join(ROOT, 'dist/waymark.js')).catch(() => null))) throw new Error('dist/ is missing: run `npm run build` first');
  const shoppers = Math.max(1, Number(values.shoppers) || 18);
  const own = values.shop ? null : await startShop({ db: values.db });
  const shop = values.shop?.replace(/\/$/, '') ?? /** @type {NonNullable<typeof own>} */ (own).url;
  const log = values.json ? () => {} : (/** @type {string} */ l) => console.log(l);
  log(`Simulating ${shoppers} shoppers on ${shop} …`);
  const started = Date.now();
  const { shoppers: truth, summary } = await simulate({ shop, shoppers, concurrency: Number(values.concurrency) || 3, log });
  let report = null;
  if (own) {
    await own.settle();
    const { computeReport, prepareReport } = await import('./collector/report/queries.mjs');
    const { renderText } = await import('./collector/report/text.mjs');
    prepareReport(own.collector.db);
    report = computeReport(own.collector.db, {}, { includeAutomated: true });
    if (!values.json) console.log('\n' + renderText(report));
  } else {
    await sleep(3000); // beacons of the last pages
  }
  if (values.json) console.log(JSON.stringify({ truth: summary, shoppers: truth, report }, null, 2));
  else {
    console.log(`Truth: ${summary.visitors} visitors, ${summary.sessions} sessions, journeys ${JSON.stringify(summary.journeys)}`);
    console.log(`       ${summary.orders} orders, revenue ${summary.revenue.toFixed(2)} EUR, AOV ${summary.aov?.toFixed(2) ?? '–'} EUR, bounced ${summary.bounced}, abandoned carts ${summary.abandonedSessions}/${summary.cartSessions}`);
    console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
  if (own && values.serve) {
    const token = `token=${own.collector.readToken}`;
    console.log(`\n  Map: ${own.collector.url}/map?${token}\n  Report: ${own.collector.url}/report?${token}\n  Shop: ${own.url}/   (Ctrl-C stops)`);
    const stop = () => own.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } else if (own) await own.close();
};

if (process.argv[1] && import.meta.url == pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
