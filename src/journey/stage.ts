import type { JourneyStage, PageType } from '../types.js';
import { entryOf, STAGES } from '../events/taxonomy.js';

/** The stage a page view takes from the kind of page, when it is not a landing. */
const PAGE_STAGE: Record<PageType, JourneyStage> = {
  home: 'awareness',
  content: 'awareness',
  category: 'consideration',
  search: 'consideration',
  product: 'consideration',
  cart: 'purchase',
  checkout: 'purchase',
  confirmation: 'purchase',
  order_status: 'retention',
  account: 'retention',
};

export const PAGE_TYPES = Object.keys(PAGE_STAGE);
export const isPageType = (t: unknown): t is PageType => PAGE_TYPES.includes(t as string);

/** What classifyStage needs to know beyond the event itself. */
export interface StageContext {
  pageType?: PageType;
  /** This page view starts a session that came from an outside touchpoint, or is a new visitor's first. */
  landing: boolean;
  /** The shopper has ordered before. */
  customer: boolean;
}

/** Stage of the current page, used for page views and for events the taxonomy does not stage. */
export const pageStage = (ctx: StageContext): JourneyStage =>
  (ctx.pageType && PAGE_STAGE[ctx.pageType]) || (ctx.customer ? 'retention' : 'consideration');

export const isStage = (s: unknown): s is JourneyStage => STAGES.includes(s as JourneyStage);

/** The journey stage of one event: the caller's word, then the context rules, then the table. */
export const classifyStage = (
  type: string,
  props: Record<string, unknown>,
  ctx: StageContext,
  override?: unknown,
): JourneyStage => {
  if (isStage(override)) return override;
  if (type == 'page_viewed') return ctx.landing ? 'awareness' : pageStage(ctx);
  if (type == 'survey_answered') {
    const promoter = props.survey == 'nps' ? (props.score as number) >= 9 : (props.score as number) >= 4;
    return promoter ? 'advocacy' : 'retention';
  }
  return entryOf(type)?.[0] ?? pageStage(ctx);
};
