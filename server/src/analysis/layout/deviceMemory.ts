// The device-memory region (hw/i386/pc.c pc_get_device_memory_range) and the PCI 64-bit hole start
// that follows it (pc_pci_hole64_start), which the AMD 1 TiB decision and phys-bits check use.
import type { Machine } from '../machine/machine';
import { GiB, alignUp, versionAtMost } from './units';

export interface Range {
  start: bigint;
  length: bigint;
}

/** Null when ram_size == maxram_size: QEMU then creates no device memory at all. */
export function deviceMemoryRange(machine: Machine, above4gEnd: bigint): Range | null {
  if (machine.ramSize >= machine.maxmem) return null;
  const start = alignUp(above4gEnd, GiB);
  let length = machine.maxmem - machine.ramSize;
  // enforce_aligned_dimm (false for 2.1 and older types): room for 1 GiB alignment per slot.
  if (!versionAtMost(machine.version, 2, 1)) length += GiB * machine.slots;
  // ram_addr_t arithmetic: a maxmem near 2^64 wraps the size (QEMU 7.2 verified:
  // -m 1G,maxmem=18446744073709547520,slots=2 gives a device memory of 0x3ffff000).
  return { start, length: length & ((1n << 64n) - 1n) };
}

export function pciHole64Start(machine: Machine, above4gEnd: bigint): bigint {
  const dm = deviceMemoryRange(machine, above4gEnd);
  let start = above4gEnd;
  if (dm) {
    start = dm.start;
    // broken_reserved_end (2.4 and older types) forgot to skip the region.
    if (!versionAtMost(machine.version, 2, 4)) start += dm.length;
  }
  return alignUp(start, GiB);
}

/** fw_cfg etc/reserved-memory-end: end of device memory rounded up to 1 GiB. */
export function reservedMemoryEnd(machine: Machine, dm: Range | null): bigint | undefined {
  if (!dm) return undefined;
  const end = versionAtMost(machine.version, 2, 4) ? dm.start : dm.start + dm.length;
  return alignUp(end, GiB);
}
