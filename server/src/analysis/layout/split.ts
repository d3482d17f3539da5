// RAM split below/above 4 GiB, as pc_q35_init (q35) and pc_init1 (i440fx) compute it (hw/i386/pc_q35.c, hw/i386/pc_piix.c).
import type { Machine } from '../machine/machine';
import { GiB, versionAtMost } from './units';

export interface RamSplit {
  below4g: bigint;
  above4g: bigint;
}

export function splitRam(machine: Machine): RamSplit {
  const ram = machine.ramSize;
  return machine.family === 'q35' ? splitQ35(ram, machine.maxRamBelow4g) : splitPc(ram, machine);
}

function splitQ35(ram: bigint, maxRamBelow4g: bigint): RamSplit {
  // 0xb0000000 is where MCH's PCIEXBAR sits by default; with >= that much RAM QEMU drops to 2 GiB
  // so the 32-bit PCI hole stays large.
  let lowmem = ram >= 0xb0000000n ? 0x80000000n : 0xb0000000n;
  const limit = maxRamBelow4g === 0n ? 4n * GiB : maxRamBelow4g;
  if (lowmem > limit) lowmem = limit;
  const below = ram < lowmem ? ram : lowmem;
  return { below4g: below, above4g: ram - below };
}

function splitPc(ram: bigint, machine: Machine): RamSplit {
  const limit = machine.maxRamBelow4g === 0n ? 0xe0000000n : machine.maxRamBelow4g;
  let lowmem = limit;
  // gigabyte_align is false only for pc-i440fx-1.7 and older.
  const gigabyteAlign = !versionAtMost(machine.version, 1, 7);
  if (ram >= limit && gigabyteAlign && lowmem > 0xc0000000n) lowmem = 0xc0000000n;
  const below = ram >= lowmem ? lowmem : ram;
  return { below4g: below, above4g: ram - below };
}
