import type { Channel, Touchpoint } from '../types.js';

// Host names by kind, after the default channel groups most analytics tools share.
const SEARCH = /(^|\.)(google|bing|yahoo|duckduckgo|yandex|baidu|ecosia|qwant|naver)\./;
const SOCIAL = /(^|\.)(facebook|instagram|linkedin|pinterest|reddit|tiktok|youtube|twitter|threads|snapchat|t\.co|x\.com|lnkd\.in)\b/;

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

/** UTM medium patterns in order of precedence; `search`/`social` test the source (or referrer). */
const MEDIUMS: [RegExp, Channel | ((search: boolean, social: boolean) => Channel)][] = [
  [/^(.*cp.*|ppc|retargeting|paid.*)$/, (search, social) => (social ? 'paid_social' : search ? 'paid_search' : 'other')],
  [/e-?mail|newsletter/, 'email'],
  [/^(display|banner|cpm|interstitial)$/, 'display'],
  [/^affiliate$/, 'affiliate'],
  [/^(social|social-network|social-media|sm)$/, 'social'],
  [/^organic$/, 'organic_search'],
  [/^(referral|link)$/, 'referral'],
];

/**
 * The touchpoint of a page load, or null when it is no new touch: the shopper came from another
 * page of the store (or one of `ownHosts`) without campaign parameters.
 */
export const classifyTouch = (href: string, referrer: string, ownHosts: string[]): Touchpoint | null => {
  const q = new URL(href).searchParams;
  const utm = (name: string) => q.get('utm_' + name)?.toLowerCase() || undefined;
  const clickId = Object.keys(CLICK_IDS).find((k) => q.has(k));
  const from = referrer && new URL(referrer).hostname;
  const source = utm('source');
  const medium = utm('medium');
  const host = source ? source + '.' : from || '';
  const search = SEARCH.test(host);
  const social = SOCIAL.test(host) || SOCIAL.test(source + '.com');
  let channel: Channel | undefined;

  if (source || medium) {
    const match = MEDIUMS.find(([re]) => re.test(medium ?? ''))?.[1];
    channel = typeof match == 'function' ? match(search, social) : match ?? (search ? 'organic_search' : social ? 'social' : 'other');
  } else if (clickId) channel = CLICK_IDS[clickId];
  else if (!from) channel = 'direct';
  else if (ownHosts.some((h) => from == h || from.endsWith('.' + h))) return null;
  else channel = search ? 'organic_search' : social ? 'social' : 'referral';

  const touch: Touchpoint = { channel: channel!, source: source ?? (from || 'direct') };
  for (const [field, value] of [
    ['medium', medium],
    ['campaign', utm('campaign')],
    ['term', utm('term')],
    ['content', utm('content')],
    ['click_id', clickId],
  ] as const)
    if (value) touch[field] = value;
  return touch;
};

/** Whether two touchpoints are the same campaign: a different one starts a new session. */
export const sameTouch = (a: Touchpoint, b: Touchpoint): boolean =>
  a.channel == b.channel && a.source == b.source && a.campaign == b.campaign;
