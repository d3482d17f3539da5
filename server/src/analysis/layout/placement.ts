// The memory-device allocator: devices realized in -device order, each placed by
// memory_device_pre_plug / memory_device_get_free_addr (hw/mem/memory-device.c, hw/mem/pc-dimm.c). A device QEMU would refuse
// is reported (when the refusal is about placement) and skipped, so later devices still get placed.
import type { Backend, Machine, MemoryDeviceSpec } from '../machine/machine';
import type { LayoutProblem, PlacedDevice } from './addressMap';
import type { Range } from './deviceMemory';
import { CODES, msg, problem, spanOf } from './problems';
import { addrCheckedBeforeSize, is72, versionMessages } from '../versions';
import { KiB, MiB, U64_MAX, alignDown, alignUp, isAligned, versionAtMost } from './units';

const DIMM_DRIVERS = new Set(['pc-dimm', 'nvdimm']);
const QMP_KIND: Record<string, string> = {
  'pc-dimm': 'dimm',
  nvdimm: 'nvdimm',
  'spm-memory': 'spm-memory',
  'sp-mem': 'sp-mem',
  'virtio-mem-pci': 'virtio-mem',
  'virtio-pmem-pci': 'virtio-pmem',
};

/** The QMP kind of a memory-device driver (query-memory-devices' type), or undefined for other devices. */
export function memoryDeviceKind(driver: string): string | undefined {
  return Object.hasOwn(QMP_KIND, driver) ? QMP_KIND[driver] : undefined;
}

export interface PlacementResult {
  devices: PlacedDevice[];
  problems: LayoutProblem[];
}

interface Occupant {
  start: bigint;
  length: bigint;
  spec: MemoryDeviceSpec;
}

export function placeMemoryDevices(machine: Machine, region: Range | null, nodeCount: number): PlacementResult {
  const problems: LayoutProblem[] = [];
  const placed: PlacedDevice[] = [];
  const occupants: Occupant[] = [];
  const usedSlots = new Set<number>();
  const busyBackends = backendsUsedByBootRam(machine);
  let used = 0n;

  for (const spec of machine.devices) {
    const kind = memoryDeviceKind(spec.driver);
    if (!kind) continue;
    const backend = spec.memdev !== undefined ? machine.backends.find((b) => b.id === spec.memdev) : undefined;
    // Missing/unknown memdev, unknown size, nvdimm without nvdimm=on: QEMU refuses the device for
    // reasons the checks report; it takes no room.
    if (!backend || backend.size === undefined) continue;
    if (spec.driver === 'nvdimm' && !machine.nvdimm) continue;
    const isDimm = DIMM_DRIVERS.has(spec.driver);

    // v8's spm_memory_realize checks the memdev and node before placing; DIMMs check them after.
    if (spec.driver === 'spm-memory' && (busyBackends.has(backend.id) || !nodeAccepted(spec, nodeCount))) continue;

    let slot: number | undefined;
    if (isDimm) {
      const s = assignSlot(spec, machine.slots, usedSlots);
      if ('error' in s) {
        problems.push(s.error);
        continue;
      }
      slot = s.slot;
    }

    if (!region) {
      problems.push(
        problem(
          CODES.notPrepared,
          versionMessages.notPrepared(machine.qemu),
          spanOf(spec.option),
          related(machine, 'maxmem'),
        ),
      );
      continue;
    }

    const size = regionSize(spec, backend);
    if (size === undefined) continue;
    const total = machine.maxmem - machine.ramSize;
    if (used + size > total) {
      problems.push(
        problem(
          CODES.notEnoughSpace,
          msg.notEnoughSpace(used, total),
          spanOf(spec.option, 'memdev'),
          related(machine, 'maxmem'),
        ),
      );
      continue;
    }
    const align = deviceAlignment(machine, spec, backend);
    if (
      addrCheckedBeforeSize(machine.qemu) &&
      spec.addr !== undefined &&
      spec.addr !== 0n &&
      !isAligned(spec.addr, align)
    ) {
      problems.push(problem(CODES.addrMisaligned, msg.addrMisaligned(align), spanOf(spec.option, 'addr', 'memaddr')));
      continue;
    }
    if (spec.driver === 'virtio-mem-pci' && !isAligned(size, align)) {
      // 7.2: the free-address search refuses a size that is not a multiple of the block size; 8.x+
      // virtio-mem's realize refuses it first, in its own words (checks/devices.ts).
      if (is72(machine.qemu))
        problems.push(problem(CODES.sizeNotMultiple, msg.sizeNotMultiple(align), spanOf(spec.option, 'memdev')));
      continue;
    }
    if (!isAligned(size, backend.alignment)) {
      problems.push(
        problem(CODES.sizeNotMultiple, msg.sizeNotMultiple(backend.alignment), spanOf(spec.option, 'memdev')),
      );
      continue;
    }
    const found = freeAddress(region, spec, align, size, occupants, problems);
    if (found === undefined) continue;

    // Realize-time refusals (after placement in QEMU): node out of range, busy memdev.
    if (!nodeAccepted(spec, nodeCount)) continue;
    if (busyBackends.has(backend.id)) continue;
    busyBackends.add(backend.id);

    if (slot !== undefined) usedSlots.add(slot);
    used += size;
    occupants.push({ start: found, length: size, spec });
    placed.push({ id: spec.id ?? '', type: kind, start: found, length: size, node: spec.node, slot, spec });
  }
  // query-memory-devices lists devices in address order.
  placed.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return { devices: placed, problems };
}

function backendsUsedByBootRam(machine: Machine): Set<string> {
  const ids = new Set<string>();
  for (const n of machine.nodes) if (n.memdev !== undefined) ids.add(n.memdev);
  if (machine.machineMemdev !== undefined) ids.add(machine.machineMemdev);
  return ids;
}

