// Turns the server's map JSON into the things the picture draws: lanes of address ranges, each
// with what a hover says about it and the script line a click reveals. Pure (no DOM); addresses
// stay bigint here — only the axis turns them into pixels.
import type { InvocationMapJson } from './protocol';
import {
  E820_RAM,
  E820_RESERVED,
  E820_SOFT_RESERVED,
  SRAT_HOTPLUGGABLE,
} from '../../server/src/analysis/layout/addressMap';
import { hex, humanSize } from '../../server/src/analysis/format';
import { e820TypeName, sratFlagsText } from '../../server/src/analysis/layout/tableNames';

export const FOUR_GIB = 1n << 32n;
/** AMD's HyperTransport hole, 0xfd00000000–0xffffffffff (QEMU 7.1+ reserves it in E820 for AMD guests). */
export const AMD_HOLE_START = 0xfd00000000n;
export const AMD_HOLE_END = 0x10000000000n;

export type RangeKind = 'e820' | 'srat' | 'node' | 'devmem' | 'device';

export interface Diagnostic {
  line: number;
  endLine: number;
  severity: string;
  code: string;
  message: string;
}

export interface RangeItem {
  /** Stable across updates while the table shape stays: lane id + index in its source table. */
  key: string;
  kind: RangeKind;
  /** Index in the JSON array it came from (e820[], srat[], nodes[], memoryDevices[]). */
  index: number;
  start: bigint;
  /** Exclusive end. */
  end: bigint;
  length: bigint;
  node?: number;
  e820Type?: number;
  sratFlags?: number;
  id?: string;
  deviceType?: string;
  memdev?: string;
  memmapType?: string;
  /** 1-based script line a click reveals. */
  line: number;
  /** Short text drawn inside the bar when it fits, and a shorter one for narrow bars. */
  label: string;
  shortLabel: string;
  diagnostics: Diagnostic[];
  /** Sub-row inside its lane: items that overlap each other get different rows. */
  row: number;
  overlaps: boolean;
}

export interface Lane {
  id: string;
  title: string;
  items: RangeItem[];
  rows: number;
}

export interface Marker {
  kind: '4g' | 'pci-hole' | 'amd-hole';
  start: bigint;
  end: bigint;
  label: string;
}

export interface MapModel {
  lanes: Lane[];
  markers: Marker[];
  /** Diagnostics not tied to any drawn range (shown in the list only). */
  looseDiagnostics: Diagnostic[];
  nodes: number[];
  e820Types: number[];
}

/** An E820 type in the legend and tooltips: its name (SOFT_RESERVED with the number the SPM
 *  patches use for it), else its number. */
export function e820TypeLabel(type: number): string {
  const name = e820TypeName(type);
  if (name === undefined) return '0x' + type.toString(16);
  return type === E820_SOFT_RESERVED ? `${name} (0xefffffff)` : name;
}

/** The short names drawn inside narrow E820 bars. */
const E820_SHORT_LABELS: Readonly<Record<string, string>> = { RAM: 'RAM', RESERVED: 'RSV', SOFT_RESERVED: 'SOFT' };

/** CSS class suffix for an E820 type. */
export function e820TypeClass(type: number): string {
  if (type === E820_RAM) return 'ram';
  if (type === E820_RESERVED) return 'reserved';
  if (type === E820_SOFT_RESERVED) return 'soft';
  return 'other';
}

export function isPadding(e: { length: string }): boolean {
  return BigInt(e.length) === 0n;
}

/** "0x100000000–0x1ffffffff": inclusive end, as QEMU's `info mtree` prints ranges. */
export function rangeText(start: bigint, end: bigint): string {
  return `${hex(start)}–${hex(end > start ? end - 1n : start)}`;
}

export { hex, humanSize };

const contains = (r: { start: bigint; end: bigint }, a: bigint) => r.start <= a && a < r.end;

/** The picture's model of one command's map: a lane per table, rows packed, diagnostics attached. */
export function buildModel(map: InvocationMapJson): MapModel {
  const devices = map.memoryDevices.map((d, index) => ({ ...d, index, ...spanOf(d) }));
  const nodes = map.nodes.map((n, index) => ({ ...n, index, ...spanOf(n) }));
  const e820Items = e820Lane(map, devices, nodes);
  const lanes: Lane[] = [
    { id: 'e820', title: 'E820', items: e820Items, rows: 1 },
    { id: 'srat', title: 'SRAT', items: sratLane(map, devices, nodes), rows: 1 },
    { id: 'node', title: 'Node RAM', items: nodeLane(nodes), rows: 1 },
  ];
  if (map.deviceMemory) lanes.push(deviceMemoryLane(map, spanOf(map.deviceMemory)));
  lanes.push(...devices.map(deviceLane));

  for (const lane of lanes) lane.rows = assignRows(lane.items);
  markDeviceOverlaps(lanes);
  const all = lanes.flatMap((l) => l.items);
  const nodeSet = new Set<number>();
  for (const i of all) if (i.node !== undefined) nodeSet.add(i.node);
  return {
    lanes,
    markers: markersOf(map),
    looseDiagnostics: attachDiagnostics(all, map.diagnostics),
    nodes: [...nodeSet].sort((a, b) => a - b),
    e820Types: [...new Set(e820Items.map((i) => i.e820Type!))].sort((a, b) => a - b),
  };
}

