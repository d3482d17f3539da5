// The server's start-up loader compiles tree-sitter's wasm while it loads the bundles
// (server/src/grammarPrefetch.ts), and the parser instantiates those modules, not their bytes
// (which V8 would copy, and compile again unless it found them in its cache of compiled modules):
// V8's trace of wasm compiles (one line per function compiled) shows any second compile, and the
// child records what reaches WebAssembly.instantiate. --single-threaded makes V8 compile on the
// main thread, so what the trace says does not depend on timing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_V8_FLAGS } from '../../../server/src/v8Flags';

const CHILD = join(__dirname, 'grammarPrefetchChild.ts');

/** Each child run by mode and flags: several tests read the same run (each child compiles every wasm function). */
const runs = new Map<string, ReturnType<typeof runChild>>();

/** A child run by `mode`, made once per mode and flags. */
function run(mode: string, flags: readonly string[] = SERVER_V8_FLAGS): ReturnType<typeof runChild> {
  const key = `${mode} ${flags.join(' ')}`;
  let result = runs.get(key);
  if (!result) runs.set(key, (result = runChild(mode, flags)));
  return result;
}

/** Wasm functions compiled in a child run (by `mode`), and what it parsed. */
function runChild(
  mode: string,
  flags: readonly string[],
): { compiled: number; parsed: string; instantiated: string; restored: string; rejected: string } {
  // V8 prints the trace with stdio, which drops lines when a pipe is full (Node makes its pipes
  // non-blocking): the child writes to a file.
  const dir = mkdtempSync(join(tmpdir(), 'qemu-launch-prefetch-'));
  const file = join(dir, 'out.txt');
  const fd = openSync(file, 'w');
  try {
    const child = spawnSync(
      process.execPath,
      [...flags, '--single-threaded', '--trace-wasm-compilation-times', '--import', 'tsx', CHILD, mode],
      // A load that hangs fails the test instead of stalling the suite.
      { stdio: ['ignore', fd, fd], timeout: 60_000 },
    );
    const out = readFileSync(file, 'utf8');
    assert.equal(child.status, 0, out);
    return {
      compiled: [...out.matchAll(/Compiled function /g)].length,
      parsed: /^parsed: (.*)$/m.exec(out)?.[1] ?? '',
      instantiated: /^instantiated: (.*)$/m.exec(out)?.[1] ?? '',
      restored: /^restored: (.*)$/m.exec(out)?.[1] ?? '',
      rejected: /^rejected: (.*)$/m.exec(out)?.[1] ?? '',
    };
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the prefetched modules are the ones instantiated: no wasm function is compiled twice', () => {
  const files = run('files');
  const prefetched = run('prefetch');
  assert.equal(prefetched.parsed, 'command');
  assert.equal(files.parsed, 'command');
  assert.equal(prefetched.compiled, files.compiled);
});

test('the runtime and the grammar are instantiated from the prefetched modules, never from their bytes', () => {
  const prefetched = run('prefetch');
  assert.equal(prefetched.instantiated, 'module,module');
  assert.equal(prefetched.restored, 'true', 'WebAssembly.instantiate is the caller’s again after the load');
  // From the files (or after a failed prefetch) web-tree-sitter instantiates the bytes it read.
  assert.equal(run('files').instantiated, 'bytes,bytes');
  assert.equal(run('failed').instantiated, 'bytes,bytes');
});

test('the server compiles every wasm function up front, not only those the first parse calls', () => {
  // Compiled lazily, the rest would wait for a later parse (on the main thread, during it).
  const lazy = run('files', [...SERVER_V8_FLAGS.filter((f) => f !== '--no-wasm-lazy-compilation')]);
  assert.ok(run('prefetch').compiled > lazy.compiled);
  assert.equal(lazy.parsed, 'command');
});

test('a prefetch that failed (no wasm files there) leaves the parser to load the files itself', () => {
  assert.equal(run('failed').parsed, 'command');
});

test('a prefetched module that cannot be instantiated makes the load fail, not hang or end the process', () => {
  // The grammar's module given as the runtime's: its imports are not the runtime's. The child
  // exits 0 (run() checks) and its initShellParser rejected.
  const mismatched = run('mismatched');
  assert.equal(mismatched.rejected, 'LinkError');
  assert.equal(mismatched.parsed, '');
  assert.equal(mismatched.restored, 'true');
});
