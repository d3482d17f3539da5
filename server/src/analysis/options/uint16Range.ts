// One value of a uint16 list as QEMU's OptsVisitor reads it: `N` or `A-B` (-numa node,cpus=,
// memory-backend host-nodes=). Repeated keys accumulate; each occurrence is one such value.

/** At most this many members from one `A-B`: enough for any real topology, bounded for hostile input. */
const MAX_RANGE = 4096;

/** The members of `N` / `A-B`, or undefined when QEMU refuses it (not a number, B < A, past uint16). */
export function parseUint16Range(text: string): number[] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] !== undefined ? Number(m[2]) : a;
  // Past 2^53, i++ no longer changes i: cpus=99999999999999999999 looped until V8 aborted the
  // process. The uint16 bound keeps every loop below short.
  if (b < a || b > 0xffff) return undefined;
  const out: number[] = [];
  for (let i = a; i <= b && i - a < MAX_RANGE; i++) out.push(i);
  return out;
}

/** Several values of one uint16 list (repeated keys accumulate); undefined when QEMU refuses one of them. */
export function parseUint16Ranges(values: string[]): number[] | undefined {
  const out: number[] = [];
  for (const v of values) {
    const members = parseUint16Range(v);
    if (!members) return undefined;
    for (const m of members) out.push(m);
  }
  return out;
}
