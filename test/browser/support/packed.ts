/**
 * The package as a store gets it: `npm pack` of the repository (the `dist/` just built), unpacked
 * into `examples/node_modules/waymark`, where the examples that import `waymark` find it the way
 * `npm install waymark` would put it. Each example has its own package.json, so Node's and the
 * bundlers' resolution of `waymark` goes to node_modules instead of the repository itself.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { ROOT } from './server';

/** What the tests read of a chunk Vite wrote. */
export interface Chunk {
  fileName: string;
  isEntry: boolean;
  isDynamicEntry: boolean;
  code: string;
  moduleIds: string[];
}

export const EXAMPLES = path.join(ROOT, 'examples');
export const REACT_SHOP = path.join(EXAMPLES, 'react-shop');

/** Pack the repository and unpack the tarball into `examples/node_modules/waymark`; returns that directory. */
export const installPacked = (): string => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'waymark-pack-'));
  try {
    // No lifecycle scripts: the tarball holds exactly the dist/ that `npm test` built.
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8' }));
    const target = path.join(EXAMPLES, 'node_modules', 'waymark');
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', path.join(tmp, packed[0].filename), '-C', target, '--strip-components=1']);
    return target;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
};

/** Type-check a project with the repository's TypeScript; resolves to its diagnostics ('' when clean). */
export const typecheck = (project: string): string => {
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project], { encoding: 'utf8' });
    return '';
  } catch (e: any) {
    return String(e.stdout || e.message);
  }
};

/** `vite build` of the React shop into `examples/react-shop/dist/`; returns the chunks it wrote. */
export const buildReactShop = async (): Promise<Chunk[]> => {
  // A production build whatever the test runner set NODE_ENV to: React picks its build by it.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const out = await build({ root: REACT_SHOP, mode: 'production', logLevel: 'warn', build: { outDir: 'dist', emptyOutDir: true } });
    const result = Array.isArray(out) ? out[0] : out;
    if (!result || !('output' in result)) throw new Error('vite build returned no output');
    return (result.output as any[]).filter((o): o is Chunk => o.type == 'chunk');
  } finally {
    process.env.NODE_ENV = env;
  }
};
