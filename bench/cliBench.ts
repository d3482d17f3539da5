// `qemu-launch check` as CI runs it: one process over many scripts, wall time and MB/s.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { now } from './stats';

export interface CliFigures {
  label: string;
  files: number;
  bytes: number;
  wallMs: number;
  mbPerSecond: number;
  exitCode: number | null;
}

export function benchCli(cli: string, label: string, files: string[], runs = 3): CliFigures {
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const times: number[] = [];
  let exitCode: number | null = null;
  for (let i = 0; i < runs; i++) {
    const started = now();
    const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', ...files], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    times.push(now() - started);
    exitCode = r.status;
    if (r.status !== 0 && r.status !== 1) throw new Error(`qemu-launch check exited ${r.status}: ${r.stderr}`);
  }
  const wallMs = Math.min(...times);
  return { label, files: files.length, bytes, wallMs, mbPerSecond: bytes / (1024 * 1024) / (wallMs / 1000), exitCode };
}
