// The pre-commit hook as a user meets it: Debian's `pre-commit` (the real framework) runs
// `try-repo` on this working tree — it clones it, installs the hook the way .pre-commit-hooks.yaml
// says (language: node: npm install, npm pack whose prepack builds dist/, npm install -g of the
// tarball) and runs it over a throw-away git repository holding the broken example, a script QEMU
// accepts and a shell script that starts no QEMU. The hook must fail and print the broken
// example's errors, and only those. The first install takes minutes (npm install of the
// repository's dev dependencies, then the build).
// Needs `pre-commit` (apt-get install pre-commit; scripts/ensure-test-deps.sh) and git.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..');

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 20 * 60_000 });
}

test('pre-commit try-repo: the qemu-launch hook fails on the broken example with its errors', () => {
  const hooks = readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8');
  assert.match(hooks, /^- id: qemu-launch$/m, '.pre-commit-hooks.yaml has no qemu-launch hook');
  const version = run('pre-commit', ['--version'], root);
  assert.equal(
    version.status,
    0,
    'pre-commit is not installed: apt-get install pre-commit (scripts/ensure-test-deps.sh)',
  );

  const work = mkdtempSync(join(tmpdir(), 'qemu-launch-precommit-'));
  try {
    const project = join(work, 'project');
    const git = (...args: string[]) => assert.equal(run('git', args, project).status, 0, `git ${args.join(' ')}`);
    spawnSync('mkdir', [project]);
    git('init', '-q');
    git('config', 'user.email', 'test@example.invalid');
    git('config', 'user.name', 'test');
    copyFileSync(join(root, 'examples', 'broken-placement.sh'), join(project, 'broken-placement.sh'));
    copyFileSync(join(root, 'examples', 'spm-v8-spm-memory.sh'), join(project, 'spm-v8-spm-memory.sh'));
    writeFileSync(join(project, 'backup.sh'), '#!/bin/sh\nrsync -a /srv/ /backup/\n');
    git('add', '.');

    const env = { ...process.env, PRE_COMMIT_HOME: join(work, 'cache'), PRE_COMMIT_COLOR: 'never' };
    const r = run('pre-commit', ['try-repo', root, 'qemu-launch', '--all-files', '--verbose'], project, env);
    const out = r.stdout + r.stderr;
    assert.equal(r.status, 1, `the hook did not fail on the broken example (exit ${r.status}):\n${out}`);
    assert.match(out, /qemu-launch check\.+Failed/);
    assert.match(out, /broken-placement\.sh:24:37: error\[QL-backend-012\]: memory backend 'hbm' is already in use/);
    assert.match(out, /broken-placement\.sh:\d+:\d+: error\[QL-layout-002\]: .*spans across 4GB boundary/);
    // The script QEMU accepts has no error, and the script without QEMU nothing at all.
    assert.doesNotMatch(out, /spm-v8-spm-memory\.sh:\d+:\d+: error/);
    assert.doesNotMatch(out, /backup\.sh:/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
