// Entry-by-entry comparison of the static map with what QEMU built (or its refusal).
import type { Layout } from '../analysis/layout/addressMap';
import type { Diagnostic } from '../analysis/types';
import type { QemuMap, QemuOutcome } from './run';
import { sameMessage } from './versions';

export interface Difference {
  /** Which table: 'e820', 'srat', 'device', 'reserved-memory-end', 'outcome'. */
  table: string;
  /** Row index in our table (or in QEMU's when we have no such row). */
  index: number;
  /** Device id for 'device'. */
  id?: string;
  ours: string;
  qemu: string;
}

export interface Comparison {
  differences: Difference[];
  /** Rows both sides agree on, per table, for marking the webview. */
  verified: { e820: boolean[]; srat: boolean[]; devices: Record<string, boolean>; reservedMemoryEnd?: boolean };
  /** Version-dependent rules applied while comparing, in words. */
  assumptions: string[];
}

const h = (n: bigint) => '0x' + n.toString(16);
const e820Text = (e: { start: bigint; length: bigint; type: number }) =>
  `${h(e.start)} len ${h(e.length)} type ${h(BigInt(e.type))}`;
const sratText = (e: { start: bigint; length: bigint; node: number; flags: number }) =>
  `${h(e.start)} len ${h(e.length)} node ${e.node} flags ${e.flags}`;
const devText = (d: { type: string; start: bigint; length: bigint; node: number; slot?: number }, lengthToo: boolean) =>
  `${d.type} at ${h(d.start)}${lengthToo ? ` len ${h(d.length)}` : ''} node ${d.node}${d.slot !== undefined ? ` slot ${d.slot}` : ''}`;

function rows<T>(
  table: string,
  ours: readonly T[],
  qemu: readonly T[],
  text: (t: T) => string,
  differences: Difference[],
): boolean[] {
  const verified: boolean[] = [];
  for (let i = 0; i < Math.max(ours.length, qemu.length); i++) {
    const a = i < ours.length ? text(ours[i]) : '(none)';
    const b = i < qemu.length ? text(qemu[i]) : '(none)';
    if (i < ours.length) verified.push(a === b);
    if (a !== b) differences.push({ table, index: i, ours: a, qemu: b });
  }
  return verified;
}

/** The errors qemu-launch predicts QEMU stops with (warnings do not stop QEMU). */
export function predictedErrors(diagnostics: readonly Diagnostic[], layout: Layout): string[] {
  const out = new Set<string>();
  for (const p of layout.problems) if (p.severity !== 'warning') out.add(p.message);
  for (const d of diagnostics) if (d.severity === 'error') out.add(d.message);
  return [...out];
}

export function compare(
  layout: Layout,
  errors: readonly string[],
  outcome: QemuOutcome & { kind: 'built' | 'refused' },
  version: string,
  kvm = false,
): Comparison {
  const differences: Difference[] = [];
  const assumptions: string[] = [];
  const verified: Comparison['verified'] = { e820: [], srat: [], devices: {} };
  if (outcome.kind === 'refused') {
    if (errors.length === 0) {
      differences.push({
        table: 'outcome',
        index: 0,
        ours: 'QEMU accepts this command line',
        qemu: `refused: ${outcome.message}`,
      });
    } else if (!errors.some((e) => sameMessage(e, outcome.message, version, assumptions))) {
      differences.push({
        table: 'outcome',
        index: 0,
        ours: `refused: ${errors.join(' | ')}`,
        qemu: `refused: ${outcome.message}`,
      });
    }
    return { differences, verified, assumptions };
  }
  if (errors.length > 0) {
    differences.push({
      table: 'outcome',
      index: 0,
      ours: `refused: ${errors.join(' | ')}`,
      qemu: 'QEMU accepted this command line',
    });
    return { differences, verified, assumptions };
  }
  const q: QemuMap = outcome.map;
  // Under KVM QEMU reserves the identity-map page at 0xfeffc000 in E820 (kvm_arch_init); QEMU
  // ran without KVM, so that row of ours cannot be checked and is left out of the comparison.
  const kvmOnly = (e: { start: bigint; length: bigint; type: number }) =>
    kvm && e.start === 0xfeffc000n && e.length === 0x4000n && e.type === 2;
  const e820 = layout.e820.filter((e) => !kvmOnly(e));
  if (e820.length < layout.e820.length)
    assumptions.push('the E820 entry 0xfeffc000 (4 KiB, reserved) exists only under KVM and was not checked');
  verified.e820 = rows('e820', e820, q.e820, e820Text, differences);
  if (e820.length < layout.e820.length)
    verified.e820 = layout.e820.map((e) => (kvmOnly(e) ? false : verified.e820.shift()!));
  verified.srat = rows('srat', layout.srat, q.srat, sratText, differences);
  // Devices by id: QMP lists them in QOM hash order, which the dropped devices can change.
  const qemuById = new Map(q.memoryDevices.map((d) => [d.id, d]));
  layout.memoryDevices.forEach((d, i: number) => {
    const theirs = qemuById.get(d.id);
    // QMP reports virtio-mem's plugged size, not its region: compare the address only.
    const lengthToo = d.type !== 'virtio-mem';
    const a = devText(d, lengthToo);
    const b = theirs ? devText(theirs, lengthToo) : '(not listed by QEMU)';
    verified.devices[d.id] = a === b;
    if (a !== b) differences.push({ table: 'device', index: i, id: d.id, ours: a, qemu: b });
    qemuById.delete(d.id);
  });
  for (const d of qemuById.values())
    differences.push({ table: 'device', index: -1, id: d.id, ours: '(not predicted)', qemu: devText(d, true) });
  const ours = layout.reservedMemoryEnd === undefined ? '(none)' : h(layout.reservedMemoryEnd);
  const theirs = q.reservedMemoryEnd === undefined ? '(none)' : h(q.reservedMemoryEnd);
  verified.reservedMemoryEnd = ours === theirs;
  if (ours !== theirs) differences.push({ table: 'reserved-memory-end', index: 0, ours, qemu: theirs });
  return { differences, verified, assumptions };
}
