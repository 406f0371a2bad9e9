import type { Channel, Touchpoint } from '../types';

// Host name patterns, after the rules most analytics tools share (GA4's default channel groups).
const SEARCH = /(^|\.)(google|bing|yahoo|duckduckgo|yandex|baidu|ecosia|qwant|startpage|naver|seznam|ask)\.|search\.brave\.com/;
const SOCIAL =
  /(^|\.)(facebook|fb|instagram|linkedin|lnkd|pinterest|reddit|tiktok|youtube|twitter|x|t|threads|snapchat|tumblr|vk|whatsapp|telegram|quora|mastodon)\.(com|co|net|me|in|org|social)$/;
const MAIL = /(^|\.)(mail\.google|outlook\.live|mail\.yahoo|mail\.proton|webmail)\./;

const PAID = /^(.*cp.*|ppc|retargeting|paid.*)$/;

/** Ad click ids and the channel a click through each one means. */
const CLICK_IDS: Record<string, Channel> = {
  gclid: 'paid_search',
  gbraid: 'paid_search',
  wbraid: 'paid_search',
  msclkid: 'paid_search',
  dclid: 'display',
  fbclid: 'social',
  ttclid: 'paid_social',
  li_fat_id: 'paid_social',
  twclid: 'paid_social',
};

const hostOf = (url: string): string => {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
};

/** Channel from UTM medium and source, as a marketer would group them. */
const campaignChannel = (medium: string, source: string): Channel => {
  const social = SOCIAL.test(source + '.com') || SOCIAL.test(source);
  const search = SEARCH.test(source + '.') || SEARCH.test(source);
  if (PAID.test(medium)) return social ? 'paid_social' : search ? 'paid_search' : medium.includes('social') ? 'paid_social' : 'other';
  if (/e[-_ ]?mail|newsletter/.test(medium + ' ' + source)) return 'email';
  if (/^(display|banner|cpm|expandable|interstitial)$/.test(medium)) return 'display';
  if (medium == 'affiliate') return 'affiliate';
  if (social || /^(social|social[-_ ]?(network|media)|sm)$/.test(medium)) return 'social';
  if (search || medium == 'organic') return 'organic_search';
  if (/^(referral|app|link)$/.test(medium)) return 'referral';
  return 'other';
};

/**
 * The touchpoint a page load represents, or null when it is not a new touch: the shopper came from
 * another page of the store (or one of `ownHosts`) without campaign parameters.
 */
export const classifyTouch = (href: string, referrer: string, ownHosts: string[]): Touchpoint | null => {
  const url = new URL(href);
  const q = url.searchParams;
  const utm = (name: string) => q.get('utm_' + name)?.toLowerCase() || undefined;
  const source = utm('source');
  const medium = utm('medium');
  const clickId = Object.keys(CLICK_IDS).find((k) => q.has(k));
  const refHost = hostOf(referrer);
  const internal = !refHost || ownHosts.some((h) => refHost == h || refHost.endsWith('.' + h));

  let channel: Channel;
  if (source || medium) channel = campaignChannel(medium ?? '', source ?? '');
  else if (clickId) channel = CLICK_IDS[clickId]!;
  else if (refHost && !internal)
    channel = MAIL.test(refHost) ? 'email' : SEARCH.test(refHost) ? 'organic_search' : SOCIAL.test(refHost) ? 'social' : 'referral';
  else if (refHost) return null;
  else channel = 'direct';

  const touch: Touchpoint = { channel, source: source ?? (refHost || 'direct') };
  if (medium) touch.medium = medium;
  for (const f of ['campaign', 'term', 'content'] as const) {
    const v = utm(f);
    if (v) touch[f] = v;
  }
  if (clickId) touch.click_id = clickId;
  return touch;
};

/** Whether two touchpoints are the same campaign: a different one starts a new session. */
export const sameTouch = (a: Touchpoint, b: Touchpoint): boolean =>
  a.channel == b.channel && a.source == b.source && a.campaign == b.campaign;
