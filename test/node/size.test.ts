// Size budgets, measured as users get the code: brotli of the shipped files, and for npm users the
// tree-shaken, minified result of importing the entry. `npm test` builds before it runs this.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { rollup } from 'rollup';
import terser from '@rollup/plugin-terser';

const brotli = (code: string | Buffer) =>
  brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** Bytes (brotli) of what a bundler keeps from `import { createWaymark } from 'waymark'`. */
const imported = async (source: string) => {
  const bundle = await rollup({
    input: 'entry',
    plugins: [
      { name: 'entry', resolveId: (id) => (id == 'entry' ? id : null), load: (id) => (id == 'entry' ? source : null) },
      terser(),
    ],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: false });
  return brotli(output[0].code);
};

const BUDGETS: [file: string, bytes: number][] = [
  ['dist/waymark.js', 6400],
];

describe('size budgets (brotli)', () => {
  it.each(BUDGETS)('%s stays within %i bytes', (file, budget) => {
    expect(brotli(readFileSync(file))).toBeLessThanOrEqual(budget);
  });

  it('the npm entry, tree-shaken, costs no more than the script-tag build', async () => {
    const esm = await imported(`import { createWaymark } from '${process.cwd()}/dist/waymark.mjs'; createWaymark({ endpoint: '/e' });`);
    expect(esm).toBeLessThanOrEqual(6400);
  });
});
