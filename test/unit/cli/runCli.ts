// Runs the built CLI (dist/cli.js; `npm test` builds first) as a user would: a child process,
// its stdout, stderr and exit code. Helpers for temporary script files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../..');
/** QEMU_LAUNCH_CLI points the tests at another build of the CLI (e.g. an installed one). */
export const cliPath = process.env.QEMU_LAUNCH_CLI ?? join(repoRoot, 'dist/cli.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd = repoRoot): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary directory with the given files; remove it with the returned cleanup. */
export function tempFiles(files: Record<string, string | Buffer>): {
  dir: string;
  path: (name: string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-launch-cli-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return { dir, path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A one-line error on stderr: no stack trace, no usage dump. */
export function assertOneLineError(stderr: string): void {
  const lines = stderr.trimEnd().split('\n');
  if (lines.length !== 1) throw new Error(`expected one stderr line, got ${lines.length}:\n${stderr}`);
  if (/\bat .+:\d+:\d+\)?$/m.test(stderr)) throw new Error(`stack trace on stderr:\n${stderr}`);
}
