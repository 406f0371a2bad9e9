import { beforeEach, describe, expect, it, vi } from 'vitest';
import { checkProps as validate } from '../../src/events/validate';
import { start } from './helpers';

beforeEach(() => localStorage.clear());

describe('validation', () => {
  it('leaves out invalid fields, names them, and says what was expected', () => {
    const { props, invalid, problems } = validate('product_viewed', { name: 'Mug', price: 'abc', currency: 'EURO', quantity: -1 });
    expect(props).toEqual({ name: 'Mug' });
    expect(invalid).toEqual(['price', 'currency', 'quantity', 'id']);
    expect(problems).toEqual([
      'price should be a number ≥ 0, got "abc"',
      'currency should be an ISO 4217 code like "EUR", got "EURO"',
      'quantity should be a number ≥ 0, got -1',
      'id should be a non-empty string, got undefined',
    ]);
  });

  it('checks items, NaN, unknown currencies and enums', () => {
    const { props, invalid } = validate('order_completed', {
      order_id: 'o1',
      value: NaN,
      currency: 'XYZ',
      items: [{ id: 'a', price: 2 }, { price: 3 }],
    });
    expect(invalid).toEqual(['value', 'currency', 'items[1].id']);
    expect(props).toEqual({ order_id: 'o1', items: [{ id: 'a', price: 2 }, { price: 3 }] });
    expect(validate('checkout_step_completed', { step: 'delivery' }).invalid).toEqual(['step']);
    expect(validate('survey_answered', { survey: 'nps', score: 11 }).invalid).toEqual(['score']);
    expect(validate('survey_answered', { survey: 'csat', score: 0 }).invalid).toEqual(['score']);
  });

  it('takes numeric ids as strings and leaves valid events untouched', () => {
    expect(validate('product_viewed', { id: 42, price: 0, currency: 'JPY' })).toEqual({
      props: { id: '42', price: 0, currency: 'JPY' },
      invalid: [],
      problems: [],
    });
  });

  it('treats properties that are no object as none', () => {
    expect(validate('cart_viewed', 'oops').problems).toEqual(['properties should be an object']);
    expect(validate('cart_viewed', [1]).props).toEqual({});
  });
});

describe('an invalid event on its way', () => {
  it('is still sent, without the bad values, with a debug warning naming event, field and expectation', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'debug').mockImplementation(() => {});
    const { waymark, net } = start({ debug: true });
    waymark.track('product_added_to_cart', { id: 'mug', price: 'abc' });
    await waymark.flush();
    expect(net.events()[0]).toMatchObject({ type: 'product_added_to_cart', props: { id: 'mug', quantity: 1 }, invalid: ['price'] });
    expect(warn).toHaveBeenCalledWith('[waymark] product_added_to_cart: price should be a number ≥ 0, got "abc"');
    warn.mockRestore();
  });

  it('is silent without debug mode', async () => {
    const warn = vi.spyOn(console, 'warn');
    const { waymark } = start();
    waymark.track('order_completed', { value: -5 });
    await waymark.flush();
    expect(warn).not.toHaveBeenCalled();
  });

  it('never throws into the page, whatever it is given, and the events around it still go', async () => {
    const { waymark, net } = start();
    const cycle: Record<string, unknown> = { id: 'c' };
    cycle.self = cycle;
    const hostile = {
      get id() {
        throw new Error('getter');
      },
    };
    const calls: unknown[][] = [
      [undefined],
      [null, {}],
      [42],
      ['product_viewed', cycle],
      ['product_viewed', { id: 'b', big: 10n }],
      ['product_viewed', hostile],
      ['product_viewed', { id: Symbol('x') }],
      ['product_viewed', { id: 'ok' }, { stage: 'nowhere' }],
      [{ toString: () => 'x' }],
    ];
    waymark.track('product_viewed', { id: 'before' });
    for (const args of calls) expect(() => (waymark.track as (...a: unknown[]) => void)(...args)).not.toThrow();
    expect(() => (waymark.identify as (...a: unknown[]) => void)(undefined, 5)).not.toThrow();
    waymark.track('product_viewed', { id: 'after' });
    await waymark.flush();
    const ids = net.events().map((e) => e.props.id);
    expect(ids[0]).toBe('before');
    expect(ids.at(-1)).toBe('after');
    expect(ids).toContain('c');
    expect(net.events().find((e) => e.props.id == 'b')!.props.big).toBe('10');
  });
});
