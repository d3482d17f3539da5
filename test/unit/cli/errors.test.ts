// What the user sees when the CLI cannot do its job: one line on stderr, exit code 2, no stack
// trace; usage text for a wrong command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertOneLineError, cliPath, repoRoot, runCli, tempFiles } from './runCli';

test('a missing file: one line naming it, exit 2', () => {
  const r = runCli(['check', '/nonexistent/launch.sh']);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assertOneLineError(r.stderr);
  assert.equal(r.stderr, 'qemu-launch: /nonexistent/launch.sh: no such file\n');
});

test('a directory: one line, exit 2 (check and map)', () => {
  const t = tempFiles({});
  try {
    for (const command of ['check', 'map']) {
      const r = runCli([command, t.dir]);
      assert.equal(r.status, 2);
      assertOneLineError(r.stderr);
      assert.match(r.stderr, /is a directory/);
    }
  } finally {
    t.cleanup();
  }
});

test('a binary file (NUL bytes): one line, exit 2', () => {
  const t = tempFiles({ 'qemu.bin': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00]) });
  try {
    const r = runCli(['check', t.path('qemu.bin')]);
    assert.equal(r.status, 2);
    assertOneLineError(r.stderr);
    assert.match(r.stderr, /binary file/);
  } finally {
    t.cleanup();
  }
});

test('a file over 10 MB: one line that says it is too large, exit 2', () => {
  const t = tempFiles({ 'huge.sh': Buffer.alloc(10 * 1024 * 1024 + 1, '#') });
  try {
    const r = runCli(['map', t.path('huge.sh')]);
    assert.equal(r.status, 2);
    assertOneLineError(r.stderr);
    assert.match(r.stderr, /too large \(10\.0 MB; the limit is 10 MB\)/);
  } finally {
    t.cleanup();
  }
});

test('an unknown command or option: message and usage on stderr, exit 2', () => {
  for (const args of [['lint', 'x.sh'], ['check', '--strict', 'x.sh'], ['--nope'], []]) {
    const r = runCli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^qemu-launch: /);
    assert.match(r.stderr, /Usage:\n {2}qemu-launch check/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test('--help prints usage on stdout and exits 0', () => {
  const r = runCli(['--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^Usage:/);
  assert.match(r.stdout, /--spm-form auto\|v4\|v7\|v8\|upstream\|none/);
  assert.match(r.stdout, /--host-cpu-vendor amd\|intel/);
});

test('--version prints the package version', () => {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const r = runCli(['--version']);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, `qemu-launch ${version}\n`);
});

test('the bundle starts with a shebang, so the bin entry runs it directly', () => {
  assert.match(readFileSync(cliPath, 'utf8'), /^#!\/usr\/bin\/env node\n/);
});
