import type { Product } from '../types.js';

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => !!v && typeof v == 'object' && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v == null ? [] : [v]);

/** `Product`, `schema:Product`, `https://schema.org/Product`, or an array holding one of them. */
const isType = (node: Node, type: string): boolean =>
  list(node['@type']).some((t) => typeof t == 'string' && t.replace(/^.*[/:#]/, '') == type);

const text = (v: unknown): string | undefined => {
  if (typeof v == 'number') return String(v);
  if (typeof v == 'string') return v.trim() || undefined;
  if (Array.isArray(v)) return text(v[0]);
  if (isNode(v)) return text(v.name ?? v['@value']);
  return undefined;
};

/** A price: a number, or a string such as "12.50" (schema.org asks for a dot as separator). */
const amount = (v: unknown): number | undefined => {
  const n = typeof v == 'number' ? v : typeof v == 'string' && v.trim() ? Number(v.trim()) : NaN;
  return n >= 0 && n < Infinity ? n : undefined;
};

/** Price and currency of the first offer: `Offer`, `AggregateOffer` (its `lowPrice`), arrays, or a `priceSpecification`. */
const offerPrice = (offers: unknown): { price?: number; currency?: string } => {
  for (const offer of list(offers)) {
    if (!isNode(offer)) continue;
    const spec = list(offer.priceSpecification).find(isNode);
    const price = amount(offer.lowPrice) ?? amount(offer.price) ?? amount(spec?.price);
    const currency = text(offer.priceCurrency) ?? text(spec?.priceCurrency);
    if (price != null) return { price, currency };
    const inner = offerPrice(offer.offers);
    if (inner.price != null) return { price: inner.price, currency: inner.currency ?? currency };
  }
  return {};
};

/** Every top-level node of a JSON-LD document: arrays and `@graph` unfolded, and a page's `mainEntity`. */
const nodes = (doc: unknown, out: Node[] = []): Node[] => {
  for (const n of list(doc)) {
    if (!isNode(n)) continue;
    out.push(n);
    if (n['@graph']) nodes(n['@graph'], out);
    if (n.mainEntity) nodes(n.mainEntity, out);
  }
  return out;
};

/** The result of reading a page's JSON-LD: the first product, and what could not be read. */
export interface JsonLdScan {
  product?: Product;
  problems: string[];
}

/**
 * The first schema.org `Product` of these JSON-LD texts as Waymark product properties: id from
 * `sku` or `productID`, name, brand (text or `{ name }`), category, price and currency of the
 * first offer. A text that is not JSON is skipped and named in `problems`.
 */
export const readProduct = (texts: readonly string[]): JsonLdScan => {
  const problems: string[] = [];
  for (const [i, raw] of texts.entries()) {
    let doc: unknown;
    try {
      doc = JSON.parse(raw);
    } catch (e) {
      problems.push(`JSON-LD script #${i + 1} is not valid JSON (${String(e)}): ignored`);
      continue;
    }
    const node = nodes(doc).find((n) => isType(n, 'Product') || isType(n, 'ProductGroup'));
    if (!node) continue;
    const id = text(node.sku) ?? text(node.productID) ?? text(node.productGroupID);
    if (!id) {
      problems.push('JSON-LD Product has neither sku nor productID: no product_viewed');
      continue;
    }
    const product: Product = { id };
    const name = text(node.name);
    const brand = text(node.brand);
    const category = text(node.category);
    const { price, currency } = offerPrice(node.offers);
    const image = text(isNode(node.image) ? node.image.url : node.image);
    if (name) product.name = name;
    if (brand) product.brand = brand;
    if (category) product.category = category;
    if (price != null) product.price = price;
    if (currency) product.currency = currency;
    if (image) product.image_url = image;
    return { product, problems };
  }
  return { problems };
};
