// The AMD HyperTransport hole below 1 TiB (hw/i386/pc.c pc_memory_init) and its phys-bits check.
import type { Machine } from '../machine/machine';
import { deviceMemoryRange, pciHole64Start } from './deviceMemory';
import { versionAtMost } from './units';
import { maxUsedGpaByPhysBits } from '../versions';

export const AMD_HT_START = 0xfd00000000n;
export const AMD_HT_SIZE = 0x300000000n;
export const AMD_ABOVE_1TB_START = 0x10000000000n;
export const FOUR_GIB = 0x100000000n;

/** QEMU computes guest addresses in hwaddr (uint64_t): sums near 2^64 wrap around. */
const HWADDR_MASK = (1n << 64n) - 1n;

/** pc_max_used_gpa, for a given above_4g_mem_start (wrapped to 64 bits as QEMU's sum is). */
export function maxUsedGpa(machine: Machine, above4gStart: bigint, above4g: bigint): bigint {
  return unwrappedMaxUsedGpa(machine, above4gStart, above4g) & HWADDR_MASK;
}

function unwrappedMaxUsedGpa(machine: Machine, above4gStart: bigint, above4g: bigint): bigint {
  const above4gEnd = above4gStart + above4g;
  // QEMU 7.2 asks phys-bits, not long mode: <= 32 bits has no 64-bit hole, anything wider is checked
  // against the hole's end (a 32-bit athlon with 36 bits included).
  if (maxUsedGpaByPhysBits(machine.qemu)) {
    if (machine.physBits <= 32) return (1n << BigInt(machine.physBits)) - 1n;
    return pciHole64Start(machine, above4gEnd) + machine.pciHole64Size - 1n;
  }
  if (machine.longMode) return pciHole64Start(machine, above4gEnd) + machine.pciHole64Size - 1n;
  // 32-bit CPUs: broken_32bit_mem_addr_check keeps the old answer for 8.1 and older types.
  if (versionAtMost(machine.version, 8, 1)) return (1n << BigInt(machine.physBits)) - 1n;
  const dm = deviceMemoryRange(machine, above4gEnd);
  if (dm) return dm.start + dm.length - 1n;
  return above4gEnd - 1n;
}

export interface AmdHoleDecision {
  above4gStart: bigint;
  /** E820 RESERVED entry for the HT range is added. */
  reserveHtRange: boolean;
}

export function decideAmdHole(machine: Machine, above4g: bigint): AmdHoleDecision {
  // enforce_amd_1tb_hole is off for 7.0 and older machine types.
  const applies = machine.cpuVendor === 'amd' && !versionAtMost(machine.version, 7, 0);
  if (!applies) return { above4gStart: FOUR_GIB, reserveHtRange: false };
  const relocate = maxUsedGpa(machine, FOUR_GIB, above4g) >= AMD_HT_START;
  return {
    above4gStart: relocate ? AMD_ABOVE_1TB_START : FOUR_GIB,
    reserveHtRange: machine.physBits >= 40,
  };
}

/** The phys-bits check runs after the relocation, so the relocated map is what must fit. */
export function physBitsTooLow(
  machine: Machine,
  above4gStart: bigint,
  above4g: bigint,
): { limit: bigint; maxUsed: bigint } | null {
  const maxUsed = maxUsedGpa(machine, above4gStart, above4g);
  const limit = (1n << BigInt(machine.physBits)) - 1n;
  return limit < maxUsed ? { limit, maxUsed } : null;
}
