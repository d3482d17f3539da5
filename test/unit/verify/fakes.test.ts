// verify against programs that are not a working QEMU: each gives a clear result, no crash,
// no stuck request, no process left behind.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, initShellParser } from '../../../server/src/analysis/index';
import { verifyAnalysis, exitStatus } from '../../../server/src/verify/index';

const FAKES = join(__dirname, '../../fixtures/verify');
const SCRIPT = 'qemu-system-x86_64 -machine q35 -m 2G\n';

before(async () => {
  await initShellParser();
});

const run = (qemu: string, timeoutMs = 10_000, signal?: AbortSignal) =>
  verifyAnalysis(analyze(SCRIPT), { qemu, timeoutMs, signal });

/** Running (a zombie waiting for a reaper that is not us counts as gone). */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
};

test('a QEMU that refuses: its message is the result, reported as a difference', async () => {
  const r = await run(join(FAKES, 'fake-refuses.js'));
  assert.equal(r.qemuVersion, '9.9.9');
  assert.equal(r.invocations[0].status, 'differs');
  assert.match(r.invocations[0].differences[0].qemu, /fake refusal: nothing here is real/);
  assert.equal(exitStatus([r]), 1);
});

test('a QEMU that hangs: killed at the timeout with its whole process group', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ql-verify-hang-'));
  try {
    process.env.FAKE_PIDS = join(dir, 'pids');
    const t0 = Date.now();
    const r = await run(join(FAKES, 'fake-hangs.js'), 1500);
    assert.ok(Date.now() - t0 < 6000, `took ${Date.now() - t0} ms`);
    assert.equal(r.invocations[0].status, 'failed');
    assert.match(r.invocations[0].summary, /did not finish within 1.5 s/);
    assert.equal(exitStatus([r]), 2);
    const pids: number[] = JSON.parse(readFileSync(join(dir, 'pids'), 'utf8'));
    await new Promise((res) => setTimeout(res, 200));
    for (const pid of pids) assert.equal(alive(pid), false, `process ${pid} survived`);
  } finally {
    delete process.env.FAKE_PIDS;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cancel kills a hanging QEMU at once', async () => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 1500);
  const t0 = Date.now();
  const r = await run(join(FAKES, 'fake-hangs.js'), 10_000, ac.signal);
  assert.ok(Date.now() - t0 < 3000);
  assert.match(r.error ?? r.invocations[0].summary, /cancelled/);
});

test('a QEMU that answers garbage and closes the socket early: a clear failure', async () => {
  const r = await run(join(FAKES, 'fake-garbage.js'));
  assert.equal(r.invocations[0].status, 'failed');
  assert.match(r.invocations[0].summary, /QEMU could not be run: .*(qtest|closed|answering|exited)/);
});

test('a program that is not QEMU at all', async () => {
  const r = await run(join(FAKES, 'fake-garbage-version.js'));
  assert.match(r.error ?? '', /did not print a QEMU version/);
  assert.equal(exitStatus([r]), 2);
});

test('a QEMU path that is not executable', async () => {
  const r = await run(join(FAKES, 'fake-not-executable.js'));
  assert.match(r.error ?? '', /not executable/);
  assert.equal(exitStatus([r]), 2);
});

test('a QEMU path that does not exist', async () => {
  const r = await run(join(FAKES, 'no-such-qemu'));
  assert.match(r.error ?? '', /QEMU not found/);
});

test('no temporary directory is left behind', async () => {
  // A private TMPDIR: other test files run real-QEMU verifies at the same time in the shared one.
  const root = mkdtempSync(join(tmpdir(), 'ql-verify-tmp-'));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = root;
  try {
    await run(join(FAKES, 'fake-refuses.js'));
    await run(join(FAKES, 'fake-garbage.js'));
    assert.deepEqual(readdirSync(root), []);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    rmSync(root, { recursive: true, force: true });
  }
});
