import { createWaymark } from 'waymark';

// Import this module once in main.ts, so Waymark starts on every page; import `waymark` wherever a
// component tracks something. Vue Router's navigations are page views without more code.
export const waymark = createWaymark({
  endpoint: '/collect',
  pageTypes: { home: '/', category: '/collections/*', product: '/products/*', cart: '/cart', checkout: '/checkout' },
});
