// The server sets the adopted V8 flags itself only where its command line is silent: a client
// that chose a value (the VS Code client passes the same flags; `npm run bench` compares others,
// including V8's defaults spelled out) keeps its choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { missingV8Flags, SERVER_V8_FLAGS } from '../../../server/src/v8Flags';
import { serverExecArgv, serverPoolSize } from '../../../server/src/v8FlagList';

test('a plain `node dist/server.js` gets every adopted flag', () => {
  assert.deepEqual(missingV8Flags([]), [...SERVER_V8_FLAGS]);
  assert.deepEqual(missingV8Flags(['--inspect=6019']), [...SERVER_V8_FLAGS]);
});

const WASM_FLAGS = ['--no-wasm-dynamic-tiering', '--no-wasm-tier-up', '--no-wasm-lazy-compilation'];

test('a flag given on the command line, with any value or negated, is left alone', () => {
  assert.deepEqual(missingV8Flags([...SERVER_V8_FLAGS]), []);
  assert.deepEqual(
    missingV8Flags(['--max-semi-space-size=16', '--heap-growing-percent=0', '--initial-old-space-size=0']),
    WASM_FLAGS,
  );
  assert.deepEqual(missingV8Flags(['--max-semi-space-size=2']), [
    '--heap-growing-percent=20',
    '--initial-old-space-size=32',
    ...WASM_FLAGS,
  ]);
  assert.deepEqual(missingV8Flags(['--heap-growing-percent=50', '--initial-old-space-size=64']), [
    '--max-semi-space-size=4',
    ...WASM_FLAGS,
  ]);
});

test('an adopted --no-x is left alone when the command line turns x on (V8 defaults spelled out)', () => {
  const heap = ['--max-semi-space-size=4', '--heap-growing-percent=20', '--initial-old-space-size=32'];
  assert.deepEqual(missingV8Flags(['--wasm-dynamic-tiering', '--wasm-tier-up']), [
    ...heap,
    '--no-wasm-lazy-compilation',
  ]);
  assert.deepEqual(missingV8Flags(['--wasm-tier-up']), [
    ...heap,
    '--no-wasm-dynamic-tiering',
    '--no-wasm-lazy-compilation',
  ]);
  assert.deepEqual(missingV8Flags(['--no-wasm-dynamic-tiering', '--wasm-lazy-compilation']), [
    ...heap,
    '--no-wasm-tier-up',
  ]);
});

test("the client's command line: the adopted V8 flags and a pool of one thread fewer than the cores, 1 to 4", () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 8, 64].map((cores) => serverPoolSize(cores)),
    [1, 1, 2, 3, 4, 4, 4],
  );
  assert.deepEqual(serverExecArgv(2), [...SERVER_V8_FLAGS, '--v8-pool-size=1']);
  // The server sets no flag itself that the client's command line already gives.
  assert.deepEqual(missingV8Flags(serverExecArgv(8)), []);
});

test('Node starts with the pool size option and the adopted flags', () => {
  const out = execFileSync(process.execPath, [...serverExecArgv(2), '-e', 'process.stdout.write("ok")'], {
    encoding: 'utf8',
  });
  assert.equal(out, 'ok');
});
