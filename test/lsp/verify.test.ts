// qemuLaunch/verify over stdio with the real server (dist/server.js): refused in an untrusted
// workspace without starting anything, never run on open or edit, agrees with Debian's QEMU 7.2
// on an example (as `qemu-launch verify` does), and a hanging QEMU is killed with its process group
// on cancel and on timeout. Fake QEMUs are in test/fixtures/verify/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { startServer, type ServerSession } from '../robustness/serverSession';

const FAKES = resolve('test/fixtures/verify');
const QEMU = process.env.QEMU ?? 'qemu-system-x86_64';
const EXAMPLE = resolve('examples/pc-dimm-hotplug.sh');
const URI = pathToFileURL(EXAMPLE).href;
const TEXT = readFileSync(EXAMPLE, 'utf8');

interface VerifyJson {
  qemu: string;
  qemuVersion?: string;
  assumedVersion: string;
  versionNote?: string;
  error?: string;
  invocations: { index: number; status: string; summary: string; differences: unknown[] }[];
}

let dir: string;
const sessions: ServerSession[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ql-lsp-verify-'));
  // The fakes write what they saw here; the server passes its environment on to QEMU.
  process.env.FAKE_ARGV = join(dir, 'argv');
  process.env.FAKE_PIDS = join(dir, 'pids');
});

after(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  delete process.env.FAKE_ARGV;
  delete process.env.FAKE_PIDS;
  rmSync(dir, { recursive: true, force: true });
});

async function session(settings: Record<string, unknown>, init?: unknown): Promise<ServerSession> {
  const s = await startServer(settings, init);
  sessions.push(s);
  await s.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri: URI, languageId: 'shellscript', version: 1, text: TEXT },
  });
  return s;
}

const waitFor = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 50));
};

/** Running (a zombie nobody reaps counts as gone). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

async function refusal(p: Promise<unknown>): Promise<ResponseError<unknown>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ResponseError) return e;
    throw e;
  }
  assert.fail('the request was answered instead of refused');
}

test(
  'untrusted: refused with a clear message, QEMU never started; trust granted later: runs',
  { timeout: 120_000 },
  async () => {
    const s = await session({ qemuPath: join(FAKES, 'fake-argv.js') });
    const e = await refusal(s.conn.sendRequest('qemuLaunch/verify', { uri: URI }));
    assert.match(e.message, /the workspace is not trusted/);
    assert.equal(existsSync(process.env.FAKE_ARGV!), false, 'the fake QEMU was started');
    // Opening and editing never run QEMU either: diagnostics arrive, the fake stays unstarted.
    await s.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ text: TEXT + '\n' }],
    });
    await waitFor(() => s.diagnostics.some((d) => d.uri === URI && d.version === 2));
    assert.equal(existsSync(process.env.FAKE_ARGV!), false, 'the fake QEMU was started on open or edit');
    await s.conn.sendNotification('qemuLaunch/trust', { trusted: true });
    const r = await s.conn.sendRequest<VerifyJson>('qemuLaunch/verify', { uri: URI });
    assert.equal(r.qemuVersion, '9.9.9');
    assert.equal(r.invocations[0].status, 'differs'); // the fake refuses everything
    const argv = JSON.parse(readFileSync(process.env.FAKE_ARGV!, 'utf8')) as string[];
    assert.ok(argv.includes('-nodefaults') && argv.includes('-S'), argv.join(' '));
  },
);

test(
  'trusted, Debian QEMU 7.2: the example agrees, judged by the 7.2 model the binary reports',
  { timeout: 120_000 },
  async () => {
    const s = await session({ qemuPath: QEMU, qemuVersion: '11.1', verify: { timeout: 60 } }, { trusted: true });
    const r = await s.conn.sendRequest<VerifyJson>('qemuLaunch/verify', { uri: URI, invocation: 0 });
    assert.equal(r.error, undefined);
    assert.match(r.qemuVersion ?? '', /^7\.2\.\d+$/);
    assert.equal(r.assumedVersion, '7.2');
    assert.match(r.versionNote ?? '', /^qemuLaunch\.qemuVersion is 11\.1 but the QEMU that ran is 7\.2\.\d+/);
    assert.equal(r.invocations.length, 1);
    assert.equal(r.invocations[0].status, 'agrees', JSON.stringify(r.invocations[0].differences));
    assert.match(r.invocations[0].summary, /^agrees with QEMU 7\.2\.\d+$/);
    // A command the document does not have is a parameter error, not a run.
    const e = await refusal(s.conn.sendRequest('qemuLaunch/verify', { uri: URI, invocation: 5 }));
    assert.match(e.message, /no QEMU command 5 \(the document has 1\)/);
  },
);

test('cancel: the request ends as cancelled and the hanging QEMU group is gone', { timeout: 120_000 }, async () => {
  rmSync(process.env.FAKE_PIDS!, { force: true });
  const s = await session({ qemuPath: join(FAKES, 'fake-hangs.js'), verify: { timeout: 600 } }, { trusted: true });
  const source = new CancellationTokenSource();
  const pending = s.conn.sendRequest(
    'qemuLaunch/verify',
    { uri: URI, position: { line: 40, character: 0 } },
    source.token,
  );
  await waitFor(() => existsSync(process.env.FAKE_PIDS!));
  const pids = JSON.parse(readFileSync(process.env.FAKE_PIDS!, 'utf8')) as number[];
  source.cancel();
  const e = await refusal(pending);
  assert.equal(e.code, -32800); // LSP RequestCancelled
  await waitFor(() => !pids.some(alive));
});

test('timeout: a hanging QEMU is killed with its group, the result says so', { timeout: 120_000 }, async () => {
  rmSync(process.env.FAKE_PIDS!, { force: true });
  const s = await session({ qemuPath: join(FAKES, 'fake-hangs.js'), verify: { timeout: 1 } }, { trusted: true });
  const r = await s.conn.sendRequest<VerifyJson>('qemuLaunch/verify', { uri: URI });
  assert.equal(r.invocations[0].status, 'failed');
  assert.match(r.invocations[0].summary, /QEMU did not finish within 1 s \(killed\)/);
  const pids = JSON.parse(readFileSync(process.env.FAKE_PIDS!, 'utf8')) as number[];
  await waitFor(() => !pids.some(alive));
});
