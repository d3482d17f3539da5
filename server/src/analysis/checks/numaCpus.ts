// -numa CPU rules (hw/core/numa.c, hw/core/machine.c machine_set_cpu_numa_node): cpus= beyond maxcpus, a CPU in two nodes,
// partial mappings, and -numa cpu. Messages are QEMU's.
import { numaProps } from '../schema/index';
import type { Diagnostic, Prop } from '../types';
import type { CheckContext } from './context';
import { diag } from './diagnostic';
import { headSpan, lastProp } from '../options/lookup';
import { propNumber as num } from '../options/values';
import { parseUint16Ranges } from '../options/uint16Range';
import { insertOptionBefore, removeProp, setProp } from './edits';
import { cpuSlotName, maxCpus, slotIds, topology, type SlotIds } from './smp';

export function checkNumaCpus(ctx: CheckContext): Diagnostic[] {
  return [...checkCpus(ctx), ...checkNumaCpu(ctx)];
}

/** More CPU slots than any x86 machine type allows (q35: 4096). */
const MAX_SLOTS_WALKED = 1 << 16;

function checkCpus(ctx: CheckContext): Diagnostic[] {
  const f = ctx.machine.declared;
  const out: Diagnostic[] = [];
  // The loops below walk every CPU slot: a maxcpus no x86 machine accepts (QEMU refuses it at
  // -smp) would make them hang, -smp maxcpus=4000000000 did. Such a count is treated as unknown.
  const counted = maxCpus(ctx);
  const max = counted !== undefined && counted <= MAX_SLOTS_WALKED ? counted : undefined;
  const owner = new Map<number, { node: number; prop: Prop }>();
  let anyUnknown = false;
  for (const n of f.nodes) {
    for (const p of n.cpusProps) {
      if (p.unknown) {
        anyUnknown = true;
        continue;
      }
      const cpus = parseUint16Ranges([p.value]);
      if (!cpus) {
        anyUnknown = true;
        continue;
      }
      const tooBig = max !== undefined ? cpus.find((c) => c >= max) : undefined;
      if (tooBig !== undefined) {
        out.push(
          diag('QL-numa-009', 'error', p.valueSpan, `CPU index (${tooBig}) should be smaller than maxcpus (${max})`, {
            fixes: [maxcpusFix(ctx, Math.max(...cpus) + 1)],
          }),
        );
        continue;
      }
      for (const cpu of cpus) {
        const prev = owner.get(cpu);
        if (prev) {
          const e = /^\d+$/.test(p.value) ? removeProp(n.option, p) : undefined;
          out.push(
            diag('QL-numa-010', 'error', p.valueSpan, `CPU is already assigned to node-id: ${prev.node}`, {
              fixes: [e && { title: `Remove cpus=${p.value} from this node`, edits: [e] }],
              related: [{ span: prev.prop.valueSpan, message: `CPU ${cpu} is assigned to node ${prev.node} here` }],
            }),
          );
          break;
        }
        owner.set(cpu, { node: n.nodeid ?? 0, prop: p });
      }
    }
  }
  // -numa cpu assigns every slot whose ids match (machine_set_cpu_numa_node).
  const topo = topology(ctx);
  const numaCpu = ctx.machine.declared.numaCpu;
  let anchor: Prop | undefined = f.nodes.find((n) => n.cpusProps.length)?.cpusProps[0];
  if (numaCpu.length) {
    if (!topo || max === undefined || topo.maxcpus !== max) anyUnknown = true;
    else
      for (const o of numaCpu) {
        const sel = selector(o);
        if (!sel) {
          anyUnknown = true;
          continue;
        }
        for (let i = 0; i < max; i++)
          if (matches(slotIds(topo, i), sel)) owner.set(i, owner.get(i) ?? { node: 0, prop: lastProp(o, 'node-id')! });
        anchor ??= lastProp(o, 'node-id');
      }
  }
  // Partial mappings: the rest go to node 0 with a warning (hw/core/machine.c).
  if (!anyUnknown && owner.size > 0 && max !== undefined && anchor) {
    const missing: number[] = [];
    for (let i = 0; i < max; i++) if (!owner.has(i)) missing.push(i);
    if (missing.length) {
      out.push(
        diag(
          'QL-numa-011',
          'warning',
          anchor.keySpan,
          `CPU(s) not present in any NUMA nodes: ${missing.map((c) => (topo ? cpuSlotName(topo, c) : `CPU ${c}`)).join(', ')}\nAll CPU(s) up to maxcpus should be described in NUMA config, ability to start up with partial NUMA mappings is obsoleted and will be removed in future`,
        ),
      );
    }
  }
  return out;
}

