import { pluginContext } from './helpers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Waymark } from '../../src/types';
import { declarative, readDeclared } from '../../src/capture/declarative';

const html = (s: string) => {
  const div = document.createElement('div');
  div.innerHTML = s;
  document.body.appendChild(div);
  return div.firstElementChild!;
};

describe('readDeclared', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('reads the event, attributes (numbers parsed, ids kept as text) and JSON props', () => {
    const el = html(
      `<button data-waymark-event="product_added_to_cart" data-waymark-id="0042" data-waymark-price="12.5" data-waymark-quantity="2" data-waymark-cart-id="77" data-waymark-props='{"name":"Mug","price":1}'>Add</button>`,
    );
    expect(readDeclared(el)).toEqual({ type: 'product_added_to_cart', props: { name: 'Mug', id: '0042', price: 12.5, quantity: 2, cart_id: '77' } });
  });

  it('a stage override; malformed JSON is reported and ignored', () => {
    const warn = vi.fn();
    const el = html(`<a data-waymark-event="size_guide_opened" data-waymark-stage="consideration" data-waymark-props="{oops">Sizes</a>`);
    expect(readDeclared(el, warn)).toEqual({ type: 'size_guide_opened', props: {}, stage: 'consideration' });
    expect(warn.mock.calls[0]?.[0]).toMatch(/not valid JSON/);
    expect(readDeclared(html('<a data-waymark-event="  ">x</a>'))).toBeNull();
  });
});

describe('declarative plugin', () => {
  it('tracks clicks on elements added later, and forms on submit only', () => {
    const track = vi.fn();
    declarative()({ track, on: () => () => {} } as unknown as Waymark, pluginContext());
    const later = html(`<div><button data-waymark-event="wishlist_added" data-waymark-id="sku-1"><span>♡</span></button></div>`);
    later.querySelector('span')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(track).toHaveBeenLastCalledWith('wishlist_added', { id: 'sku-1' }, undefined);

    const form = html(`<form data-waymark-event="signed_up" data-waymark-method="newsletter"><button type="button">Join</button></form>`) as HTMLFormElement;
    form.querySelector('button')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(track).toHaveBeenCalledTimes(1);
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(track).toHaveBeenLastCalledWith('signed_up', { method: 'newsletter' }, undefined);
  });
});
