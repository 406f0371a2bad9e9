import { describe, expect, it } from 'vitest';
import { classifyTouch } from '../../src/context/touchpoint';
import { createProtector } from '../../src/privacy/redact';

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

  it('is no new touch for a link inside the store that carries campaign parameters or a click id', () => {
    expect(classifyTouch(shop + 'sale?utm_source=homepage&utm_medium=banner&utm_campaign=winter', shop, own)).toBeNull();
    expect(classifyTouch(shop + '?gclid=abc', 'https://www.shop.example/cart', own)).toBeNull();
    expect(classifyTouch(shop + '?utm_source=checkout&utm_medium=referral', 'https://pay.checkout.test/', [...own, 'checkout.test'])).toBeNull();
    // The same parameters from outside the store are a campaign.
    expect(classifyTouch(shop + '?utm_source=newsletter&utm_medium=email', '', own)?.channel).toBe('email');
    expect(classifyTouch(shop + '?utm_source=newsletter&utm_medium=email', 'https://shop.example.evil.test/', own)?.channel).toBe('email');
  });

  it('keeps the campaign details, lower-cased, and the click id with its value', () => {
    expect(classifyTouch(shop + '?utm_source=Google&utm_medium=CPC&utm_campaign=Spring&utm_term=mug&gclid=x', '', own)).toEqual({
      channel: 'paid_search',
      source: 'google',
      medium: 'cpc',
      campaign: 'spring',
      term: 'mug',
      click_id: 'gclid',
      click_id_value: 'x',
    });
    expect(classifyTouch(shop, 'https://www.google.com/', own)).toEqual({ channel: 'organic_search', source: 'www.google.com' });
  });
});

describe('referring hosts', () => {
  it.each([
    // Search engines of GA4's source categories, by host and by utm_source.
    ['https://www.google.de/search', 'organic_search'],
    ['android-app://com.google.android.googlequicksearchbox/', 'organic_search'],
    ['https://search.yahoo.co.jp/', 'organic_search'],
    ['https://yandex.ru/search/', 'organic_search'],
    ['https://www.baidu.com/link', 'organic_search'],
    ['https://search.naver.com/', 'organic_search'],
    ['https://search.seznam.cz/', 'organic_search'],
    ['https://www.so.com/', 'organic_search'],
    ['https://www.sogou.com/', 'organic_search'],
    ['https://go.mail.ru/search', 'organic_search'],
    ['https://search.brave.com/', 'organic_search'],
    ['https://www.ecosia.org/', 'organic_search'],
    ['https://www.startpage.com/', 'organic_search'],
    ['https://search.aol.com/', 'organic_search'],
    ['https://www.msn.com/', 'organic_search'],
    ['https://search.smt.docomo.ne.jp/', 'organic_search'],
    // Social networks and video sites.
    ['https://lm.facebook.com/', 'social'],
    ['https://l.instagram.com/', 'social'],
    ['https://www.threads.net/', 'social'],
    ['https://lnkd.in/abc', 'social'],
    ['https://www.linkedin.com/', 'social'],
    ['https://pin.it/abc', 'social'],
    ['https://www.tiktok.com/', 'social'],
    ['https://www.youtube.com/', 'social'],
    ['https://youtu.be/abc', 'social'],
    ['https://x.com/', 'social'],
    ['https://bsky.app/', 'social'],
    ['https://vk.com/', 'social'],
    ['https://ok.ru/', 'social'],
    ['https://t.me/shop', 'social'],
    ['https://web.whatsapp.com/', 'social'],
    ['https://www.reddit.com/', 'social'],
    ['https://medium.com/@shop', 'social'],
    // Webmail is e-mail, not a search engine nor a referral.
    ['https://mail.google.com/', 'email'],
    ['android-app://com.google.android.gm/', 'email'],
    ['https://outlook.live.com/', 'email'],
    ['https://outlook.office.com/', 'email'],
    ['https://mail.yahoo.com/', 'email'],
    ['https://mail.yandex.ru/', 'email'],
    ['https://e.mail.ru/', 'email'],
    ['https://email.seznam.cz/', 'email'],
    ['https://webmail.example.net/', 'email'],
    // Look-alikes: a name inside another label, or another domain, is a referral.
    ['https://googleshop.example/', 'referral'],
    ['https://www.bingo.example/', 'referral'],
    ['https://facebook-fans.example/', 'referral'],
    ['https://x.company.example/', 'referral'],
    ['https://t.com.example/', 'referral'],
    ['https://mailchimp.com/', 'referral'],
    ['https://medium.example/', 'referral'],
    ['https://blog.example.org/yahoo-alternatives', 'referral'],
  ])('%s is %s', (referrer, expected) => {
    expect(channel('', referrer)).toBe(expected);
  });

  it.each([
    ['?utm_source=yandex&utm_medium=cpc', 'paid_search'],
    ['?utm_source=naver&utm_medium=ppc', 'paid_search'],
    ['?utm_source=tiktok&utm_medium=paid', 'paid_social'],
    ['?utm_source=linkedin&utm_medium=cpc', 'paid_social'],
    ['?utm_source=fb&utm_medium=paid', 'paid_social'],
    ['?utm_source=ig', 'social'],
    ['?utm_source=duckduckgo', 'organic_search'],
    ['?utm_source=email', 'email'],
    ['?utm_source=shop&utm_medium=e_mail', 'email'],
    ['?utm_source=partner&utm_medium=affiliates', 'affiliate'],
    ['?utm_source=forum&utm_medium=social%20network', 'social'],
    ['?utm_source=app&utm_medium=app', 'referral'],
    ['?utm_source=mailchimp&utm_medium=cpc', 'other'],
    ['?utm_source=news-site&utm_medium=cpm', 'display'],
    ['?utm_source=google&utm_medium=cpm', 'paid_search'],
  ])('%s is %s', (query, expected) => {
    expect(channel(query)).toBe(expected);
  });
});

