import { describe, expect, it } from 'vitest';
import { classifyStage } from '../../src/journey/stage';
import { TAXONOMY } from '../../src/events/taxonomy';

const ctx = { landing: false, customer: false };

describe('journey stage of each event', () => {
  it.each([
    ['product_list_viewed', 'consideration'],
    ['search_submitted', 'consideration'],
    ['product_viewed', 'consideration'],
    ['wishlist_added', 'consideration'],
    ['signed_up', 'awareness'],
    ['product_added_to_cart', 'purchase'],
    ['product_removed_from_cart', 'purchase'],
    ['cart_viewed', 'purchase'],
    ['coupon_applied', 'purchase'],
    ['checkout_started', 'purchase'],
    ['checkout_step_completed', 'purchase'],
    ['order_completed', 'purchase'],
    ['order_status_viewed', 'retention'],
    ['return_requested', 'retention'],
    ['exchange_requested', 'retention'],
    ['order_refunded', 'retention'],
    ['support_contacted', 'retention'],
    ['loyalty_joined', 'retention'],
    ['reward_redeemed', 'retention'],
    ['review_submitted', 'advocacy'],
    ['referral_sent', 'advocacy'],
    ['product_shared', 'advocacy'],
  ])('%s is %s', (type, stage) => {
    expect(classifyStage(type, {}, ctx)).toBe(stage);
  });

  it('covers the whole taxonomy', () => {
    expect(Object.keys(TAXONOMY)).toHaveLength(24);
  });

  it('stages a landing page view as awareness, whatever the page', () => {
    expect(classifyStage('page_viewed', {}, { ...ctx, pageType: 'checkout', landing: true })).toBe('awareness');
  });

  it.each([
    ['product', 'consideration'],
    ['category', 'consideration'],
    ['search', 'consideration'],
    ['cart', 'purchase'],
    ['checkout', 'purchase'],
    ['confirmation', 'purchase'],
    ['order_status', 'retention'],
    ['account', 'retention'],
    ['content', 'awareness'],
  ] as const)('stages other page views by page type: %s is %s', (pageType, stage) => {
    expect(classifyStage('page_viewed', {}, { ...ctx, pageType })).toBe(stage);
  });

  it('stages an unknown page as consideration for a prospect and retention for a customer', () => {
    expect(classifyStage('page_viewed', {}, ctx)).toBe('consideration');
    expect(classifyStage('page_viewed', {}, { ...ctx, customer: true })).toBe('retention');
  });

  it.each([
    ['nps', 10, 'advocacy'],
    ['nps', 9, 'advocacy'],
    ['nps', 8, 'retention'],
    ['nps', 0, 'retention'],
    ['csat', 5, 'advocacy'],
    ['csat', 4, 'advocacy'],
    ['csat', 3, 'retention'],
  ])('stages a %s answer of %i as %s', (survey, score, stage) => {
    expect(classifyStage('survey_answered', { survey, score }, ctx)).toBe(stage);
  });

  it('lets the caller override, and ignores an override that is no stage', () => {
    expect(classifyStage('product_viewed', {}, ctx, 'advocacy')).toBe('advocacy');
    expect(classifyStage('product_viewed', {}, ctx, 'shopping')).toBe('consideration');
  });

  it('gives custom events the stage of the current page', () => {
    expect(classifyStage('size_guide_opened', {}, { ...ctx, pageType: 'product' })).toBe('consideration');
    expect(classifyStage('toString', {}, { ...ctx, pageType: 'cart' })).toBe('purchase');
  });
});
