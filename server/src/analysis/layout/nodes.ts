// The NUMA nodes QEMU ends up with, in nodeid order (numa_complete_configuration).
import type { Machine, MemmapType } from '../machine/machine';
import { versionAtMost } from './units';

export interface LayoutNode {
  nodeid: number;
  /** node_mem */
  size: bigint;
  /** The node has -numa memdev= (v7's E820 walk only advances over these). */
  hasMemdev: boolean;
  memmapType: MemmapType;
}

/**
 * Explicit nodes sorted by nodeid; or, without -numa, the implicit node 0 holding all RAM that
 * QEMU creates when memory hotplug is possible (auto_enable_numa_with_memhp), so that the guest sees an SRAT.
 */
export function layoutNodes(machine: Machine): LayoutNode[] {
  if (machine.nodes.length > 0) {
    return [...machine.nodes]
      .sort((a, b) => a.nodeid - b.nodeid)
      .map((n) => ({ nodeid: n.nodeid, size: n.size, hasMemdev: n.memdev !== undefined, memmapType: n.memmapType }));
  }
  // auto_enable_numa_with_memhp (2.12+) and auto_enable_numa_with_memdev (5.1+).
  const withSlots = machine.slots > 0n && !versionAtMost(machine.version, 2, 11);
  const withMaxmem = machine.maxmem > machine.ramSize && !versionAtMost(machine.version, 5, 0);
  if (withSlots || withMaxmem) return [{ nodeid: 0, size: machine.ramSize, hasMemdev: false, memmapType: 'normal' }];
  return [];
}
