/**
 * User agents of headless browsers, crawlers and link-preview fetchers, kept short: most crawlers
 * name themselves `...bot` (Googlebot, bingbot, AdsBot-Google, Applebot, GPTBot, Slackbot; `[^u]`
 * spares the Cubot phones), `...spider` (Baiduspider, Bytespider) or `crawler`; Google's other
 * fetchers are `Google-...`; the rest are named (Yahoo's Slurp, facebookexternalhit, BingPreview,
 * WhatsApp's preview fetcher, PageSpeed's Chrome-Lighthouse).
 */
const AUTOMATION = /headless|[^u]bot\b|crawl|spider|slurp|externalhit|preview|google-|lighthouse|whatsapp\//i;

/**
 * Whether no shopper is behind this page: the browser is driven by automation (WebDriver sets
 * `navigator.webdriver`) or is a known crawler or link-preview fetcher.
 */
export const isAutomated = (nav: { webdriver?: boolean; userAgent?: string }): boolean =>
  nav.webdriver === true || AUTOMATION.test(nav.userAgent ?? '');
