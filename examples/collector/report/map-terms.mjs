// @ts-check
/** Words the map shares between its queries, its page and its text. */

/**
 * Events that are not something the shopper did (measurements, an inference sent in a later
 * session, identity): not actions, and they neither start nor end a move between stages.
 */
export const NOT_ACTIONS = "('page_engaged', 'web_vital', 'cart_abandoned', 'identify')";

/** Google's "good" thresholds at p75: a page above either is slow. */
export const SLOW = { LCP: 2500, INP: 200 };

/** How many shoppers' journeys a pain point links to. */
export const SAMPLE = 5;

/** How many touchpoints, queries or reasons a column lists (the largest first). */
export const TOP = 5;
