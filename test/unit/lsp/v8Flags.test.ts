// The server sets the adopted V8 flags itself only where its command line is silent: a client
// that chose a value (the VS Code client passes the same flags; `npm run bench` compares others,
// including V8's defaults spelled out) keeps its choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingV8Flags, SERVER_V8_FLAGS } from '../../../server/src/v8Flags';

test('a plain `node dist/server.js` gets every adopted flag', () => {
  assert.deepEqual(missingV8Flags([]), [...SERVER_V8_FLAGS]);
  assert.deepEqual(missingV8Flags(['--inspect=6019']), [...SERVER_V8_FLAGS]);
});

const WASM_FLAGS = ['--no-wasm-dynamic-tiering', '--no-wasm-tier-up', '--no-wasm-lazy-compilation'];

test('a flag given on the command line, with any value or negated, is left alone', () => {
  assert.deepEqual(missingV8Flags([...SERVER_V8_FLAGS]), []);
  assert.deepEqual(missingV8Flags(['--max-semi-space-size=16', '--heap-growing-percent=0']), WASM_FLAGS);
  assert.deepEqual(missingV8Flags(['--max-semi-space-size=4']), ['--heap-growing-percent=20', ...WASM_FLAGS]);
  assert.deepEqual(missingV8Flags(['--heap-growing-percent=50']), ['--max-semi-space-size=2', ...WASM_FLAGS]);
});

test('an adopted --no-x is left alone when the command line turns x on (V8 defaults spelled out)', () => {
  assert.deepEqual(missingV8Flags(['--wasm-dynamic-tiering', '--wasm-tier-up']), [
    '--max-semi-space-size=2',
    '--heap-growing-percent=20',
    '--no-wasm-lazy-compilation',
  ]);
  assert.deepEqual(missingV8Flags(['--wasm-tier-up']), [
    '--max-semi-space-size=2',
    '--heap-growing-percent=20',
    '--no-wasm-dynamic-tiering',
    '--no-wasm-lazy-compilation',
  ]);
  assert.deepEqual(missingV8Flags(['--no-wasm-dynamic-tiering', '--wasm-lazy-compilation']), [
    '--max-semi-space-size=2',
    '--heap-growing-percent=20',
    '--no-wasm-tier-up',
  ]);
});
