// Runs the user's QEMU on a sanitised command line and reads back the map it built.
// Spawned without a shell in its own process group, in a fresh private directory for the
// sockets; a hard timeout (and a caller's cancel) kills the whole group; the directory is removed.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Qtest, openFwCfg } from './qtest';
import { Qmp } from './qmp';
import { PRIVATE_DIR } from './sanitize';
import { ProtocolError, findAcpiTables, parseE820, parseSratMemory } from './tables';
import type { E820Entry, PlacedDevice, SratMemEntry } from '../analysis/layout/addressMap';

/** A memory device as QMP query-memory-devices reports it: the layout's placed device without our spec. */
export type QemuDevice = Omit<PlacedDevice, 'spec'>;

/** What QEMU built, in the layout's own shapes so the two compare entry by entry. */
export interface QemuMap {
  e820: E820Entry[];
  srat: SratMemEntry[];
  memoryDevices: QemuDevice[];
  reservedMemoryEnd?: bigint;
}

export type QemuOutcome =
  | { kind: 'built'; map: QemuMap; version?: string }
  | { kind: 'refused'; status: number | null; message: string }
  | { kind: 'failed'; reason: string };

export interface RunOptions {
  qemu: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

const MAX_OUTPUT = 64 * 1024;

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** What went wrong when spawn() itself failed. */
function spawnFailure(qemu: string, e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT') return `QEMU not found: ${qemu} (set qemuLaunch.qemuPath or --qemu)`;
  if (e.code === 'EACCES') return `QEMU is not executable: ${qemu}`;
  return `cannot start ${qemu}: ${e.message}`;
}

/** QEMU's own message without the program-name prefix. */
export function refusalMessage(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l && !/^qemu-system-[^:]*: warning:/.test(l));
  return lines.join('\n');
}

/** `QEMU -version` → "7.2.22" (and the whole first line). */
export async function qemuVersion(opts: RunOptions): Promise<{ version: string; line: string } | { error: string }> {
  const r = await runProcess(opts.qemu, ['-version'], opts, () => undefined);
  if ('error' in r) return r;
  const m = /QEMU emulator version (\d+\.\d+\.\d+)/.exec(r.stdout);
  if (!m) return { error: `${opts.qemu} -version did not print a QEMU version` };
  return { version: m[1], line: r.stdout.split('\n')[0] };
}

interface Finished {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Spawn, collect output, enforce the timeout and the cancel signal; `attach` may start talking to
 * the process and returns a promise that settles the run early with a value.
 */
function runProcess<T>(
  program: string,
  args: string[],
  opts: RunOptions,
  attach: (child: ChildProcess) => Promise<T> | undefined,
): Promise<(Finished & { value?: T }) | { error: string }> {
  return new Promise((resolve) => {
    let settled = false;
    let child: ChildProcess;
    try {
      child = spawn(program, args, { shell: false, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      resolve({ error: spawnFailure(program, e as NodeJS.ErrnoException) });
      return;
    }
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += d;
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < MAX_OUTPUT) stderr += d;
    });
    const finish = (r: (Finished & { value?: T }) | { error: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      killGroup(child);
      resolve(r);
    };
    const timer = setTimeout(
      () => finish({ error: `QEMU did not finish within ${opts.timeoutMs / 1000} s (killed)` }),
      opts.timeoutMs,
    );
    const onAbort = () => finish({ error: 'cancelled (QEMU killed)' });
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort);
    child.on('error', (e) => finish({ error: spawnFailure(program, e) }));
    let exited: Finished | undefined;
    child.on('close', (status, signal) => {
      exited = { status, signal, stdout, stderr };
      if (!talking) finish(exited);
      else {
        // QEMU exited while we were (or were waiting to start) talking: let the conversation
        // settle, then the exit is the answer (a refusal before or during machine creation).
        const e = exited;
        setTimeout(() => finish(e), 1500);
      }
    });
    let talking = false;
    const conversation = attach(child);
    if (conversation) {
      talking = true;
      conversation.then(
        (value) => {
          // Give QEMU a moment to quit by itself after "quit", then the group is killed anyway.
          const done = () =>
            finish({ status: exited?.status ?? null, signal: exited?.signal ?? null, stdout, stderr, value });
          if (exited) done();
          else {
            child.once('close', done);
            setTimeout(done, 1000);
          }
        },
        (e: unknown) => {
          talking = false;
          const err = e instanceof Error ? e : new Error(String(e));
          // The connection broke: if QEMU exits now it refused the configuration; wait for that.
          if (exited) finish({ ...exited, value: undefined });
          else {
            const grace = setTimeout(() => finish({ error: `QEMU stopped answering: ${err.message}` }), 2000);
            child.once('close', () => clearTimeout(grace));
          }
        },
      );
    }
  });
}

