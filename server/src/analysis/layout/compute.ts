// computeLayout(machine): the guest physical address map QEMU builds, step by step in
// pc_memory_init's order. Pure; every number is a bigint; never throws.
import type { Machine } from '../machine/machine';
import type { Layout, LayoutProblem } from './addressMap';
import { splitRam } from './split';
import { decideAmdHole, physBitsTooLow } from './amdHole';
import { baseE820 } from './e820';
import { deviceMemoryRange, reservedMemoryEnd } from './deviceMemory';
import { layoutNodes } from './nodes';
import { placeMemoryDevices } from './placement';
import { buildSrat, nodeRanges } from './srat';
import { addSpmDeviceEntries, isSpmDevice, retypeNumaMemory } from './spm';
import { CODES, msg, problem, spanOf } from './problems';
import { nvdimmWalkOrder } from './nvdimmOrder';

export function computeLayout(machine: Machine): Layout {
  const problems: LayoutProblem[] = [];
  const { below4g, above4g } = splitRam(machine);
  const amd = decideAmdHole(machine, above4g);
  const above4gStart = amd.above4gStart;

  const tooLow = machine.physBitsAssumed ? null : physBitsTooLow(machine, above4gStart, above4g);
  if (tooLow) {
    problems.push(
      problem(
        CODES.physBitsTooLow,
        msg.physBitsTooLow(tooLow.limit, tooLow.maxUsed, machine.physBits),
        physBitsSpan(machine),
        {
          related: machine.cpuOption
            ? [{ span: spanOf(machine.cpuOption, 'phys-bits'), message: 'the CPU sets phys-bits' }]
            : undefined,
        },
      ),
    );
  }

  const table = baseE820({ kvm: machine.kvm, reserveHtRange: amd.reserveHtRange, below4g, above4g, above4gStart });
  const nodes = layoutNodes(machine);
  problems.push(...retypeNumaMemory(machine, table, { nodes, below4g, above4gStart }));

  const deviceMemory = deviceMemoryRange(machine, above4gStart + above4g);
  const placement = placeMemoryDevices(machine, deviceMemory, nodes.length);
  problems.push(...placement.problems);

  const inRealizeOrder = machine.devices
    .map((spec) => placement.devices.find((d) => d.spec === spec))
    .filter((d): d is NonNullable<typeof d> => d !== undefined);
  const spmDevices = inRealizeOrder.filter(isSpmDevice);
  addSpmDeviceEntries(table, spmDevices);

  // acpi=off: acpi_setup() returns before building any table, so the guest gets no SRAT.
  const srat = !machine.acpi
    ? []
    : buildSrat({
        nodes,
        below4g,
        above4gStart,
        nvdimms: nvdimmWalkOrder(
          machine,
          placement.devices.filter((d) => d.spec.driver === 'nvdimm'),
        ),
        deviceMemory,
        spmDevices,
      });

  return {
    below4g,
    above4g,
    above4gStart,
    e820: table.entries,
    srat,
    deviceMemory,
    memoryDevices: placement.devices,
    nodeRanges: nodeRanges(nodes, below4g, above4gStart),
    problems,
    reservedMemoryEnd: reservedMemoryEnd(machine, deviceMemory),
  };
}

function physBitsSpan(machine: Machine) {
  if (machine.memoryOption) return spanOf(machine.memoryOption, 'maxmem', 'size');
  if (machine.cpuOption) return spanOf(machine.cpuOption, 'phys-bits');
  return machine.machineOption ? spanOf(machine.machineOption) : (machine.anchor ?? { start: 0, end: 0 });
}
