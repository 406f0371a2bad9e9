import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import resolve from '@rollup/plugin-node-resolve';

const ts = () => typescript({ tsconfig: './tsconfig.json', compilerOptions: { declaration: false } });
const minify = () => terser({ ecma: 2020, module: true, compress: { passes: 3 }, format: { comments: false } });

/** The npm build: ES modules, readable, tree-shakable; consumers' bundlers minify. */
const esm = (input, file) => ({
  input,
  output: { file, format: 'es', sourcemap: true },
  plugins: [resolve(), ts()],
});

/** A script-tag build: one minified file that runs on load. */
const iife = (input, file) => ({
  input,
  output: { file, format: 'iife', sourcemap: true },
  plugins: [resolve(), ts(), minify()],
});

export default [esm('src/index.ts', 'dist/waymark.mjs'), iife('src/browser.ts', 'dist/waymark.js')];