function accept(server: Server): Promise<Socket> {
  return new Promise((resolve) => server.once('connection', resolve));
}

async function readMap(qtestConn: Promise<Socket>, qmpPath: string): Promise<QemuMap> {
  const qt = new Qtest(await qtestConn);
  const fw = await openFwCfg(qt);
  const map: QemuMap = { e820: [], srat: [], memoryDevices: [] };
  if (fw.files.has('etc/e820')) map.e820 = parseE820(await fw.read('etc/e820'));
  if (fw.files.has('etc/reserved-memory-end'))
    map.reservedMemoryEnd = (await fw.read('etc/reserved-memory-end')).readBigUInt64LE(0);
  if (fw.files.has('etc/acpi/tables') && fw.files.has('etc/table-loader')) {
    const tables = findAcpiTables(await fw.read('etc/acpi/tables'), await fw.read('etc/table-loader'));
    const srat = tables.get('SRAT')?.[0];
    if (srat) map.srat = parseSratMemory(srat);
  }
  const qmp = await Qmp.open(qmpPath);
  try {
    const devices = await qmp.execute('query-memory-devices');
    if (!Array.isArray(devices)) throw new ProtocolError('query-memory-devices did not return a list');
    map.memoryDevices = devices.map(deviceOf);
    await qmp.execute('quit').catch(() => undefined);
  } finally {
    qmp.close();
  }
  return map;
}

function deviceOf(d: { type?: string; data?: Record<string, unknown> }): QemuDevice {
  const data = d.data ?? {};
  const big = (v: unknown) => (typeof v === 'number' ? BigInt(v) : 0n);
  const out: QemuDevice = {
    id: typeof data.id === 'string' ? data.id : '',
    type: String(d.type ?? ''),
    start: big(data.addr ?? data.memaddr),
    length: big(data.size),
    node: typeof data.node === 'number' ? data.node : 0,
  };
  if (typeof data.slot === 'number') out.slot = data.slot;
  return out;
}

/** Run QEMU on `args` (sanitised, FIXED_ARGS included) and read the map, or QEMU's refusal. */
export async function runQemu(args: string[], opts: RunOptions): Promise<QemuOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-launch-verify-'));
  const qtestPath = join(dir, 'qtest.sock');
  const qmpPath = join(dir, 'qmp.sock');
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(qtestPath, resolve);
    });
    const conn = accept(server);
    const argv = [
      ...args.map((a) => a.split(PRIVATE_DIR).join(dir)),
      '-qtest',
      `unix:${qtestPath}`,
      '-qtest-log',
      '/dev/null',
      '-qmp',
      `unix:${qmpPath},server=on,wait=off`,
    ];
    const r = await runProcess(opts.qemu, argv, opts, () => readMap(conn, qmpPath));
    conn.then(
      (s) => s.destroy(),
      () => undefined,
    );
    if ('error' in r) return { kind: 'failed', reason: r.error };
    if (r.value) return { kind: 'built', map: r.value };
    if (r.signal) return { kind: 'failed', reason: `QEMU was killed by ${r.signal}` };
    if (r.status === 0) return { kind: 'failed', reason: 'QEMU exited without building a machine' };
    const message = refusalMessage(r.stderr);
    if (!message) return { kind: 'failed', reason: `QEMU exited with status ${r.status} and no message` };
    return { kind: 'refused', status: r.status, message };
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
