// What qemu-launch knows about QEMU versions for verify: which modelled release (the analysis
// setting qemuVersion: 7.2, 10.0, 11.1) judges the QEMU that ran, and the wording changes of
// releases in between, which the comparison accepts while saying which version it assumed.
import { QEMU_VERSIONS, type QemuVersion } from '../analysis/types';

interface MessageChange {
  /** Versions below `since` print `old`. */
  since: [number, number];
  current: string;
  old: string[];
}

const MESSAGE_CHANGES: MessageChange[] = [
  {
    // hw/mem/memory-device.c: "memory-device: ... unify the error messages" (QEMU 8.2).
    since: [8, 2],
    current:
      'the configuration is not prepared for memory devices (e.g., for memory hotplug), consider specifying the maxmem option',
    old: [
      'memory devices (e.g. for memory hotplug) are not enabled, please specify the maxmem option',
      'memory devices (e.g. for memory hotplug) are not supported by the machine',
    ],
  },
];

export function parseVersion(v: string): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

function below(v: string, since: [number, number]): boolean {
  const p = parseVersion(v);
  return !!p && (p[0] < since[0] || (p[0] === since[0] && p[1] < since[1]));
}

/**
 * Whether QEMU's refusal (its stderr, prefix "qemu-system-x86_64: -opt ...: " included) carries
 * our predicted message `ours`, allowing for wording changes between versions.
 */
export function sameMessage(ours: string, stderr: string, version: string, assumptions: string[]): boolean {
  if (stderr.includes(ours)) return true;
  for (const c of MESSAGE_CHANGES) {
    if (c.current !== ours || !below(version, c.since)) continue;
    const old = c.old.find((o) => stderr.includes(o));
    if (old) {
      assumptions.push(
        `qemu-launch words this refusal as QEMU ${c.since.join('.')} and later do ("${ours}"); QEMU ${version} says "${old}"`,
      );
      return true;
    }
  }
  return false;
}

/** Newest modelled release not newer than `version` (the oldest one for anything older). */
export function modelFor(version: string): QemuVersion {
  const p = parseVersion(version);
  let best: QemuVersion = QEMU_VERSIONS[0];
  if (!p) return best;
  for (const m of QEMU_VERSIONS) {
    const [major, minor] = parseVersion(m)!;
    if (p[0] > major || (p[0] === major && p[1] >= minor)) best = m;
  }
  return best;
}

/**
 * How the model is chosen: `follow` the QEMU that runs (the editor; the CLI without
 * --qemu-version) or keep the `pinned` one (the CLI with --qemu-version). `configured` is the
 * user's version setting, named `setting` in the one-line note (none: nothing to disagree with).
 */
export interface VersionPolicy {
  mode: 'follow' | 'pinned';
  setting: string;
  configured?: QemuVersion;
}

export function chooseModel(binary: string, policy: VersionPolicy): { model: QemuVersion; note?: string } {
  const fitting = modelFor(binary);
  const exact = binary.startsWith(fitting + '.');
  const configured = policy.configured ?? fitting;
  const model = policy.mode === 'pinned' ? configured : fitting;
  if (model !== fitting)
    return {
      model,
      note: `${policy.setting} is ${configured} but the QEMU that ran is ${binary}: compared with the ${model} model as ${policy.setting} says`,
    };
  if (model !== configured)
    return {
      model,
      note: `${policy.setting} is ${configured} but the QEMU that ran is ${binary}: compared with the ${model} model${exact ? '' : ` (the newest modelled release not newer than ${binary})`}`,
    };
  if (!exact)
    return {
      model,
      note: `QEMU ${binary} is not modelled: compared with the ${model} model (the newest modelled release not newer than it)`,
    };
  return { model };
}
