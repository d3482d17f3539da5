// -numa CPU rules (qemu-rules.md R4.9, R4.10): cpus= beyond maxcpus, a CPU in two nodes,
// partial mappings, and -numa cpu. Messages are QEMU's.
import type { Diagnostic, Prop } from '../types';
import type { CheckContext } from './context';
import { diag } from './diagnostic';
import { facts } from './model';
import { headSpan, lastProp, numaOptions, parseRanges, propNumber as num } from './props';
import { cpuSlotName, maxCpus, topology } from './smp';

export function checkNumaCpus(ctx: CheckContext): Diagnostic[] {
  return [...checkCpus(ctx), ...checkNumaCpu(ctx)];
}

function checkCpus(ctx: CheckContext): Diagnostic[] {
  const f = facts(ctx);
  const out: Diagnostic[] = [];
  const max = maxCpus(ctx);
  const owner = new Map<number, { node: number; prop: Prop }>();
  let anyUnknown = false;
  for (const n of f.nodes) {
    for (const p of n.cpusProps) {
      if (p.unknown) { anyUnknown = true; continue; }
      const cpus = parseRanges([p.value]);
      if (!cpus) { anyUnknown = true; continue; }
      const tooBig = max !== undefined ? cpus.find((c) => c >= max) : undefined;
      if (tooBig !== undefined) {
        out.push(diag('QL-numa-009', 'error', p.valueSpan, `CPU index (${tooBig}) should be smaller than maxcpus (${max})`));
        continue;
      }
      for (const cpu of cpus) {
        const prev = owner.get(cpu);
        if (prev) {
          out.push(diag('QL-numa-010', 'error', p.valueSpan, `CPU is already assigned to node-id: ${prev.node}`, {
            related: [{ span: prev.prop.valueSpan, message: `CPU ${cpu} is assigned to node ${prev.node} here` }],
          }));
          break;
        }
        owner.set(cpu, { node: n.nodeid ?? 0, prop: p });
      }
    }
  }
  // Partial mappings: the rest go to node 0 with a warning (hw/core/machine.c).
  const numaCpu = numaOptions(ctx.options, 'cpu');
  if (!anyUnknown && numaCpu.length === 0 && owner.size > 0 && max !== undefined) {
    const missing: number[] = [];
    for (let i = 0; i < max; i++) if (!owner.has(i)) missing.push(i);
    if (missing.length) {
      const topo = topology(ctx);
      const first = f.nodes.find((n) => n.cpusProps.length)!;
      out.push(diag('QL-numa-011', 'warning', first.cpusProps[0].keySpan,
        `CPU(s) not present in any NUMA nodes: ${missing.map((c) => (topo ? cpuSlotName(topo, c) : `CPU ${c}`)).join(', ')}\nAll CPU(s) up to maxcpus should be described in NUMA config, ability to start up with partial NUMA mappings is obsoleted and will be removed in future`));
    }
  }
  return out;
}

/** R4.10: -numa cpu needs a declared node-id; x86 has no drawer/book/cluster ids. */
function checkNumaCpu(ctx: CheckContext): Diagnostic[] {
  const f = facts(ctx);
  const out: Diagnostic[] = [];
  const present = new Set(f.nodes.map((n) => n.nodeid));
  for (const o of numaOptions(ctx.options, 'cpu')) {
    const nodeP = lastProp(o, 'node-id');
    const node = num(nodeP);
    if (node === null) {
      out.push(diag('QL-numa-018', 'error', headSpan(o), 'Missing mandatory node-id property'));
    } else if (node !== undefined && !present.has(node) && !f.nodes.some((n) => n.nodeid === undefined)) {
      out.push(diag('QL-numa-019', 'error', nodeP!.valueSpan,
        `Invalid node-id=${node}, NUMA node must be defined with -numa node,nodeid=ID before it's used with -numa cpu,node-id=ID`));
    }
    for (const key of ['drawer-id', 'book-id', 'cluster-id']) {
      const p = lastProp(o, key);
      if (p) out.push(diag('QL-numa-020', 'error', p.keySpan, `${key} is not supported`));
    }
  }
  return out;
}
