// The E820 table QEMU hands to firmware (fw_cfg etc/e820), built in the order of QEMU's e820_add_entry calls.
import type { E820Entry } from './addressMap';
import { E820_RAM, E820_RESERVED, E820_SOFT_RESERVED } from './addressMap';
import { AMD_HT_SIZE, AMD_HT_START } from './amdHole';

/** KVM's EPT identity map + TSS (kvm_arch_init, before board init). */
export const KVM_IDENTITY_START = 0xfeffc000n;
export const KVM_IDENTITY_SIZE = 0x4000n;

/** e820_add_entry appends; e820_update_entry_type (seed v7) removes and re-appends. */
export class E820Table {
  readonly entries: E820Entry[] = [];

  add(start: bigint, length: bigint, type: number): void {
    this.entries.push({ start, length, type });
  }

  /**
   * e820_update_entry_type exactly as the v7 patch: SOFT_RESERVED must lie inside one RAM
   * entry; the first entry containing [start, end) is removed and its leading part (old type),
   * the retyped range and its trailing part (old type) are appended at the END of the table.
   */
  updateEntryType(start: bigint, length: bigint, newType: number): boolean {
    const end = start + length;
    const contains = (e: E820Entry) => e.start <= start && e.start + e.length >= end;
    if (newType === E820_SOFT_RESERVED && !this.entries.some((e) => e.type === E820_RAM && contains(e))) return false;
    const i = this.entries.findIndex(contains);
    if (i < 0) return false;
    const [old] = this.entries.splice(i, 1);
    const oldEnd = old.start + old.length;
    if (old.start < start) this.add(old.start, start - old.start, old.type);
    this.add(start, length, newType);
    if (end < oldEnd) this.add(end, oldEnd - end, old.type);
    return true;
  }
}

export interface BaseE820Input {
  kvm: boolean;
  reserveHtRange: boolean;
  below4g: bigint;
  above4g: bigint;
  above4gStart: bigint;
}

/** The entries pc_memory_init adds before any SPM retyping or device entry. */
export function baseE820(input: BaseE820Input): E820Table {
  const table = new E820Table();
  if (input.kvm) table.add(KVM_IDENTITY_START, KVM_IDENTITY_SIZE, E820_RESERVED);
  if (input.reserveHtRange) table.add(AMD_HT_START, AMD_HT_SIZE, E820_RESERVED);
  table.add(0n, input.below4g, E820_RAM);
  if (input.above4g > 0n) table.add(input.above4gStart, input.above4g, E820_RAM);
  return table;
}