type Span = { start: bigint; end: bigint; length: bigint };
type MapDevice = Omit<InvocationMapJson['memoryDevices'][number], 'start' | 'length'> & Span & { index: number };
type MapNode = Omit<InvocationMapJson['nodes'][number], 'start' | 'length'> & Span & { index: number };

/** What every range starts as, before rows, overlaps and diagnostics are known. */
const unplacedItem = () => ({ diagnostics: [] as Diagnostic[], row: 0, overlaps: false });

/** E820 entries; each points at the line of the device or node it comes from. */
function e820Lane(map: InvocationMapJson, devices: MapDevice[], nodes: MapNode[]): RangeItem[] {
  const items: RangeItem[] = [];
  map.e820.forEach((e, index) => {
    const s = spanOf(e);
    if (s.length === 0n) return;
    const device = devices.find((d) => d.start === s.start && d.length === s.length);
    const node = nodes.find((n) => contains(n, s.start));
    const name = e820TypeName(e.type);
    items.push({
      ...unplacedItem(),
      key: `e820:${index}`,
      kind: 'e820',
      index,
      ...s,
      e820Type: e.type,
      line: device?.line ?? node?.line ?? map.line,
      label: name ?? '0x' + e.type.toString(16),
      shortLabel: E820_SHORT_LABELS[name ?? ''] ?? '',
    });
  });
  return items;
}

/** SRAT memory affinity entries; zero-length padding is in the table, not in the picture. */
function sratLane(map: InvocationMapJson, devices: MapDevice[], nodes: MapNode[]): RangeItem[] {
  const nodeLine = (node: number, at: bigint) =>
    nodes.find((n) => n.node === node && contains(n, at))?.line ?? nodes.find((n) => n.node === node)?.line ?? map.line;
  const items: RangeItem[] = [];
  map.srat.forEach((e, index) => {
    const s = spanOf(e);
    if (s.length === 0n) return;
    const device = devices.find((d) => d.start === s.start && d.length === s.length);
    items.push({
      ...unplacedItem(),
      key: `srat:${index}`,
      kind: 'srat',
      index,
      ...s,
      node: e.node,
      sratFlags: e.flags,
      id: device?.id,
      line: device?.line ?? nodeLine(e.node, s.start),
      label: `node ${e.node}` + (e.flags & SRAT_HOTPLUGGABLE ? ' hotplug' : ''),
      shortLabel: `n${e.node}`,
    });
  });
  return items;
}

function nodeLane(nodes: MapNode[]): RangeItem[] {
  return nodes
    .filter((n) => n.length > 0n)
    .map((n) => ({
      ...unplacedItem(),
      key: `node:${n.index}`,
      kind: 'node' as const,
      index: n.index,
      start: n.start,
      end: n.end,
      length: n.length,
      node: n.node,
      memdev: n.memdev ?? undefined,
      memmapType: n.memmapType,
      line: n.line,
      label: `node ${n.node}` + (n.memmapType !== 'normal' ? ` ${n.memmapType}` : ''),
      shortLabel: `n${n.node}`,
    }));
}

function deviceMemoryLane(map: InvocationMapJson, s: Span): Lane {
  const item: RangeItem = {
    ...unplacedItem(),
    key: 'devmem:0',
    kind: 'devmem',
    index: 0,
    ...s,
    line: map.line,
    label: 'device memory',
    shortLabel: 'devmem',
  };
  return { id: 'devmem', title: 'Device memory', items: s.length > 0n ? [item] : [], rows: 1 };
}

/** A lane per memory device, so two that overlap are seen side by side. */
function deviceLane(d: MapDevice): Lane {
  const item: RangeItem = {
    ...unplacedItem(),
    key: `device:${d.index}`,
    kind: 'device',
    index: d.index,
    start: d.start,
    end: d.end,
    length: d.length,
    node: d.node,
    id: d.id,
    deviceType: d.type,
    line: d.line,
    label: `${d.id} (${d.type})`,
    shortLabel: d.id,
  };
  return { id: `device:${d.index}`, title: d.id, rows: 1, items: [item] };
}

