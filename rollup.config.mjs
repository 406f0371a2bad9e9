import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import resolve from '@rollup/plugin-node-resolve';

const ts = () => typescript({ tsconfig: './tsconfig.json', compilerOptions: { declaration: false } });
const minify = () => terser({ ecma: 2020, module: true, compress: { passes: 3 }, format: { comments: false } });

const CAPTURE = ['vitals', 'checkout-timing', 'cart-abandonment', 'json-ld', 'data-layer', 'engagement', 'declarative'];
const FORMATS = ['segment', 'snowplow'];

/**
 * The npm build: ES modules, readable, tree-shakable. One entry per import path (`waymark`,
 * `waymark/capture/<name>`, `waymark/formats/<name>`), so a shop's bundler keeps only what it
 * imports; the overlay is a chunk loaded by `import()`; web-vitals stays a bare import for the
 * shop's bundler to resolve and dedupe.
 */
const npm = {
  input: {
    waymark: 'src/index.ts',
    ...Object.fromEntries(CAPTURE.map((m) => [`capture/${m}`, `src/capture/${m}.ts`])),
    ...Object.fromEntries(FORMATS.map((f) => [`formats/${f}`, `src/formats/${f}.ts`])),
  },
  output: { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
  external: [/^web-vitals/],
  plugins: [resolve(), ts()],
};

/** A script-tag file: minified, runs on load. */
const script = (input, name) => ({
  input,
  output: { file: `dist/${name}.js`, format: 'iife', sourcemap: true },
  plugins: [resolve(), ts(), minify()],
});

/** The debug overlay for the script tag: a module fetched from beside `waymark.js` when opened. */
const overlay = {
  input: 'src/debug/overlay.ts',
  output: { file: 'dist/waymark-debug.mjs', format: 'es', sourcemap: true },
  plugins: [resolve(), ts(), minify()],
};

export default [
  npm,
  overlay,
  script('src/browser.ts', 'waymark'),
  // Capture modules: `<script async src="waymark.<name>.js">` next to waymark.js.
  ...[...CAPTURE, 'vitals-attribution'].map((m) => script(`src/capture/scripts/${m}.ts`, `waymark.${m}`)),
  // Wire formats: `<script async src="waymark.<name>.js">` next to waymark.js with `data-format="<name>"`.
  ...FORMATS.map((f) => script(`src/formats/scripts/${f}.ts`, `waymark.${f}`)),
];