describe('ad click id', () => {
  it('keeps the value of the first click id of the landing URL, as given', () => {
    const gclid = 'Cj0KCQiA4L67BhDUARIsADWrl7E-ru8m6gR9Ixq9ZwC_kwYRg8PZkaA1vPJyVa3nDJ7';
    expect(classifyTouch(`${shop}?gclid=${gclid}&fbclid=other`, '', own)).toEqual({
      channel: 'paid_search',
      source: 'direct',
      click_id: 'gclid',
      click_id_value: gclid,
    });
    expect(classifyTouch(`${shop}?msclkid=5f8e1c2a9b7d4e6f8a1b2c3d4e5f6a7b`, 'https://www.bing.com/', own)).toMatchObject({
      channel: 'paid_search',
      click_id: 'msclkid',
      click_id_value: '5f8e1c2a9b7d4e6f8a1b2c3d4e5f6a7b',
    });
  });

  it('survives the protection every touch goes through, as the ad platforms write them', () => {
    const protect = createProtector({ endpoint: '/e' });
    for (const [name, value] of [
      ['gclid', 'Cj0KCQiA4L67BhDUARIsADWrl7E-ru8m6gR9Ixq9ZwC_kwYRg8PZkaA1vPJyVa3nDJ7'],
      ['fbclid', 'IwAR2F4-dbP0l7Mr1IhTVkwGbABo3Vo5cqYkxNP6y-2d-20sF1dFuNRd6k5cI'],
      ['msclkid', '5f8e1c2a9b7d4e6f8a1b2c3d4e5f6a7b'],
      ['ttclid', 'E.C.P.CsABx6cYUGpl3fTpBSqyNwV2-2'],
      ['li_fat_id', '12345678-1234-4678-9abc-def012345678'],
    ])
      expect(protect(classifyTouch(`${shop}?${name}=${value}`, '', own))?.click_id_value).toBe(value);
  });

  it('names a click id that came without a value, and gives no value', () => {
    const touch = classifyTouch(`${shop}?ttclid=`, '', own)!;
    expect(touch.click_id).toBe('ttclid');
    expect('click_id_value' in touch).toBe(false);
  });
});
