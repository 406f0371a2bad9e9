import { createWaymark } from 'waymark';

// Import this module once in main.ts, so Waymark starts on every page, and import `waymark` where a
// component tracks. Vue Router's navigations (createWebHistory) are page views with no more code.
export const waymark = createWaymark({
  endpoint: '/collect',
  pageTypes: { home: '/', category: '/collections/*', product: '/products/*', cart: '/cart', checkout: '/checkout' },
});
