import { fakeWaymark } from './helpers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Props, TrackOptions, Waymark, WaymarkEvent, Plugin } from '../../src/types';
import { readProduct } from '../../src/capture/json-ld-product';
import { jsonLd } from '../../src/capture/json-ld';


const product = {
  '@context': 'https://schema.org',
  '@type': 'Product',
  sku: 'MUG-1',
  name: 'Blue mug',
  brand: { '@type': 'Brand', name: 'Acme' },
  category: 'Kitchen > Mugs',
  image: ['https://shop.example/mug.jpg'],
  offers: { '@type': 'Offer', price: '12.50', priceCurrency: 'EUR' },
};

describe('readProduct', () => {
  it('reads id, name, brand object, category, image, price and currency of an Offer', () => {
    expect(readProduct([JSON.stringify(product)])).toEqual({
      product: { id: 'MUG-1', name: 'Blue mug', brand: 'Acme', category: 'Kitchen > Mugs', price: 12.5, currency: 'EUR', image_url: 'https://shop.example/mug.jpg' },
      problems: [],
    });
  });

  it('finds the Product in @graph, in arrays and in mainEntity; productID when there is no sku', () => {
    const p = { '@type': ['Product', 'Thing'], productID: 'P-9', name: 'Plate', brand: 'Acme', offers: { price: 4, priceCurrency: 'USD' } };
    const graph = { '@context': 'https://schema.org', '@graph': [{ '@type': 'WebSite' }, { '@type': 'BreadcrumbList' }, p] };
    expect(readProduct([JSON.stringify(graph)]).product).toMatchObject({ id: 'P-9', brand: 'Acme', price: 4, currency: 'USD' });
    expect(readProduct([JSON.stringify([{ '@type': 'Organization' }, p])]).product?.id).toBe('P-9');
    expect(readProduct([JSON.stringify({ '@type': 'ItemPage', mainEntity: { ...p, '@type': 'schema:Product' } })]).product?.id).toBe('P-9');
  });

  it('AggregateOffer gives its lowPrice; several offers give the first', () => {
    const agg = { ...product, offers: { '@type': 'AggregateOffer', lowPrice: 9.99, highPrice: 19.99, priceCurrency: 'EUR', offerCount: 3 } };
    expect(readProduct([JSON.stringify(agg)]).product).toMatchObject({ price: 9.99, currency: 'EUR' });
    const many = { ...product, offers: [{ '@type': 'Offer', price: 11, priceCurrency: 'GBP' }, { '@type': 'Offer', price: 10, priceCurrency: 'GBP' }] };
    expect(readProduct([JSON.stringify(many)]).product).toMatchObject({ price: 11, currency: 'GBP' });
    const spec = { ...product, offers: { '@type': 'Offer', priceSpecification: { price: 7, priceCurrency: 'CHF' } } };
    expect(readProduct([JSON.stringify(spec)]).product).toMatchObject({ price: 7, currency: 'CHF' });
  });

  it('skips malformed JSON with a problem, and still reads a later script', () => {
    const r = readProduct(['{"@type": "Product", sku: oops', JSON.stringify(product)]);
    expect(r.product?.id).toBe('MUG-1');
    expect(r.problems[0]).toMatch(/script #1 is not valid JSON/);
  });

  it('no Product, or a Product without id, gives no product', () => {
    expect(readProduct([JSON.stringify({ '@type': 'Organization', name: 'Acme' })])).toEqual({ problems: [] });
    expect(readProduct([JSON.stringify({ '@type': 'Product', name: 'Mug' })]).problems[0]).toMatch(/neither sku nor productID/);
    expect(readProduct([]).product).toBeUndefined();
  });
});

describe('jsonLd plugin', () => {
  afterEach(() => {
    document.head.innerHTML = '';
    vi.useRealTimers();
  });

  const addScript = (text: string) => {
    const s = document.createElement('script');
    s.type = 'application/ld+json';
    s.textContent = text;
    document.head.appendChild(s);
  };

  it('tracks product_viewed once, after the grace period', () => {
    vi.useFakeTimers();
    addScript(JSON.stringify(product));
    const { waymark, events } = fakeWaymark();
    waymark.use(jsonLd({ delay: 500 }));
    expect(events).toHaveLength(0);
    vi.advanceTimersByTime(500);
    expect(events.map((e) => [e.type, e.props.id])).toEqual([['product_viewed', 'MUG-1']]);
    vi.advanceTimersByTime(5000);
    expect(events).toHaveLength(1);
  });

  it('a product view the store tracked by hand wins', () => {
    vi.useFakeTimers();
    addScript(JSON.stringify(product));
    const { waymark, events } = fakeWaymark();
    waymark.use(jsonLd());
    waymark.track('product_viewed', { id: 'MUG-1', name: 'Blue mug' });
    vi.advanceTimersByTime(1000);
    expect(events.filter((e) => e.type == 'product_viewed')).toHaveLength(1);
  });

  it("malformed JSON-LD is ignored, with a warning through the instance (console in its debug mode)", () => {
    vi.useFakeTimers();
    addScript('{ not json');
    const { waymark, events, warnings } = fakeWaymark();
    waymark.use(jsonLd());
    vi.advanceTimersByTime(600);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^JSON-LD script #1 is not valid JSON/);
    expect(events).toHaveLength(0);
  });
});
