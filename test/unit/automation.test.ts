import { afterEach, describe, expect, it } from 'vitest';
import { isAutomated } from '../../src/context/automation';
import { openPage, start } from './helpers';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('automated traffic', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36'],
    ['Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
    ['Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36'],
    ['Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)'],
    ['DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)'],
    ['Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)'],
    ['Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)'],
    ['AdsBot-Google (+http://www.google.com/adsbot.html)'],
    ['Mozilla/5.0 (compatible; Google-InspectionTool/1.0)'],
    ['facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'],
    ['Twitterbot/1.0'],
    ['LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)'],
    ['Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'],
    ['Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)'],
    ['WhatsApp/2.23.20.0 A'],
    ['TelegramBot (like TwitterBot)'],
    ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) BingPreview/1.0b'],
    ['Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)'],
    ['Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse'],
    ['Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)'],
    ['Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)'],
  ])('flags %s', (userAgent) => {
    expect(isAutomated({ userAgent })).toBe(true);
  });

  it('flags a browser driven by WebDriver, whatever its user agent', () => {
    expect(isAutomated({ webdriver: true, userAgent: CHROME })).toBe(true);
  });

  it.each([
    [CHROME],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'],
    ['Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36'],
    ['Mozilla/5.0 (Linux; Android 9; CUBOT P30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.38.109]'],
    ['Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 Instagram 312.0.0.32.112 Android'],
  ])('lets a shopper through: %s', (userAgent) => {
    expect(isAutomated({ webdriver: false, userAgent })).toBe(false);
  });

  it('lets a browser through that has no user agent or webdriver flag', () => {
    expect(isAutomated({})).toBe(false);
  });
});

describe('automated on the event', () => {
  afterEach(() => {
    delete (navigator as { webdriver?: boolean }).webdriver;
    localStorage.clear();
  });

  it('is true on every event of an automated browser, and absent for a shopper, decided at start', async () => {
    openPage('https://shop.example/');
    const shopper = start();
    shopper.waymark.track('product_viewed', { id: 'mug' });
    Object.defineProperty(navigator, 'webdriver', { value: true, configurable: true });
    shopper.waymark.track('product_viewed', { id: 'cup' });
    await shopper.waymark.flush();
    expect(shopper.net.events()).toHaveLength(2);
    expect(shopper.net.events().filter((e) => 'automated' in e)).toEqual([]);

    const robot = start({ trackPages: true });
    robot.waymark.track('product_viewed', { id: 'mug' });
    robot.waymark.track('order_completed', { order_id: 'o1', value: 20, currency: 'EUR' });
    await robot.waymark.flush();
    const events = robot.net.events();
    expect(events.map((e) => e.type)).toEqual(['page_viewed', 'product_viewed', 'order_completed']);
    expect(events.map((e) => e.automated)).toEqual([true, true, true]);
  });
});
