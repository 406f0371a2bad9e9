// The package as npm publishes it: `npm pack`, then what a store's project sees. The tarball is
// unpacked into a temporary node_modules beside the consumer project in test/package, and
// type-checked there under each module resolution and both TypeScript majors, with the library
// checks (skipLibCheck off). `npm test` builds before this runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { attw, COMPILERS, run, tsc } from './run';

let dir: string;
let tarball: string;
let files: string[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'waymark-package-'));
  const packed = await run('npm', ['pack', '--json', '--pack-destination', dir]);
  expect(packed.code, packed.output).toBe(0);
  const [info] = JSON.parse(packed.output.slice(packed.output.indexOf('[')));
  tarball = path.join(dir, info.filename);
  files = info.files.map((f: { path: string }) => f.path);
  cpSync('test/package', dir, { recursive: true });
  mkdirSync(path.join(dir, 'node_modules/waymark'), { recursive: true });
  const unpacked = await run('tar', ['-xzf', tarball, '-C', path.join(dir, 'node_modules/waymark'), '--strip-components=1']);
  expect(unpacked.code, unpacked.output).toBe(0);
  // The one runtime dependency, as npm would have installed it.
  symlinkSync(path.resolve('node_modules/web-vitals'), path.join(dir, 'node_modules/web-vitals'));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the tarball', () => {
  it('ships what users run or read, and nothing else', () => {
    for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'dist/waymark.js', 'dist/waymark.mjs', 'dist/types/index.d.ts', 'schema/wire.json'])
      expect(files).toContain(file);
    expect(files.filter((f) => !/^(dist|schema)\//.test(f))).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']);
  });

  it('has source maps that carry their sources, so no src/ is needed to read them', () => {
    const maps = files.filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(10);
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(path.join(dir, 'node_modules/waymark', map), 'utf8'));
      expect(sourcesContent?.length, map).toBe(sources.length);
      expect(sourcesContent.every((s: unknown) => typeof s == 'string'), map).toBe(true);
    }
  });

  it('passes publint, suggestions included', async () => {
    const data = readFileSync(tarball);
    const { messages, pkg } = await publint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }, strict: true });
    expect(messages.map((m) => formatMessage(m, pkg, { color: false }))).toEqual([]);
  });

  it('passes Are the Types Wrong as an ES-module-only package', async () => {
    const { code, output } = await run(process.execPath, [attw, tarball, '--profile', 'esm-only', '--format', 'table-flipped']);
    expect(code, output).toBe(0);
  });
});

describe.each(Object.entries(COMPILERS))('a store project with the %s TypeScript', (_name, compiler) => {
  it.each(['bundler', 'node16', 'nodenext'])('type-checks under moduleResolution %s', async (resolution) => {
    const { code, output } = await tsc(compiler, `tsconfig.${resolution}.json`, dir);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('in CommonJS: nodenext allows require of the ES module, node16 refuses it visibly', async () => {
    expect(await tsc(compiler, 'tsconfig.require-nodenext.json', dir)).toEqual({ code: 0, output: '' });
    const node16 = await tsc(compiler, 'tsconfig.require-node16.json', dir);
    expect(node16.output).toMatch(/TS1479: .*ECMAScript module and cannot be imported with 'require'/);
  });
});

describe('at run time on Node', () => {
  it('loads with require, and on a server gives an instance whose calls do nothing', async () => {
    const script = "const w = require('waymark').createWaymark({ endpoint: '/collect' }); w.track('cart_viewed'); w.flush().then((e) => console.log(typeof w.track, e))";
    const { code, output } = await run(process.execPath, ['-e', script], dir);
    expect(output.trim()).toBe('function true');
    expect(code).toBe(0);
  });

  it('loads every subpath with import', async () => {
    const script =
      "const [w, v, s] = await Promise.all(['waymark', 'waymark/capture/vitals', 'waymark/formats/snowplow'].map((p) => import(p))); console.log(typeof w.createWaymark, typeof v.webVitals, typeof s.snowplow)";
    const { code, output } = await run(process.execPath, ['--input-type=module', '-e', script], dir);
    expect(output.trim()).toBe('function function function');
    expect(code).toBe(0);
  });
});
