// What the E820 types and SRAT memory-affinity flags are called, and how the map tables print
// them and why a memory device was not placed: one table for every surface (`qemu-launch map`, the webview's tables and picture, the
// hover). A small module of its own because the webview bundles it: it imports nothing but the
// constants.
import {
  E820_RAM,
  E820_RESERVED,
  E820_SOFT_RESERVED,
  SRAT_ENABLED,
  SRAT_HOTPLUGGABLE,
  SRAT_NON_VOLATILE,
} from './addressMap';

/** Linux's names (arch/x86/include/asm/e820/types.h), as the kernel prints its E820 map. */
const E820_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [E820_RAM, 'RAM'],
  [E820_RESERVED, 'RESERVED'],
  [3, 'ACPI'],
  [4, 'NVS'],
  [5, 'UNUSABLE'],
  [7, 'PMEM'],
  [12, 'PRAM'],
  [E820_SOFT_RESERVED, 'SOFT_RESERVED'],
]);

/** The name of an E820 type, undefined for a type without one. */
export function e820TypeName(type: number): string | undefined {
  return E820_TYPE_NAMES.get(type);
}

/** A type as the map tables print it: its number (hex past 16 bits, as QEMU's 0xefffffff) and name. */
export function e820TypeCell(type: number): string {
  const number = type > 0xffff ? '0x' + type.toString(16) : String(type);
  const name = e820TypeName(type);
  return name ? `${number} ${name}` : number;
}

/** ACPI's SRAT Memory Affinity flag names, joined with '|'; unknown bits in hex; '0' for none. */
export function sratFlagsText(flags: number): string {
  const names: string[] = [];
  if (flags & SRAT_ENABLED) names.push('ENABLED');
  if (flags & SRAT_HOTPLUGGABLE) names.push('HOTPLUGGABLE');
  if (flags & SRAT_NON_VOLATILE) names.push('NON_VOLATILE');
  const rest = flags & ~(SRAT_ENABLED | SRAT_HOTPLUGGABLE | SRAT_NON_VOLATILE);
  if (rest) names.push('0x' + rest.toString(16));
  return names.length ? names.join('|') : '0';
}

/** The flags column of the SRAT table: QEMU's zero-length, zero-flag padding entries say so. */
export function sratFlagsCell(flags: number, length: bigint): string {
  return flags === 0 && length === 0n ? '0 (padding)' : sratFlagsText(flags);
}

/** Why a memory device was not placed, as the map tables say it: QEMU's code and first line. */
export function unplacedReason(reason: { code: string; message: string } | null): string {
  return reason
    ? `${reason.code} ${reason.message.split('\n')[0]}`
    : 'the line is refused before this device is realized';
}
