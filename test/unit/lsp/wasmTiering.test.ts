// The server keeps tree-sitter's wasm on Liftoff (SERVER_V8_FLAGS, BENCHMARKS.md round 5): with
// V8's dynamic tiering, parsing a large script has V8 recompile the bash grammar's lexer (by far
// its largest function) with TurboFan in the background: ~1.4 s of CPU during the first analysis
// and compiler memory glibc keeps resident (~27 MB more RSS after open), for hardly faster parses. V8 names the
// compiler of every wasm function it compiles (--trace-wasm-compilation-times); --single-threaded
// makes a tier-up compile run at once on the main thread, so what the trace says does not depend
// on timing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SERVER_V8_FLAGS } from '../../../server/src/v8Flags';

const CHILD = join(__dirname, 'wasmTieringChild.ts');

interface Compiled {
  compiler: string;
  bodySize: number;
}

/** Every wasm compile of the child's run: which compiler, how large the function. */
function compiles(nodeFlags: string[]): Compiled[] {
  const run = spawnSync(
    process.execPath,
    [...nodeFlags, '--single-threaded', '--trace-wasm-compilation-times', '--import', 'tsx', CHILD],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  assert.equal(run.status, 0, run.stderr);
  const seen = [...`${run.stdout}${run.stderr}`.matchAll(/ using (\w+), .*?bodysize (\d+)/g)].map((m) => ({
    compiler: m[1],
    bodySize: Number(m[2]),
  }));
  assert.ok(
    seen.some((c) => c.compiler === 'Liftoff'),
    'the trace names the compiler of each function',
  );
  return seen;
}

const largest = (seen: Compiled[]) => Math.max(...seen.map((c) => c.bodySize));
const turbofan = (seen: Compiled[]) => seen.filter((c) => c.compiler === 'TurboFan');

test('the flags on the command line, as the VS Code client passes them: Liftoff only', () => {
  assert.deepEqual(turbofan(compiles([...SERVER_V8_FLAGS])), []);
});

test('a server started with no flags sets them itself before the grammar compiles: the lexer stays on Liftoff', () => {
  // V8 honours flags set at run time only in part: a few small runtime functions still tier up.
  const seen = compiles([]);
  assert.ok(turbofan(seen).every((c) => c.bodySize < largest(seen)));
});

test("with V8's wasm tiering spelled out on the command line, the same parses tier the lexer up (the checks above can fail)", () => {
  const seen = compiles(['--wasm-dynamic-tiering', '--wasm-tier-up']);
  assert.ok(turbofan(seen).some((c) => c.bodySize === largest(seen)));
});
