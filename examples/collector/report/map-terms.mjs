// @ts-check
/** Words the map shares between its queries, its page and its text. */

import { NOT_ACTIONS as LIST } from '../rollups.mjs';

/**
 * Events that are not something the shopper did (measurements, an inference sent in a later
 * session, identity): not actions, and they neither start nor end a move between stages. As SQL.
 */
export const NOT_ACTIONS = `(${LIST.map((t) => `'${t}'`).join(', ')})`;

/** Google's "good" thresholds at p75: a page above either is slow. */
export const SLOW = { LCP: 2500, INP: 200 };

/** How many shoppers' journeys a pain point links to. */
export const SAMPLE = 5;

/** How many touchpoints, queries or reasons a column lists (the largest first). */
export const TOP = 5;