/** pc_dimm_pre_plug: slot range, then pc_dimm_get_free_slot. */
function assignSlot(
  spec: MemoryDeviceSpec,
  slots: bigint,
  used: Set<number>,
): { slot: number } | { error: LayoutProblem } {
  const span = spanOf(spec.option, 'slot');
  const requested = spec.slot;
  if (requested !== undefined && requested !== -1 && (requested < 0 || BigInt(requested) >= slots)) {
    // ram_slots - 1 is computed in uint64_t: with no slots it prints 2^64-1.
    const maxIndex = (slots - 1n) & U64_MAX;
    return { error: problem(CODES.invalidSlot, msg.invalidSlot(requested, maxIndex), span) };
  }
  if (slots <= 0n) return { error: problem(CODES.noSlots, msg.noSlots(), spanOf(spec.option)) };
  if (requested !== undefined && requested !== -1) {
    if (used.has(requested)) return { error: problem(CODES.slotBusy, msg.slotBusy(requested), span) };
    return { slot: requested };
  }
  for (let s = 0; BigInt(s) < slots; s++) if (!used.has(s)) return { slot: s };
  return { error: problem(CODES.noFreeSlots, msg.noFreeSlots(), spanOf(spec.option)) };
}

/** Size the device occupies in device memory (memory_device_get_region_size). */
function regionSize(spec: MemoryDeviceSpec, backend: Backend): bigint | undefined {
  const size = backend.size!;
  if (spec.driver !== 'nvdimm') return size;
  // nvdimm_prepare_memory_region: the label sits at the end, the rest is aligned down.
  const label = spec.labelSize ?? 0n;
  if (size <= label) return undefined;
  const pmem = alignDown(size - label, backend.alignment);
  return pmem > 0n ? pmem : undefined;
}

/** align = MAX(device min alignment, memory_region_get_alignment(mr)). */
function deviceAlignment(machine: Machine, spec: MemoryDeviceSpec, backend: Backend): bigint {
  // enforce_aligned_dimm off (2.1 and older types): DIMMs use the page size (legacy_align).
  if (DIMM_DRIVERS.has(spec.driver) && versionAtMost(machine.version, 2, 1)) return 4n * KiB;
  if (spec.driver === 'virtio-mem-pci') {
    // Default block size: MAX(backend page size, THP size 2 MiB, 1 MiB).
    const block = spec.blockSize ?? (backend.alignment > 2n * MiB ? backend.alignment : 2n * MiB);
    return block > backend.alignment ? block : backend.alignment;
  }
  return backend.alignment;
}

function freeAddress(
  region: Range,
  spec: MemoryDeviceSpec,
  align: bigint,
  size: bigint,
  occupants: Occupant[],
  problems: LayoutProblem[],
): bigint | undefined {
  const base = region.start;
  const regionEnd = region.start + region.length; // exclusive
  const addrSpan = spanOf(spec.option, 'addr', 'memaddr');
  if (!isAligned(base, align)) {
    problems.push(
      problem(CODES.baseMisaligned, msg.baseMisaligned(align), spanOf(spec.option, 'memdev'), { severity: 'warning' }),
    );
  }
  const hint = spec.addr !== undefined && spec.addr !== 0n ? spec.addr : undefined;
  let start: bigint;
  if (hint !== undefined) {
    if (!isAligned(hint, align)) {
      problems.push(problem(CODES.addrMisaligned, msg.addrMisaligned(align), addrSpan));
      return undefined;
    }
    if (hint + size - 1n > U64_MAX || hint < base || hint + size > regionEnd) {
      problems.push(problem(CODES.hintOutside, msg.hintOutside(hint, size, base, region.length), addrSpan));
      return undefined;
    }
    start = hint;
  } else {
    start = alignUp(base, align);
    if (start + size - 1n > U64_MAX) {
      problems.push(problem(CODES.deviceTooBig, msg.deviceTooBig(), spanOf(spec.option, 'memdev')));
      return undefined;
    }
  }

  const sorted = [...occupants].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let fits = true;
  for (const o of sorted) {
    const oLast = o.start + o.length - 1n;
    const last = start + size - 1n;
    if (o.start <= last && start <= oLast) {
      if (hint !== undefined) {
        problems.push(
          problem(CODES.conflicts, msg.conflicts(o.spec.id), addrSpan, {
            related: [{ span: spanOf(o.spec.option), message: `memory device ${o.spec.id ?? '(unnamed)'} is here` }],
          }),
        );
        return undefined;
      }
      const next = alignUp(oLast + 1n, align);
      if (next > U64_MAX || next + size - 1n > U64_MAX) {
        fits = false;
        break;
      }
      start = next;
    } else if (o.start > last) {
      break;
    }
  }
  if (!fits || start < base || start + size > regionEnd) {
    problems.push(problem(CODES.fragmented, msg.fragmented(), spanOf(spec.option)));
    return undefined;
  }
  return start;
}

/** pc_dimm_realize / spm-memory: the node must exist (with NUMA), or be 0 (without). The merged sp-mem
 *  (hw/mem/sp-mem.c) and virtio-pmem do not look at the node. */
function nodeAccepted(spec: MemoryDeviceSpec, nodeCount: number): boolean {
  if (spec.driver === 'virtio-pmem-pci' || spec.driver === 'sp-mem') return true;
  return nodeCount === 0 ? spec.node === 0 : spec.node < nodeCount;
}

function related(machine: Machine, key: string) {
  if (!machine.memoryOption) return {};
  return { related: [{ span: spanOf(machine.memoryOption, key), message: '-m sets the room for memory devices' }] };
}
