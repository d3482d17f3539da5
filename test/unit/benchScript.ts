// The bench's own launch-script generator (tools/gen-bench-scripts.mjs), for tests that need a
// large realistic script: guests in functions, a variables block, arrays (tests run from the
// repository root).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A generated launch script of about `lines` lines. */
export async function benchScript(lines: number): Promise<string> {
  const url = pathToFileURL(resolve('tools/gen-bench-scripts.mjs')).href;
  const gen = (await import(url)) as { launchScript: (n: number) => string };
  return gen.launchScript(lines);
}
