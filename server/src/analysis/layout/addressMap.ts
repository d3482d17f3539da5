// The guest physical address map QEMU builds for a machine, in QEMU's own table order.
import type { Span } from '../types';
import type { MemoryDeviceSpec } from '../machine/machine';

export const E820_RAM = 1;
export const E820_RESERVED = 2;
export const E820_SOFT_RESERVED = 0xefffffff;

export const SRAT_ENABLED = 1;
export const SRAT_HOTPLUGGABLE = 2;
export const SRAT_NON_VOLATILE = 4;

export interface E820Entry {
  start: bigint;
  length: bigint;
  type: number;
}

export interface SratMemEntry {
  start: bigint;
  length: bigint;
  node: number;
  flags: number;
}

export interface PlacedDevice {
  id: string;
  /** QMP kind: 'dimm', 'nvdimm', 'spm-memory', 'sp-mem', ... */
  type: string;
  start: bigint;
  length: bigint;
  node: number;
  /** DIMM slot QEMU assigned (pc-dimm, nvdimm). */
  slot?: number;
  spec: MemoryDeviceSpec;
}

export interface NodeRange {
  node: number;
  start: bigint;
  length: bigint;
}

/** Where QEMU would stop with an error while building the map. */
export interface LayoutProblem {
  code: string;
  message: string;
  span: Span;
  related?: { span: Span; message: string }[];
  /** QEMU only warns (warn_report) and goes on; absent = error (QEMU exits). */
  severity?: 'error' | 'warning';
}

export interface Layout {
  below4g: bigint;
  above4g: bigint;
  above4gStart: bigint;
  e820: E820Entry[];
  /** SRAT memory-affinity entries, padding included; empty when the guest has no NUMA. */
  srat: SratMemEntry[];
  deviceMemory: { start: bigint; length: bigint } | null;
  memoryDevices: PlacedDevice[];
  /** Boot RAM of each node as laid out (after the 640K/PCI-hole cuts). */
  nodeRanges: NodeRange[];
  problems: LayoutProblem[];
  /** fw_cfg etc/reserved-memory-end (absent without device memory). */
  reservedMemoryEnd?: bigint;
}
