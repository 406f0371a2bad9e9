import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import resolve from '@rollup/plugin-node-resolve';

const ts = () => typescript({ tsconfig: './tsconfig.json', compilerOptions: { declaration: false } });
const minify = () => terser({ ecma: 2020, module: true, compress: { passes: 3 }, format: { comments: false } });

/** The npm build: ES modules, readable, tree-shakable; the overlay is a chunk loaded by `import()`. */
const npm = {
  input: { waymark: 'src/index.ts' },
  output: { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
  plugins: [resolve(), ts()],
};

/** A script-tag build: one minified file that runs on load. */
const script = (input, file) => ({
  input,
  output: { file, format: 'iife', sourcemap: true },
  plugins: [resolve(), ts(), minify()],
});

/** A module the script-tag build loads on demand, from the same place as `waymark.js`. */
const lazy = (input, file) => ({
  input,
  output: { file, format: 'es', sourcemap: true },
  plugins: [resolve(), ts(), minify()],
});

export default [npm, script('src/browser.ts', 'dist/waymark.js'), lazy('src/debug/overlay.ts', 'dist/waymark-debug.mjs'),
  // Capture modules for npm (`waymark/capture/<name>`): one entry each, so a shop's bundler keeps only
  // those it imports; web-vitals stays a bare import for the shop's bundler to resolve and dedupe.
  {
    input: Object.fromEntries(
      ['vitals', 'checkout-timing', 'cart-abandonment', 'json-ld', 'data-layer', 'engagement', 'declarative'].map((m) => [`capture/${m}`, `src/capture/${m}.ts`]),
    ),
    output: { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
    external: [/^web-vitals/],
    plugins: [resolve(), ts()],
  },
  // Capture modules for the script tag: `<script async src="waymark.<name>.js">` next to waymark.js.
  ...['vitals', 'vitals-attribution', 'checkout-timing', 'cart-abandonment', 'json-ld', 'data-layer', 'engagement', 'declarative'].map((m) =>
    script(`src/capture/scripts/${m}.ts`, `dist/waymark.${m}.js`),
  ),
  // Wire formats for npm (`waymark/formats/<name>`), passed as `format` to createWaymark.
  {
    input: { 'formats/segment': 'src/formats/segment.ts', 'formats/snowplow': 'src/formats/snowplow.ts' },
    output: { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
    plugins: [resolve(), ts()],
  },
  // Wire formats for the script tag: a whole SDK per format, `waymark.<name>.js` in place of waymark.js.
  ...['segment', 'snowplow'].map((f) => script(`src/formats/scripts/${f}.ts`, `dist/waymark.${f}.js`)),
];
