// Size budgets, measured as users get the code: brotli of the shipped script-tag files, and for npm
// users the tree-shaken, minified result of importing an entry. `npm test` builds before this runs.
// A budget is what a file may cost today plus a little room: raising one is a decision, not a fix.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { rollup } from 'rollup';
import terser from '@rollup/plugin-terser';
import resolve from '@rollup/plugin-node-resolve';

const brotli = (code: string | Buffer) => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** Brotli bytes of what a bundler keeps from `source` (an entry importing the npm build), minified. */
const imported = async (source: string) => {
  const bundle = await rollup({
    input: 'entry',
    plugins: [
      { name: 'entry', resolveId: (id) => (id == 'entry' ? id : null), load: (id) => (id == 'entry' ? source : null) },
      resolve(),
      terser(),
    ],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es' });
  // The entry chunk only: the overlay and attribution chunks load on demand.
  return brotli(output.find((o) => o.type == 'chunk' && o.isEntry)!.code as string);
};
const dist = `${process.cwd()}/dist`;

const SCRIPT_BUDGETS: [file: string, bytes: number][] = [
  // 8600 before the browser seam, off switch, config clamps and consent-aware store (+1.1 KB),
  // validated stored state (+0.4 KB), and the core's own JSON writer, defensive reads and fetch
  // fallbacks against hostile pages (+0.7 KB), what a batch says alike said once and gzip bodies
  // (+0.17 KB: about 130 wire bytes per event instead of 980), the event pipeline as stage files
  // with plugin hooks (+0.35 KB), the native-JSON fast path (+0.09 KB: half of track's time) and
  // the hold for a format file (+0.04 KB), and the stored queue's chunks as their own module
  // (+0.09 KB). Under 6 KB needs what the CHANGELOG's 0.1.0 promises by default to become
  // optional modules.
  ['waymark.js', 12350],
  ['waymark-debug.mjs', 4700],
  ['waymark.vitals.js', 3800],
  ['waymark.vitals-attribution.js', 6000],
  ['waymark.checkout-timing.js', 800],
  ['waymark.cart-abandonment.js', 1300],
  ['waymark.json-ld.js', 1400],
  ['waymark.data-layer.js', 1400],
  ['waymark.engagement.js', 1200],
  ['waymark.declarative.js', 750],
  // Formats beside waymark.js: the format alone, not a second SDK; it writes JSON with the core's writer.
  ['waymark.segment.js', 1300],
  ['waymark.snowplow.js', 1850],
];

describe('size budgets (brotli)', () => {
  it.each(SCRIPT_BUDGETS)('dist/%s stays within %i bytes', (file, budget) => {
    expect(brotli(readFileSync(`dist/${file}`))).toBeLessThanOrEqual(budget);
  });

  it('the npm entry, tree-shaken, costs no more than the script-tag build', async () => {
    expect(await imported(`import { createWaymark } from '${dist}/waymark.mjs'; createWaymark({ endpoint: '/e' });`)).toBeLessThanOrEqual(brotli(readFileSync(`${dist}/waymark.js`)));
  });

  it('an unused capture module or format costs an npm user nothing', async () => {
    const bare = await imported(`import { createWaymark } from '${dist}/waymark.mjs'; createWaymark({ endpoint: '/e' });`);
    const withUnused = await imported(
      `import { createWaymark } from '${dist}/waymark.mjs'; import { segment } from '${dist}/formats/segment.mjs'; import { webVitals } from '${dist}/capture/vitals.mjs'; createWaymark({ endpoint: '/e' });`,
    );
    expect(withUnused).toBe(bare);
  });
});
