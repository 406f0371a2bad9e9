import { createWaymark } from 'waymark';

// `.client`: Nuxt runs this plugin in the browser only. Components call `useNuxtApp().$waymark.track(...)`.
export default defineNuxtPlugin(() => ({
  provide: {
    waymark: createWaymark({
      endpoint: '/collect',
      pageTypes: { home: '/', category: '/collections/*', product: '/products/*', cart: '/cart', checkout: '/checkout' },
    }),
  },
}));
