// @ts-check
/** Number formatting shared by the text report and the page. */

/** @param {number | null | undefined} r */
export const pct = (r) => (r == null ? '–' : `${(r * 100).toFixed(1)} %`);
/** @param {number | null | undefined} n */
export const int = (n) => (n == null ? '–' : Math.round(n).toLocaleString('en-GB'));
/** @param {number | null | undefined} n @param {string} [currency] */
export const amount = (n, currency = '') => (n == null ? '–' : `${n.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}${currency ? ' ' + currency : ''}`);
/** @param {number | null | undefined} ms */
export const duration = (ms) => {
  if (ms == null) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  // Lifecycle steps take hours or days: the two largest units, rounded as a whole.
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  const m = Math.round(ms / 60_000);
  if (m < 1440) return `${Math.floor(m / 60)} h ${m % 60} min`;
  const h = Math.round(ms / 3_600_000);
  return `${Math.floor(h / 24)} d ${h % 24} h`;
};
/** A web vital value: CLS unitless, the others in ms. @param {string} name @param {{ p75: number, n: number } | null} v */
export const vital = (name, v) => (v == null ? '–' : name == 'CLS' ? v.p75.toFixed(3) : `${Math.round(v.p75)} ms`);
/** Rating thresholds of Core Web Vitals (good up to the first, poor from the second). */
export const THRESHOLDS = /** @type {Record<string, [number, number]>} */ ({ LCP: [2500, 4000], INP: [200, 500], CLS: [0.1, 0.25] });
/** @param {string} name @param {number} value */
export const rating = (name, value) => {
  const [good, poor] = THRESHOLDS[name] ?? [Infinity, Infinity];
  return value <= good ? 'good' : value <= poor ? 'needs-improvement' : 'poor';
};
/** @param {number | null | undefined} ms */
export const date = (ms) => (ms == null ? '–' : new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC');
/** What became of automated traffic, said once for the text and the pages. @param {{ events: number, included: boolean }} a */
export const automatedNote = (a) =>
  a.included ? `${int(a.events)} automated events counted (includeAutomated)` : `${int(a.events)} automated events excluded (crawlers, headless browsers)`;
/** Escape text for HTML (element content and attribute values). */
export const esc = (/** @type {unknown} */ s) =>
  String(s).replace(/[&<>"']/g, (c) => /** @type {Record<string, string>} */ ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
