/**
 * The README's code comes from files that tests run or type-check: a fenced block right after
 * `<!-- snippet: path -->` must be that file's text, or with `path#name` the lines between
 * `#region name` and `#endregion name` in it (the region's common indentation removed).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** Every marked block: where it says it comes from, and what the README shows. */
const blocks = [...README.matchAll(/<!-- snippet: (\S+?)(?:#([\w-]+))? -->\n```[\w-]*\n([\s\S]*?)\n```/g)].map(([, file, region, shown]) => ({
  file: file!,
  region,
  shown: shown!,
}));

const dedent = (lines: string[]) => {
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
};

const source = (file: string, region?: string) => {
  const text = readFileSync(path.join(ROOT, file), 'utf8').replace(/\n$/, '');
  if (!region) return text;
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes(`#region ${region}`));
  const end = lines.findIndex((l, i) => i > start && l.includes(`#endregion ${region}`));
  if (start < 0 || end < 0) throw new Error(`${file}: no region ${region}`);
  return dedent(lines.slice(start + 1, end));
};

describe('README snippets', () => {
  it('marks the guides’ code blocks', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
  });

  for (const { file, region, shown } of blocks)
    it(`${file}${region ? '#' + region : ''} is shown as it is`, () => {
      expect(existsSync(path.join(ROOT, file))).toBe(true);
      expect(shown).toBe(source(file, region));
    });
});