/** A diagnostic marks every range made by a line it covers; the rest are returned, to be listed only. */
function attachDiagnostics(all: RangeItem[], diagnostics: Diagnostic[]): Diagnostic[] {
  const loose: Diagnostic[] = [];
  for (const d of diagnostics) {
    const hit = all.filter((i) => i.line >= d.line && i.line <= d.endLine && i.kind !== 'e820' && i.kind !== 'devmem');
    hit.forEach((i) => i.diagnostics.push(d));
    if (hit.length === 0) loose.push(d);
  }
  return loose;
}

/** The fixed landmarks: 4 GiB, the PCI hole below it, the AMD 1 TiB hole. */
function markersOf(map: InvocationMapJson): Marker[] {
  const below4g = BigInt(map.below4g);
  const markers: Marker[] = [{ kind: '4g', start: FOUR_GIB, end: FOUR_GIB, label: '4 GiB' }];
  if (below4g < FOUR_GIB) markers.push({ kind: 'pci-hole', start: below4g, end: FOUR_GIB, label: 'PCI hole' });
  if (map.cpuVendor === 'amd')
    markers.push({ kind: 'amd-hole', start: AMD_HOLE_START, end: AMD_HOLE_END, label: 'AMD 1 TiB hole' });
  return markers;
}

/** Greedy interval packing in address order; overlapping items get later rows and are flagged. */
function assignRows(items: RangeItem[]): number {
  const ends: bigint[] = [];
  const ordered = [...items].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (const item of ordered) {
    let row = ends.findIndex((end) => end <= item.start);
    if (row < 0) {
      row = ends.length;
      ends.push(0n);
    }
    item.row = row;
    ends[row] = item.end;
  }
  for (const a of items) for (const b of items) if (a !== b && a.start < b.end && b.start < a.end) a.overlaps = true;
  return Math.max(1, ends.length);
}

/** Devices have a lane each, so an overlap between two of them is flagged across lanes. */
function markDeviceOverlaps(lanes: Lane[]): void {
  const devices = lanes.filter((l) => l.id.startsWith('device:')).flatMap((l) => l.items);
  for (const a of devices)
    for (const b of devices) if (a !== b && a.start < b.end && b.start < a.end) a.overlaps = true;
}

/** The hover/focus text of a range: one fact a line, everything known about its addresses. */
export function describe(item: RangeItem, map: InvocationMapJson): string[] {
  const out = [rangeText(item.start, item.end), humanSize(item.length)];
  const node = item.node ?? map.srat.find((e) => BigInt(e.length) > 0n && contains(spanOf(e), item.start))?.node;
  if (node !== undefined) out.push(`node ${node}`);
  const e820 = item.e820Type ?? map.e820.find((e) => contains(spanOf(e), item.start))?.type;
  if (e820 !== undefined) out.push(`E820 ${e820TypeLabel(e820)}`);
  const srat =
    item.sratFlags ??
    map.srat.find(
      (e) =>
        BigInt(e.length) > 0n && contains(spanOf(e), item.start) && (item.node === undefined || e.node === item.node),
    )?.flags;
  if (srat !== undefined) out.push(`SRAT ${sratFlagsText(srat)}`);
  const device = item.id ?? map.memoryDevices.find((d) => contains(spanOf(d), item.start))?.id;
  if (device !== undefined) out.push(`id ${device}` + (item.deviceType ? ` (${item.deviceType})` : ''));
  if (item.memdev) out.push(`memdev ${item.memdev}`);
  if (item.memmapType && item.memmapType !== 'normal') out.push(`memmap-type ${item.memmapType}`);
  out.push(`line ${item.line}`);
  for (const d of item.diagnostics) out.push(`${d.severity} ${d.code}: ${d.message}`);
  if (item.overlaps) out.push('overlaps another range');
  return out;
}

function spanOf(r: { start: string; length: string }): Span {
  const start = BigInt(r.start);
  const length = BigInt(r.length);
  return { start, length, end: start + length };
}

/** The short lane-independent name used in aria labels. */
export function kindName(item: RangeItem): string {
  switch (item.kind) {
    case 'e820':
      return `E820 ${e820TypeLabel(item.e820Type!)}`;
    case 'srat':
      return `SRAT node ${item.node} ${sratFlagsText(item.sratFlags!)}`;
    case 'node':
      return `node ${item.node} RAM`;
    case 'devmem':
      return 'device memory';
    case 'device':
      return `memory device ${item.id} (${item.deviceType}) node ${item.node}`;
  }
}
