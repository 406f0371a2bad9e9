// Child processes for the node tests: each call waits for its process to exit and returns what it
// printed, so a failing assertion shows the tool's own words.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface Ran {
  code: number;
  output: string;
}

/** Run `file` with `args` in `cwd`; never rejects: a non-zero exit is in `code`. */
export const run = (file: string, args: string[], cwd = process.cwd()): Promise<Ran> =>
  new Promise((resolve) =>
    execFile(file, args, { cwd, maxBuffer: 32 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code == 'number' ? error.code : 1) : 0, output: stdout + stderr }),
    ),
  );

const require = createRequire(import.meta.url);
const bin = (pkg: string, name: string) => {
  const manifest = require.resolve(`${pkg}/package.json`);
  const bins = require(manifest).bin as Record<string, string>;
  return path.join(path.dirname(manifest), bins[name]!);
};

/**
 * The TypeScript the project pins and the newest major, by package name: both install a `tsc`
 * command, so the tests call each by its path rather than trust whichever `tsc` npm linked.
 */
export const COMPILERS = { pinned: bin('typescript', 'tsc'), newest: bin('typescript-next', 'tsc') };

/** Type-check a project with one compiler. */
export const tsc = (compiler: string, project: string, cwd?: string): Promise<Ran> =>
  run(process.execPath, [compiler, '-p', project, '--pretty', 'false'], cwd);

export const attw = bin('@arethetypeswrong/cli', 'attw');
