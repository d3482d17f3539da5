// SRAT memory-affinity entries in table order (hw/i386/acpi-build.c build_srat): boot RAM per node, NVDIMMs,
// padding, then the device-memory entries.
import type { NodeRange, PlacedDevice, SratMemEntry } from './addressMap';
import { SRAT_ENABLED, SRAT_HOTPLUGGABLE, SRAT_NON_VOLATILE } from './addressMap';
import type { LayoutNode } from './nodes';
import type { Range } from './deviceMemory';
import { KiB, MiB } from './units';

const HOLE_640K_START = 640n * KiB;
const HOLE_640K_END = 1n * MiB;

export interface SratInput {
  nodes: LayoutNode[];
  below4g: bigint;
  above4gStart: bigint;
  nvdimms: PlacedDevice[];
  deviceMemory: Range | null;
  /** SPM devices (v8 spm-memory / upstream sp-mem) that partition the device-memory entry. */
  spmDevices: PlacedDevice[];
}

/** The boot-RAM entries of each node, walking RAM offsets exactly as build_srat does. */
export function nodeRamEntries(nodes: LayoutNode[], below4g: bigint, above4gStart: bigint): SratMemEntry[] {
  const out: SratMemEntry[] = [];
  const emit = (start: bigint, length: bigint, node: number) => out.push({ start, length, node, flags: SRAT_ENABLED });
  let nextBase = 0n;
  for (const n of nodes) {
    let memBase = nextBase;
    let memLen = n.size;
    nextBase = memBase + memLen;
    // v7: reserved nodes get no affinity, but still consume their RAM offsets.
    if (n.memmapType === 'reserved' && n.hasMemdev) continue;
    if (memBase <= HOLE_640K_START && nextBase > HOLE_640K_START) {
      memLen -= nextBase - HOLE_640K_START;
      if (memLen > 0n) emit(memBase, memLen, n.nodeid);
      // 640K < RAM < 1M: the node keeps only its low part, and the next one starts at 1 MiB.
      if (nextBase <= HOLE_640K_END) {
        nextBase = HOLE_640K_END;
        continue;
      }
      memBase = HOLE_640K_END;
      memLen = nextBase - HOLE_640K_END;
    }
    if (memBase <= below4g && nextBase > below4g) {
      memLen -= nextBase - below4g;
      if (memLen > 0n) emit(memBase, memLen, n.nodeid);
      memBase = above4gStart;
      memLen = nextBase - below4g;
      nextBase = memBase + memLen;
    }
    if (memLen > 0n) emit(memBase, memLen, n.nodeid);
  }
  return out;
}

export function buildSrat(input: SratInput): SratMemEntry[] {
  if (input.nodes.length === 0) return [];
  const nb = input.nodes.length;
  const entries = nodeRamEntries(input.nodes, input.below4g, input.above4gStart);
  for (const d of input.nvdimms) {
    entries.push({ start: d.start, length: d.length, node: d.node, flags: SRAT_ENABLED | SRAT_NON_VOLATILE });
  }
  // Zero entries up to nb_numa_nodes + 2 (an old guest needed them, says the source).
  while (entries.length < nb + 2) entries.push({ start: 0n, length: 0n, node: 0, flags: 0 });
  entries.push(...deviceMemoryEntries(input.deviceMemory, input.spmDevices, nb - 1));
  return entries;
}

/**
 * build_srat_device_memory (seed v8): the HOTPLUGGABLE|ENABLED umbrella at PXM nb_nodes-1,
 * split around each SPM device (ENABLED only, at the device's node). Without SPM devices this
 * is upstream's single umbrella entry.
 */
export function deviceMemoryEntries(region: Range | null, spm: PlacedDevice[], hotplugPxm: number): SratMemEntry[] {
  if (!region) return [];
  const out: SratMemEntry[] = [];
  const hot = SRAT_HOTPLUGGABLE | SRAT_ENABLED;
  let cursor = region.start;
  const end = region.start + region.length;
  const sorted = [...spm].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (const d of sorted) {
    if (cursor < d.start) out.push({ start: cursor, length: d.start - cursor, node: hotplugPxm, flags: hot });
    out.push({ start: d.start, length: d.length, node: d.node, flags: SRAT_ENABLED });
    cursor = d.start + d.length;
  }
  if (cursor < end) out.push({ start: cursor, length: end - cursor, node: hotplugPxm, flags: hot });
  return out;
}

/** Boot RAM per node for the hover and the webview (reserved nodes included: they are RAM too). */
export function nodeRanges(nodes: LayoutNode[], below4g: bigint, above4gStart: bigint): NodeRange[] {
  const asNormal = nodes.map((n) => ({ ...n, memmapType: 'normal' as const }));
  return nodeRamEntries(asNormal, below4g, above4gStart).map((e) => ({
    node: e.node,
    start: e.start,
    length: e.length,
  }));
}
