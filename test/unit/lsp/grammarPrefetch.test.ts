// The server's start-up loader compiles tree-sitter's wasm while it loads the bundles
// (server/src/grammarPrefetch.ts), and the parser instantiates those modules. web-tree-sitter
// takes a grammar only as bytes, so the grammar's module is reused only because V8 finds it in its
// cache of compiled modules: if it did not, V8 would compile the grammar a second time, which V8's
// trace of wasm compiles (one line per function compiled) shows. --single-threaded makes V8 compile
// on the main thread, so what the trace says does not depend on timing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_V8_FLAGS } from '../../../server/src/v8Flags';

const CHILD = join(__dirname, 'grammarPrefetchChild.ts');

/** Wasm functions compiled in a child run (by `mode`), and what it parsed. */
function run(mode: string, flags: readonly string[] = SERVER_V8_FLAGS): { compiled: number; parsed: string } {
  // V8 prints the trace with stdio, which drops lines when a pipe is full (Node makes its pipes
  // non-blocking): the child writes to a file.
  const dir = mkdtempSync(join(tmpdir(), 'qemu-launch-prefetch-'));
  const file = join(dir, 'out.txt');
  const fd = openSync(file, 'w');
  try {
    const child = spawnSync(
      process.execPath,
      [...flags, '--single-threaded', '--trace-wasm-compilation-times', '--import', 'tsx', CHILD, mode],
      { stdio: ['ignore', fd, fd] },
    );
    const out = readFileSync(file, 'utf8');
    assert.equal(child.status, 0, out);
    return {
      compiled: [...out.matchAll(/Compiled function /g)].length,
      parsed: /^parsed: (.*)$/m.exec(out)?.[1] ?? '',
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

test('the server compiles every wasm function up front, not only those the first parse calls', () => {
  // Compiled lazily, the rest would wait for a later parse (on the main thread, during it).
  const lazy = run('files', [...SERVER_V8_FLAGS.filter((f) => f !== '--no-wasm-lazy-compilation')]);
  assert.ok(run('prefetch').compiled > lazy.compiled);
  assert.equal(lazy.parsed, 'command');
});

test('a prefetch that failed (no wasm files there) leaves the parser to load the files itself', () => {
  assert.equal(run('failed').parsed, 'command');
});
