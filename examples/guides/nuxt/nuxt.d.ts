/**
 * Nuxt auto-imports `defineNuxtPlugin`. This declaration has the part of its signature the guide's
 * plugin uses (a function plugin returning `{ provide }`), so the plugin type-checks against
 * Waymark's types without installing Nuxt.
 */
declare function defineNuxtPlugin<T extends Record<string, unknown>>(plugin: () => { provide?: T } | void): unknown;
