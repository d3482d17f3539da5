// Specific Purpose Memory in the E820 table, per form (the qemu-devel series: v4 "numa: add 'spm'
// option for Specific Purpose Memory", 2025-12-09; v7 "numa: add 'memmap-type' option for memory
// type configuration", 2026-03-06; v8 "hw/mem: add spm-memory device for Specific Purpose Memory",
// 2026-05-27):
// - v4 `spm=on` / v7 `memmap-type=`: pc_update_numa_memory_types retypes a node's boot RAM;
// - v8 `spm-memory`: one SOFT_RESERVED entry per device, added by a machine-init-done notifier
//   walking a list built with QLIST_INSERT_HEAD, so the LAST realized device comes first;
// - upstream `sp-mem` (v9 plan): the entry is added by pc's plug handler, in realization order.
import type { Machine } from '../machine/machine';
import type { LayoutProblem, PlacedDevice } from './addressMap';
import { E820_RESERVED, E820_SOFT_RESERVED } from './addressMap';
import type { E820Table } from './e820';
import type { LayoutNode } from './nodes';
import { CODES, msg, problem, spanOf } from './problems';

export interface RetypeInput {
  nodes: LayoutNode[];
  below4g: bigint;
  above4gStart: bigint;
}

/** pc_update_numa_memory_types. Returns the problems; stops at the first fatal one as QEMU exits. */
export function retypeNumaMemory(machine: Machine, table: E820Table, input: RetypeInput): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  let addr = 0n;
  for (const n of input.nodes) {
    if (n.hasMemdev && (n.memmapType === 'spm' || n.memmapType === 'reserved')) {
      const type = n.memmapType === 'spm' ? E820_SOFT_RESERVED : E820_RESERVED;
      const source = machine.nodes.find((m) => m.nodeid === n.nodeid);
      const span = spanOf(source?.option, 'memmap-type', 'spm');
      let guest: bigint;
      if (addr < input.below4g) {
        if (addr + n.size > input.below4g) {
          problems.push(problem(CODES.memmapSpans4g, msg.memmapSpans4g(n.nodeid), span));
          return problems;
        }
        guest = addr;
      } else {
        guest = input.above4gStart + (addr - input.below4g);
      }
      if (!table.updateEntryType(guest, n.size, type)) {
        problems.push(
          problem(CODES.e820UpdateFailed, msg.e820UpdateFailed(n.nodeid, guest, n.size), span, { severity: 'warning' }),
        );
      }
    }
    if (n.hasMemdev) addr += n.size;
  }
  return problems;
}

/** SOFT_RESERVED entries for the SPM devices, in the order each form adds them. */
export function addSpmDeviceEntries(table: E820Table, spmInRealizeOrder: PlacedDevice[]): void {
  const v8 = spmInRealizeOrder.filter((d) => d.spec.driver === 'spm-memory');
  const upstream = spmInRealizeOrder.filter((d) => d.spec.driver !== 'spm-memory');
  // sp-mem entries come from the plug handler (during -device), before the v8 notifier runs.
  for (const d of upstream) table.add(d.start, d.length, E820_SOFT_RESERVED);
  for (const d of [...v8].reverse()) table.add(d.start, d.length, E820_SOFT_RESERVED);
}

export function isSpmDevice(d: PlacedDevice): boolean {
  return d.spec.driver === 'spm-memory' || d.spec.driver === 'sp-mem';
}
