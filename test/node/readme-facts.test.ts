// Facts the README states about the code, checked against the code, so neither drifts alone.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { STRIP_PARAMS } from '../../src/privacy/redact';
import { MIN_GAP_MS, RANGES } from '../../src/config';

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('quotes the default stripped parameters from the one list in the code', () => {
    const quoted = readme.match(/<!-- strip-params -->(.*)<!-- \/strip-params -->/)![1]!;
    expect(quoted.match(/`([^`]+)`/g)!.map((q) => q.slice(1, -1))).toEqual(STRIP_PARAMS);
  });

  it('gives every numeric option its default and range as the config module has them', () => {
    for (const [name, [fallback, low, high]] of Object.entries(RANGES)) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
      expect(row, name).toContain(`| \`${fallback}\` |`);
      expect(row, name).toContain(`(${low} to ${high})`);
    }
  });

  it('states the request ceiling the outbox keeps', () => {
    expect(readme).toContain(`at least ${MIN_GAP_MS} ms apart: **at most ${1000 / MIN_GAP_MS} requests a second**`);
  });
});
