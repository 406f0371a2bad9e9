import { createWaymark } from 'waymark';
import { BASE } from './router';
import { pageTypes } from '../../storefront/js/routes.js';

/**
 * The shop's one Waymark instance, created when the app starts: it tracks the landing page view
 * and a page view on every route change; the page type of each route comes from `pageTypes`.
 */
export const waymark = createWaymark({ endpoint: '/collect', pageTypes: pageTypes(BASE) });
