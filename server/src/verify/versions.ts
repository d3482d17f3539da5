// What qemu-launch knows about QEMU versions changing a rule or a message. The analysis speaks
// current upstream; when the QEMU that ran words a message differently, the comparison accepts
// the old wording and says which version qemu-launch assumed. (A qemuVersion setting, issue 16,
// will let the analysis itself follow the target version; this table is where it plugs in.)

/** The QEMU release whose rules and messages the analysis follows. */
export const ASSUMED_QEMU = '11.1';

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