/** Raise -smp maxcpus, when -smp gives no explicit topology that would then have to match. */
function maxcpusFix(ctx: CheckContext, want: number) {
  const smp = ctx.machine.declared.smpOptions.at(-1);
  if (
    !smp ||
    ['sockets', 'dies', 'clusters', 'modules', 'cores', 'threads', 'books', 'drawers'].some((k) => lastProp(smp, k))
  )
    return undefined;
  const e = setProp(smp, lastProp(smp, 'maxcpus'), 'maxcpus', String(want));
  return e && { title: `Set -smp maxcpus=${want}`, edits: [e] };
}

type Selector = Partial<Record<keyof SlotIds, number>>;

const ID_KEYS: [string, keyof SlotIds][] = [
  ['socket-id', 'socket'],
  ['die-id', 'die'],
  ['core-id', 'core'],
  ['thread-id', 'thread'],
];

/** The slot ids a -numa cpu names; undefined when one is unresolved. */
function selector(o: Parameters<typeof lastProp>[0]): Selector | undefined {
  const sel: Selector = {};
  for (const [key, field] of ID_KEYS) {
    const v = num(lastProp(o, key));
    if (v === undefined) return undefined;
    if (v !== null) sel[field] = v;
  }
  return sel;
}

function matches(ids: SlotIds, sel: Selector): boolean {
  return (Object.keys(sel) as (keyof SlotIds)[]).every((k) => ids[k] === sel[k]);
}

/** machine_set_cpu_numa_node: -numa cpu needs a declared node-id; x86 has no drawer/book/cluster ids. */
function checkNumaCpu(ctx: CheckContext): Diagnostic[] {
  const f = ctx.machine.declared;
  const out: Diagnostic[] = [];
  const present = new Set(f.nodes.map((n) => n.nodeid));
  for (const o of ctx.machine.declared.numaCpu) {
    const nodeP = lastProp(o, 'node-id');
    const node = num(nodeP);
    if (node === null) {
      out.push(diag('QL-numa-018', 'error', headSpan(o), 'Missing mandatory node-id property'));
    } else if (node !== undefined && !present.has(node) && !f.nodes.some((n) => n.nodeid === undefined)) {
      const declare =
        node === f.nodes.length
          ? {
              title: `Declare -numa node,nodeid=${node}`,
              edits: [insertOptionBefore(ctx, o, `-numa node,nodeid=${node}`)],
            }
          : undefined;
      out.push(
        diag(
          'QL-numa-019',
          'error',
          nodeP!.valueSpan,
          `Invalid node-id=${node}, NUMA node must be defined with -numa node,nodeid=ID before it's used with -numa cpu,node-id=ID`,
          { fixes: [declare] },
        ),
      );
    }
    // machine_set_cpu_numa_node: x86 slots have no cluster id, a die id only with dies > 1 and (10.0) a
    // module id only with modules > 1 (topology() is undefined otherwise). Only members the release's
    // NumaCpuOptions has get here (a key it lacks is "Invalid parameter", checks/properties.ts); 10.0's
    // drawer-id/book-id are s390 ids x86 never checks (verified: 10.0.2 starts with drawer-id=0).
    const topo = topology(ctx);
    const members = numaProps('cpu', 'none', ctx.machine.qemu);
    const unsupported = [
      'cluster-id',
      ...(topo ? ['module-id'] : []),
      ...(topo && topo.dies === 1 ? ['die-id'] : []),
    ].filter((k) => members?.has(k));
    let bad = false;
    for (const key of unsupported) {
      const p = lastProp(o, key);
      if (p) {
        out.push(diag('QL-numa-020', 'error', p.keySpan, `${key} is not supported`));
        bad = true;
      }
    }
    const sel = selector(o);
    if (
      !bad &&
      topo &&
      topo.maxcpus <= MAX_SLOTS_WALKED &&
      sel &&
      node !== null &&
      node !== undefined &&
      present.has(node)
    ) {
      let any = false;
      for (let i = 0; i < topo.maxcpus && !any; i++) any = matches(slotIds(topo, i), sel);
      if (!any) out.push(diag('QL-numa-038', 'error', headSpan(o), 'no match found'));
    }
  }
  return out;
}
