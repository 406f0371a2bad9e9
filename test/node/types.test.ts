// The public types under both TypeScript majors: test/types compiles cleanly (its @ts-expect-error
// lines are the refusals), and the messages for wrong calls name what is wrong.
import { describe, expect, it } from 'vitest';
import { COMPILERS, run, tsc } from './run';

describe.each(Object.entries(COMPILERS))('types with the %s TypeScript', (_name, compiler) => {
  it('is the major the project means', async () => {
    const { output } = await run(process.execPath, [compiler, '--version']);
    expect(output).toMatch(_name == 'pinned' ? /Version 5\.9\./ : /Version ([7-9]|\d\d)\./);
  });

  it('accepts the documented API and refuses the rest', async () => {
    const { code, output } = await tsc(compiler, 'test/types');
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('names the missing fields and the unknown event', async () => {
    const { code, output } = await tsc(compiler, 'test/types/failing');
    expect(code).not.toBe(0);
    const [missing, nearMiss] = output.split(/\n(?=test)/);
    expect(missing).toMatch(/track\.ts\(6,\d+\).*\n.*missing the following properties.*: order_id, currency/);
    expect(nearMiss).toMatch(/track\.ts\(7,\d+\).*'"order_complete"' is not assignable/);
  });
});
