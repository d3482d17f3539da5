// Where a backend, NUMA node or memory device ends up in the guest: its address ranges and the
// E820 type and SRAT flags the guest sees there. Read from the invocation's Layout only.
import type { InvocationAnalysis } from '../analysis/index';
import type { MemoryDeviceSpec, NumaNode } from '../analysis/machine/machine';
import { e820TypeName, sratFlagsText, unplacedReason } from '../analysis/layout/tableNames';
import { hex, humanSize } from '../analysis/format';
import type { UnplacedDevice } from '../analysis/unplaced';

export interface Range64 {
  start: bigint;
  length: bigint;
}

export interface Landing {
  ranges: Range64[];
  node: number;
  e820: string[];
  srat: string[];
}

/** The name a hover gives an E820 type ('type 0x…' for one without a name). */
export function e820Name(type: number): string {
  return e820TypeName(type) ?? `type 0x${type.toString(16)}`;
}

const overlap = (a: Range64, b: Range64) => a.start < b.start + b.length && b.start < a.start + a.length;

function describeRanges(inv: InvocationAnalysis, ranges: Range64[], node: number): Landing {
  const e820 = new Set<string>();
  const srat = new Set<string>();
  for (const r of ranges) {
    for (const e of inv.layout.e820) if (e.length > 0n && overlap(e, r)) e820.add(e820Name(e.type));
    for (const s of inv.layout.srat) if (s.length > 0n && overlap(s, r)) srat.add(sratFlagsText(s.flags));
  }
  return { ranges, node, e820: [...e820], srat: [...srat] };
}

export function deviceLanding(inv: InvocationAnalysis, spec: MemoryDeviceSpec): Landing | undefined {
  const placed = inv.layout.memoryDevices.find((d) => d.spec === spec);
  if (!placed) return undefined;
  return describeRanges(inv, [{ start: placed.start, length: placed.length }], placed.node);
}

/** The device's entry in the invocation's unplaced list: QEMU refuses it, so it lands nowhere. */
export function unplacedOf(inv: InvocationAnalysis, spec: MemoryDeviceSpec): UnplacedDevice | undefined {
  return inv.unplaced.find((u) => u.spec === spec);
}

/** `not placed: QL-place-006 can't add memory device [...]` (first line of QEMU's message). */
export function formatUnplaced(u: UnplacedDevice): string {
  return `not placed: ${unplacedReason(u.reason)}`;
}

export function nodeLanding(inv: InvocationAnalysis, node: NumaNode): Landing | undefined {
  const ranges = inv.layout.nodeRanges.filter((r) => r.node === node.nodeid && r.length > 0n);
  if (!ranges.length) return undefined;
  return describeRanges(inv, ranges, node.nodeid);
}

/** A backend lands wherever the node or device that uses it lands. */
export function backendLanding(inv: InvocationAnalysis, id: string): Landing | undefined {
  const node = inv.machine.nodes.find((n) => n.memdev === id);
  if (node) return nodeLanding(inv, node);
  const device = inv.machine.devices.find((d) => d.memdev === id);
  if (device) return deviceLanding(inv, device);
  return undefined;
}

/** `[0x280000000-0x47fffffff] 8 GiB, node 1, E820 SOFT_RESERVED, SRAT ENABLED` */
export function formatLanding(l: Landing): string {
  const total = l.ranges.reduce((sum, r) => sum + r.length, 0n);
  const ranges = l.ranges.map((r) => `[${hex(r.start)}-${hex(r.start + r.length - 1n)}]`).join(' ');
  const parts = [`${ranges} ${humanSize(total)}`, `node ${l.node}`];
  parts.push(l.e820.length ? `E820 ${l.e820.join('+')}` : 'no E820 entry');
  parts.push(l.srat.length ? `SRAT ${l.srat.join('+')}` : 'no SRAT entry');
  return parts.join(', ');
}

/** 0x1_0000_0000: hex grouped by four digits from the right, for inlay hints. */
export function groupedHex(n: bigint): string {
  const digits = n.toString(16);
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 4) groups.unshift(digits.slice(Math.max(0, end - 4), end));
  return '0x' + groups.join('_');
}

/** `⟶ 0x1_0000_0000–0x2_ffff_ffff` (several ranges separated by commas). */
export function formatHint(l: Landing): string {
  return '⟶ ' + l.ranges.map((r) => `${groupedHex(r.start)}–${groupedHex(r.start + r.length - 1n)}`).join(', ');
}
