// LayoutProblem construction: QEMU's verbatim messages (current upstream wording)
// and the spans they point at. Codes: QL-place-NNN (memory-device placement), QL-layout-NNN (rest).
import type { QemuOption, Span } from '../types';
import type { LayoutProblem } from './addressMap';
import { hex } from '../format';

export const CODES = {
  physBitsTooLow: 'QL-layout-001',
  memmapSpans4g: 'QL-layout-002',
  e820UpdateFailed: 'QL-layout-003',
  notPrepared: 'QL-place-001',
  notEnoughSpace: 'QL-place-002',
  sizeNotMultiple: 'QL-place-003',
  baseMisaligned: 'QL-place-004',
  addrMisaligned: 'QL-place-005',
  hintOutside: 'QL-place-006',
  deviceTooBig: 'QL-place-007',
  conflicts: 'QL-place-008',
  fragmented: 'QL-place-009',
  invalidSlot: 'QL-place-010',
  noSlots: 'QL-place-011',
  slotBusy: 'QL-place-012',
  noFreeSlots: 'QL-place-013',
} as const;

const NO_SPAN: Span = { start: 0, end: 0 };

/** The value of `key` in an option if written, else the option's argument, else the option. */
export function spanOf(option: QemuOption | undefined, ...keys: string[]): Span {
  if (!option) return NO_SPAN;
  for (const key of keys) {
    const prop = [...option.props].reverse().find((p) => p.key === key);
    if (prop) return prop.valueSpan;
  }
  return option.argSpan ?? option.span;
}

export function problem(
  code: string,
  message: string,
  span: Span,
  extra: Partial<Pick<LayoutProblem, 'related' | 'severity'>> = {},
): LayoutProblem {
  return { code, message, span, ...extra };
}

// Messages, each the C format string of the cited source filled in the same way.
export const msg = {
  physBitsTooLow: (limit: bigint, maxUsed: bigint, bits: number) =>
    `Address space limit ${hex(limit)} < ${hex(maxUsed)} phys-bits too low (${bits})`,
  memmapSpans4g: (node: number) => `NUMA node ${node} with memmap-type spans across 4GB boundary, not supported`,
  e820UpdateFailed: (node: number, addr: bigint, size: bigint) =>
    `Failed to update E820 entry for node ${node} at ${hex(addr)} length ${hex(size)}`,
  notEnoughSpace: (used: bigint, total: bigint) =>
    `not enough space, currently ${hex(used)} in use of total space for memory devices ${hex(total)}`,
  sizeNotMultiple: (align: bigint) => `backend memory size must be multiple of ${hex(align)}`,
  baseMisaligned: (align: bigint) =>
    `the alignment (${hex(align)}) exceeds the expected maximum alignment, memory will get fragmented and not all 'maxmem' might be usable for memory devices.`,
  addrMisaligned: (align: bigint) => `address must be aligned to ${hex(align)} bytes`,
  hintOutside: (hint: bigint, size: bigint, base: bigint, regionSize: bigint) =>
    `can't add memory device [${hex(hint)}:${hex(size)}], usable range for memory devices [${hex(base)}:${hex(regionSize)}]`,
  deviceTooBig: () => "can't add memory device, device too big",
  conflicts: (id: string | undefined) => `address range conflicts with memory device id='${id ?? '(unnamed)'}'`,
  fragmented: () =>
    'could not find position in guest address space for memory device - memory fragmented due to alignments',
  invalidSlot: (slot: number, maxIndex: bigint) => `invalid slot number ${slot}, valid range is [0-${maxIndex}]`,
  noSlots: () => "no slots where allocated, please specify the 'slots' option",
  slotBusy: (slot: number) => `slot ${slot} is busy`,
  noFreeSlots: () => 'no free slots available',
};
