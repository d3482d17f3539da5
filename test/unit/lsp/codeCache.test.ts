// server/src/codeCache.ts with real V8 code caches: a module loads the same with no cache, an
// accepted one, a damaged file (checksum) and data V8 rejects; the cache file is per source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { codeCacheDir, requireWithCodeCache } from '../../../server/src/codeCache';

const SOURCE = `'use strict';
function area(w, h) { return w * h; }
exports.answer = area(6, 7);
exports.dir = __dirname;
exports.requires = typeof require('node:path').join;
`;

interface Probe {
  answer: number;
  dir: string;
  requires: string;
}

/**
 * probe.js in a fresh directory per load: V8's in-memory compilation cache (keyed by source and
 * file name) must not stand in for the cache file, which is named after the base name.
 */
function load(dir: string, cacheDir: string | undefined, n: number, source = SOURCE) {
  mkdirSync(join(dir, String(n)));
  const file = join(dir, String(n), 'probe.js');
  writeFileSync(file, source);
  return requireWithCodeCache<Probe>(file, cacheDir);
}

function withDirs(run: (dir: string, cacheDir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-launch-code-cache-'));
  try {
    run(dir, join(dir, 'cache'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertLoaded(p: Probe, dir: string, n: number): void {
  assert.deepEqual(p, { answer: 42, dir: join(dir, String(n)), requires: 'function' });
}

test('no cache, then a written one is accepted; the module runs the same both times', () =>
  withDirs((dir, cacheDir) => {
    const first = load(dir, cacheDir, 1);
    assert.equal(first.status, 'none');
    assertLoaded(first.exports, dir, 1);
    assert.equal(first.save(), true);
    assert.equal(readdirSync(cacheDir).length, 1);
    const second = load(dir, cacheDir, 2);
    assert.equal(second.file, first.file, 'same source, same Node: same cache file');
    assert.equal(second.status, 'accepted');
    assertLoaded(second.exports, dir, 2);
    assert.equal(second.save(), false, 'an accepted cache is not rewritten');
  }));

test('a damaged cache file is not given to V8: the module loads the plain way', () =>
  withDirs((dir, cacheDir) => {
    const first = load(dir, cacheDir, 1);
    first.save();
    const bytes = readFileSync(first.file!);
    bytes[bytes.length - 1] ^= 0x01;
    writeFileSync(first.file!, bytes);
    const second = load(dir, cacheDir, 2);
    assert.equal(second.status, 'damaged');
    assertLoaded(second.exports, dir, 2);
    writeFileSync(first.file!, bytes.subarray(0, 10)); // truncated below the checksum
    assert.equal(load(dir, cacheDir, 3).status, 'damaged');
  }));

test('data V8 does not take (another V8, other flags) is rejected: the module still loads', () =>
  withDirs((dir, cacheDir) => {
    const first = load(dir, cacheDir, 1);
    first.save();
    // Well framed (right checksum) but not V8's: what another Node's cache looks like to this one.
    const foreign = Buffer.from('not a V8 code cache '.repeat(20));
    writeFileSync(first.file!, Buffer.concat([createHash('sha256').update(foreign).digest(), foreign]));
    const second = load(dir, cacheDir, 2);
    assert.equal(second.status, 'rejected');
    assertLoaded(second.exports, dir, 2);
    assert.equal(second.save(), true, 'replaced with this V8’s');
    assert.equal(load(dir, cacheDir, 3).status, 'accepted');
  }));

test('another source gets its own cache file; without a directory nothing is cached', () =>
  withDirs((dir, cacheDir) => {
    const first = load(dir, cacheDir, 1);
    first.save();
    const other = load(dir, cacheDir, 2, SOURCE.replace('6, 7', '7, 6'));
    assert.notEqual(other.file, first.file);
    assert.equal(other.status, 'none');
    const off = load(dir, undefined, 3);
    assert.equal(off.status, 'off');
    assertLoaded(off.exports, dir, 3);
    assert.equal(off.save(), false);
  }));

test('a bundle larger than one read, with characters cut between reads, runs as written; its end is in the key', () =>
  withDirs((dir, cacheDir) => {
    // The loader reads 64 KB at a time: padded so that a 2- and a 4-byte UTF-8 character each
    // fall across a read.
    const bundleOf = (pad: string) =>
      `exports.pad = '${pad}'; exports.text = ${JSON.stringify(text)};\nexports.tail = 1;\n`;
    const text = 'é😀x'.repeat(40_000);
    const source = ['', ' ', '  ', '   ', '    ', '     ', '      ']
      .map(bundleOf)
      .find((s) => new Set(cutAtReads(s)).size === 2);
    assert.ok(source, 'a padding that cuts both kinds of character');
    assert.ok(Buffer.byteLength(source) > 3 * 64 * 1024);
    const first = load(dir, cacheDir, 1, source);
    assert.equal((first.exports as unknown as { text: string }).text, text);
    assert.equal(first.save(), true);
    assert.equal(load(dir, cacheDir, 2, source).status, 'accepted');
    // Same length, one byte changed after the first read: another file (V8 checks only the length).
    const edited = load(dir, cacheDir, 3, source.replace('tail = 1', 'tail = 2'));
    assert.notEqual(edited.file, first.file);
    assert.equal(edited.status, 'none');
    assert.equal((edited.exports as unknown as { tail: number }).tail, 2);
  }));

test('the newest four cache files are kept per bundle: one bundle never pushes out another’s', () =>
  withDirs((dir, cacheDir) => {
    // Another bundle's file: counted with this one's, it would push out one of them.
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(join(cacheDir, 'main-0123456789abcdef0123456789abcdef.v8cache'), 'another bundle');
    const written: string[] = [];
    for (let n = 1; n <= 6; n++) {
      const load1 = load(dir, cacheDir, n, SOURCE.replace('6, 7', `6, 7 + ${n} - ${n}`));
      assert.equal(load1.save(), true);
      written.push(load1.file!);
      // Each newer than the last, whatever the file system's timestamp resolution.
      utimesSync(load1.file!, n * 1000, n * 1000);
    }
    const kept = readdirSync(cacheDir).sort();
    assert.deepEqual(
      kept,
      ['main-0123456789abcdef0123456789abcdef.v8cache', ...written.slice(2).map((f) => basename(f))].sort(),
    );
  }));

test('the cache directory: QEMU_LAUNCH_CODE_CACHE, else the platform’s per-user cache', () => {
  const home = () => '/home/u';
  assert.equal(codeCacheDir({ QEMU_LAUNCH_CODE_CACHE: 'off' }, 'linux', home), undefined);
  assert.equal(codeCacheDir({ QEMU_LAUNCH_CODE_CACHE: '/x/y' }, 'linux', home), '/x/y');
  assert.equal(codeCacheDir({}, 'linux', home), '/home/u/.cache/qemu-launch');
  assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', home), '/xdg/qemu-launch');
  assert.equal(codeCacheDir({}, 'darwin', home), '/home/u/Library/Caches/qemu-launch');
  assert.equal(
    codeCacheDir({}, 'linux', () => ''),
    undefined,
  );
  assert.equal(
    codeCacheDir({}, 'linux', () => {
      throw new Error('no home');
    }),
    undefined,
  );
});

/** The UTF-8 length of each character that a 64 KB read of `source`'s bytes cuts in two. */
function cutAtReads(source: string): number[] {
  const cut: number[] = [];
  let at = 0;
  for (const ch of source) {
    const length = Buffer.byteLength(ch);
    const next = at + length;
    if (Math.floor(at / 65_536) !== Math.floor((next - 1) / 65_536)) cut.push(length);
    at = next;
  }
  return cut;
}
