import { describe, expect, it } from 'vitest';
import { classifyTouch } from '../../src/context/touchpoint';

const shop = 'https://shop.example/';
const own = ['shop.example'];
const channel = (query: string, referrer = '') => classifyTouch(shop + query, referrer, own)?.channel;

describe('touchpoint channel', () => {
  it.each([
    ['', 'https://www.google.com/', 'organic_search'],
    ['', 'https://www.bing.com/search?q=mug', 'organic_search'],
    ['', 'https://duckduckgo.com/', 'organic_search'],
    ['', 'https://www.google.co.uk/', 'organic_search'],
    ['', 'https://l.facebook.com/', 'social'],
    ['', 'https://t.co/abc', 'social'],
    ['', 'https://www.instagram.com/', 'social'],
    ['', 'https://out.reddit.com/', 'social'],
    ['', 'https://blog.example.org/best-mugs', 'referral'],
    ['', '', 'direct'],
    ['?gclid=abc', 'https://www.google.com/', 'paid_search'],
    ['?msclkid=abc', '', 'paid_search'],
    ['?fbclid=abc', 'https://m.facebook.com/', 'social'],
    ['?ttclid=abc', '', 'paid_social'],
    ['?dclid=abc', '', 'display'],
    ['?utm_source=google&utm_medium=cpc&utm_campaign=spring', '', 'paid_search'],
    ['?utm_source=facebook&utm_medium=paid_social', '', 'paid_social'],
    ['?utm_source=instagram&utm_medium=cpc', '', 'paid_social'],
    ['?utm_source=newsletter&utm_medium=email', '', 'email'],
    ['?utm_source=mailchimp&utm_medium=e-mail', '', 'email'],
    ['?utm_source=partner&utm_medium=affiliate', '', 'affiliate'],
    ['?utm_source=news-site&utm_medium=display', '', 'display'],
    ['?utm_source=pinterest&utm_medium=social', '', 'social'],
    ['?utm_source=facebook', '', 'social'],
    ['?utm_source=bing&utm_medium=organic', '', 'organic_search'],
    ['?utm_source=blog&utm_medium=referral', '', 'referral'],
    ['?utm_source=flyer&utm_medium=print', '', 'other'],
  ])('%s from %s is %s', (query, referrer, expected) => {
    expect(channel(query, referrer)).toBe(expected);
  });

  it('is no new touch inside the store, nor from a subdomain or a configured domain', () => {
    expect(classifyTouch(shop + 'cart', 'https://shop.example/products/mug', own)).toBeNull();
    expect(classifyTouch(shop, 'https://www.shop.example/', own)).toBeNull();
    expect(classifyTouch(shop, 'https://pay.checkout.test/', [...own, 'checkout.test'])).toBeNull();
  });

  it('is a new touch inside the store when campaign parameters are present', () => {
    expect(classifyTouch(shop + '?utm_source=newsletter&utm_medium=email', shop, own)?.channel).toBe('email');
  });

  it('keeps the campaign details, lower-cased, and the click id name', () => {
    expect(classifyTouch(shop + '?utm_source=Google&utm_medium=CPC&utm_campaign=Spring&utm_term=mug&gclid=x', '', own)).toEqual({
      channel: 'paid_search',
      source: 'google',
      medium: 'cpc',
      campaign: 'spring',
      term: 'mug',
      click_id: 'gclid',
    });
    expect(classifyTouch(shop, 'https://www.google.com/', own)).toEqual({ channel: 'organic_search', source: 'www.google.com' });
  });
});
