import type { Channel, Touchpoint } from '../types.js';
import type { Shape } from '../repair.js';
import { fits, isText, maybe, oneOf } from '../repair.js';

/** Every channel, as `schema/wire.json` lists them. */
export const CHANNELS: readonly Channel[] = ['direct', 'organic_search', 'paid_search', 'social', 'paid_social', 'email', 'referral', 'affiliate', 'display', 'other'];

const TEXT = maybe(isText);
const TOUCH: Shape = {
  channel: oneOf(CHANNELS),
  source: isText,
  medium: TEXT,
  campaign: TEXT,
  term: TEXT,
  content: TEXT,
  click_id: TEXT,
  click_id_value: TEXT,
};

/** Whether `t` is a touchpoint the wire format accepts. */
export const isTouch = (t: unknown): t is Touchpoint => fits(t, TOUCH);

/**
 * The channel a referring host (or `utm_source`) names, first match wins. Each pattern is tested
 * on the name with a dot appended, so `google` matches utm_source=google, google.com and
 * www.google.co.uk alike, and a label that only contains a name (googleshop.example) does not.
 * Search and social cover the engines and networks of GA4's default channel groups that still
 * send visits; video sites count as social. Webmail comes first: mail.google.com and the Gmail
 * app are e-mail, not search.
 */
const HOSTS: [RegExp, Channel][] = [
  [/^(((web)?mail|e[-_. ]?mail|outlook)\.|secureurl\.ukr\.)|android\.gm\.$/, 'email'],
  [
    /(^|\.)(facebook|fb|messenger|instagram|ig|threads|linkedin|lnkd\.in|pinterest|pin\.it|reddit|tiktok|youtube|youtu\.be|twitter|t\.co|x\.com|snapchat|tumblr|quora|bsky|vk|ok\.ru|weibo|kakao|line\.me|whatsapp|wa\.me|telegram|t\.me|discord|twitch|medium\.com|yelp|xing)\./,
    'social',
  ],
  [
    /(^|\.)(google|bing|yahoo|duckduckgo|yandex|baidu|ecosia|qwant|startpage|search\.brave|naver|daum|seznam|sogou|so\.com|360\.cn|aol|ask|msn|lycos|rambler|go\.mail\.ru|onet|virgilio|kvasir|eniro|najdi|startsiden|ukr|biglobe|auone|smt\.docomo|rakuten)\./,
    'organic_search',
  ],
];

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

/**
 * UTM medium patterns in GA4's order of precedence. A paid medium is paid search or paid social by
 * the kind of its source; from any other source it falls through (`cpm` to display, else `other`).
 */
const MEDIUMS: [RegExp, Channel | ((kind?: Channel) => Channel | undefined)][] = [
  [
    /^(.*cp.*|ppc|retargeting|paid.*)$/,
    (kind) => (kind == 'social' ? 'paid_social' : kind == 'organic_search' ? 'paid_search' : undefined),
  ],
  [/e[-_ ]?mail|newsletter/, 'email'],
  [/^(display|banner|expandable|interstitial|cpm)$/, 'display'],
  [/^affiliates?$/, 'affiliate'],
  [/^(social([- ](network|media))?|sm)$/, 'social'],
  [/^organic$/, 'organic_search'],
  [/^(referral|app|link)$/, 'referral'],
];

/**
 * The touchpoint of a page load, or null when it is no new touch: the shopper came from another
 * page of the store (or one of `ownHosts`). Campaign parameters on such a link (a banner tagged
 * with UTM) are a step inside the visit: they neither start a session nor take the credit from
 * the touch that brought the shopper.
 */
export const classifyTouch = (href: string, referrer: string, ownHosts: string[]): Touchpoint | null => {
  const from = referrer && new URL(referrer).hostname;
  if (from && ownHosts.some((h) => from == h || from.endsWith('.' + h))) return null;
  const q = new URL(href).searchParams;
  const utm = (name: string) => q.get('utm_' + name)?.toLowerCase() || undefined;
  const clickId = Object.keys(CLICK_IDS).find((k) => q.has(k));
  const source = utm('source');
  const medium = utm('medium');
  const kind = HOSTS.find(([re]) => re.test((source ?? from) + '.'))?.[1];
  let channel: Channel | undefined;

  if (source || medium) {
    for (const [re, c] of MEDIUMS) if (!channel && re.test(medium ?? '')) channel = typeof c == 'function' ? c(kind) : c;
    channel ??= kind ?? 'other';
  } else if (clickId) channel = CLICK_IDS[clickId]!;
  else channel = from ? kind ?? 'referral' : 'direct';

  const touch: Touchpoint = { channel, source: source ?? (from || 'direct') };
  for (const [field, value] of [
    ['medium', medium],
    ['campaign', utm('campaign')],
    ['term', utm('term')],
    ['content', utm('content')],
    ['click_id', clickId],
    ['click_id_value', clickId && q.get(clickId)],
  ] as const)
    if (value) touch[field] = value;
  return touch;
};

/** Whether two touchpoints are the same campaign: a different one starts a new session. */
export const sameTouch = (a: Touchpoint, b: Touchpoint): boolean =>
  a.channel == b.channel && a.source == b.source && a.campaign == b.campaign;
