// The real QEMUs that judge the differential suites: Debian's 7.2 on PATH, and 10.0.2 unpacked beside it
// into .qemu/10.0/ by tools/install-qemu10.sh (which scripts/ensure-test-deps.sh runs for `npm test`).
// Live mode: QEMU_LIVE=1 insists (what `npm test` sets: a missing judge is then a failed test, never a
// silently skipped one), QEMU_LIVE=0 turns it off, unset runs each judge that is installed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { QemuVersion } from '../../server/src/analysis/types';

const ROOT = join(__dirname, '../..');
const QEMU10 = join(ROOT, '.qemu/10.0/root');

export interface Judge {
  bin: string;
  /** QEMU's first --version line, e.g. "QEMU emulator version 10.0.2 (Debian 1:10.0.2+ds-2+deb13u1~bpo12+1)". */
  banner: string;
  /** Put before the command line: on a machine without 7.2's /usr/share/qemu the 10.0 firmware unpacked
   *  beside the binary (install-qemu10.sh) is where QEMU must look. */
  dataArgs: string[];
}

/** The QEMU of `version` when it is installed here (its --version names that release), else undefined. */
export function judgeOf(version: QemuVersion): Judge | undefined {
  const bin = version === '7.2' ? 'qemu-system-x86_64' : join(QEMU10, 'usr/bin/qemu-system-x86_64');
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  const banner = (r.stdout ?? '').split('\n')[0];
  if (r.status !== 0 || !banner.includes(`version ${version}.`)) return undefined;
  // Debian's firmware path is /usr/share/qemu:/usr/share/seabios (bios-256k.bin lives in the second).
  const data = ['usr/share/qemu', 'usr/share/seabios'].map((d) => join(QEMU10, d)).filter((d) => existsSync(d));
  return { bin, banner, dataArgs: version === '7.2' ? [] : data.flatMap((d) => ['-L', d]) };
}

/** Whether the suites of `version` run live; `installed` is whether its judge (and python3) is here. */
export function liveWanted(installed: boolean): boolean {
  if (process.env.QEMU_LIVE === '1') return true;
  return process.env.QEMU_LIVE !== '0' && installed;
}

export function onPath(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
}

/** The line for an assertion when live mode insists on a judge that is not installed. */
export const MISSING = (version: QemuVersion) =>
  `QEMU ${version} is not installed: QEMU_LIVE=1 insists on every judge (tools/install-qemu10.sh for 10.0, ` +
  `apt-get install qemu-system-x86 for 7.2; scripts/ensure-test-deps.sh does both)`;
