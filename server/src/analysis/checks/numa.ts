// -numa node rules (hw/core/numa.c): node ids, mem=/memdev=, memory-less nodes and the sum
// rule. CPUs, distances and HMAT have their own files. Messages are QEMU's.
import type { Diagnostic, Prop } from '../types';
import type { CheckContext } from './context';
import { diag } from './diagnostic';
import { hex } from '../format';
import type { DeclaredNode } from '../machine/machine';
import { nodeSize } from '../machine/declarations';
import { insertOptionBefore, removeProp, replaceValue, setProp, sizeArg } from './edits';
import { headSpan, lastProp } from '../options/lookup';
import { sizeValue } from '../options/values';

export const MAX_NODES = 128;

export function checkNuma(ctx: CheckContext): Diagnostic[] {
  return [...checkNodeIds(ctx), ...checkMemOptions(ctx), ...checkMemoryless(ctx), ...checkSum(ctx)];
}

export function nodeSpan(n: DeclaredNode) {
  return n.nodeidProp ? n.nodeidProp.valueSpan : headSpan(n.option);
}

function freeNodeId(used: Set<number>): number {
  for (let i = 0; ; i++) if (!used.has(i)) return i;
}

function checkNodeIds(ctx: CheckContext): Diagnostic[] {
  const { nodes } = ctx.machine.declared;
  const out: Diagnostic[] = [];
  if (nodes.some((n) => n.nodeid === undefined)) return out;
  const used = new Set(nodes.map((n) => n.nodeid!));
  const first = new Map<number, DeclaredNode>();
  for (const n of nodes) {
    const id = n.nodeid!;
    if (id >= MAX_NODES) {
      out.push(diag('QL-numa-002', 'error', nodeSpan(n), `Max number of NUMA nodes reached: ${id}`));
      continue;
    }
    const prev = first.get(id);
    if (prev) {
      const free = freeNodeId(used);
      const e = setProp(n.option, n.nodeidProp, 'nodeid', String(free));
      out.push(
        diag('QL-numa-001', 'error', nodeSpan(n), `Duplicate NUMA nodeid: ${id}`, {
          related: [{ span: nodeSpan(prev), message: `node ${id} is first declared here` }],
          fixes: [e && { title: `Use the free node id ${free}`, edits: [e] }],
        }),
      );
    } else first.set(id, n);
  }
  // numa_complete_configuration: every id below the highest must exist; QEMU walks down and names the highest gap.
  const valid = [...first.keys()];
  if (valid.length) {
    const max = Math.max(...valid);
    let missing = -1;
    for (let i = max - 1; i >= 0; i--)
      if (!first.has(i)) {
        missing = i;
        break;
      }
    if (missing >= 0) {
      const top = first.get(max)!;
      const lowest = freeNodeId(new Set(valid));
      const e = setProp(top.option, top.nodeidProp, 'nodeid', String(lowest));
      out.push(
        diag('QL-numa-003', 'error', nodeSpan(top), `numa: Node ID missing: ${missing}`, {
          fixes: [e && { title: `Renumber node ${max} to ${lowest}`, edits: [e] }],
        }),
      );
    }
  }
  return out;
}

/** mem= is accepted only by pc/q35 types up to 5.0 (numa_mem_supported). */
function memSupported(ctx: CheckContext): boolean {
  const v = ctx.machine.version;
  return !!v && (v[0] < 5 || (v[0] === 5 && v[1] === 0));
}

function checkMemOptions(ctx: CheckContext): Diagnostic[] {
  const f = ctx.machine.declared;
  const out: Diagnostic[] = [];
  let firstMem: Prop | undefined;
  let firstMemdev: Prop | undefined;
  let n = 0;
  const ids = new Set(f.backends.map((b) => b.id));
  for (const node of f.nodes) {
    const { memProp, memdevProp } = node;
    if (memProp && memdevProp) {
      const later = memProp.span.start > memdevProp.span.start ? memProp : memdevProp;
      const other = later === memProp ? memdevProp : memProp;
      const e = removeProp(node.option, memProp);
      out.push(
        diag(
          'QL-numa-004',
          'error',
          later.keySpan,
          'numa configuration should use either mem= or memdev=,mixing both is not allowed',
          {
            related: [{ span: other.keySpan, message: `${other.key}= on the same node` }],
            fixes: [e && { title: `Remove mem=${memProp.value} (the node's memory comes from memdev=)`, edits: [e] }],
          },
        ),
      );
    } else if (memdevProp && firstMem) {
      out.push(
        diag(
          'QL-numa-004',
          'error',
          memdevProp.keySpan,
          'numa configuration should use either mem= or memdev=,mixing both is not allowed',
          {
            related: [{ span: firstMem.keySpan, message: 'mem= is used here' }],
          },
        ),
      );
    } else if (memProp && firstMemdev) {
      out.push(
        diag(
          'QL-numa-004',
          'error',
          memProp.keySpan,
          'numa configuration should use either mem= or memdev=,mixing both is not allowed',
          {
            related: [{ span: firstMemdev.keySpan, message: 'memdev= is used here' }],
          },
        ),
      );
    }
    firstMem ??= memProp;
    firstMemdev ??= memdevProp;
    // A node with both keys already has the mixing error on the same characters.
    if (memProp && !memProp.unknown && !memdevProp) {
      // Offer the memdev form: a RAM backend of the same size named for the node.
      let id = `ram-node${node.nodeid ?? n}`;
      while (ids.has(id)) id += '_';
      const size = sizeValue(memProp.value, 'M');
      const fix =
        size !== undefined
          ? {
              title: `Use memdev=${id} with -object memory-backend-ram,id=${id},size=${sizeArg(size)}`,
              edits: [
                insertOptionBefore(ctx, node.option, `-object memory-backend-ram,id=${id},size=${sizeArg(size)}`),
                { span: memProp.span, newText: `memdev=${id}` },
              ],
            }
          : undefined;
      if (memSupported(ctx)) {
        out.push(
          diag(
            'QL-numa-006',
            'warning',
            memProp.keySpan,
            'Parameter -numa node,mem is deprecated, use -numa node,memdev instead',
            { fixes: [fix], tags: ['deprecated'] },
          ),
        );
      } else {
        out.push(
          diag(
            'QL-numa-005',
            'error',
            memProp.keySpan,
            'Parameter -numa node,mem is not supported by this machine type\nUse -numa node,memdev instead',
            { fixes: [fix] },
          ),
        );
      }
    }
    if (
      memdevProp &&
      !memdevProp.unknown &&
      !f.backendById.has(memdevProp.value) &&
      !ctx.machine.declared.mayHideOptions
    ) {
      const others = f.nodes.filter((o) => o !== node).map((o) => nodeSize(f, o));
      const c = ctx.machine.memory;
      let fix;
      if (!others.some((s) => s === undefined) && !c.unknown) {
        const rest = c.ram - others.reduce((a, b) => a! + b!, 0n)!;
        if (rest > 0n) {
          fix = {
            title: `Create -object memory-backend-ram,id=${memdevProp.value},size=${sizeArg(rest)}`,
            edits: [
              insertOptionBefore(
                ctx,
                node.option,
                `-object memory-backend-ram,id=${memdevProp.value},size=${sizeArg(rest)}`,
              ),
            ],
          };
        }
      }
      out.push(
        diag('QL-numa-007', 'error', memdevProp.valueSpan, `memdev=${memdevProp.value} is ambiguous`, { fixes: [fix] }),
      );
    }
    n++;
  }
  return out;
}

/**
 * hw/core/numa.c: memdev= on some nodes but not on this one. QEMU accepts a memory-less node (despite the
 * QAPI doc), so this is information — unless something lives there (CPUs, a memory device).
 */
function checkMemoryless(ctx: CheckContext): Diagnostic[] {
  const f = ctx.machine.declared;
  if (!f.nodes.some((n) => n.memdevProp)) return [];
  return (
    f.nodes
      // (A node with an SPM key and no memdev has its own error: QL-spm-001.)
      .filter(
        (n) =>
          !n.memdevProp &&
          !n.memProp &&
          n.cpusProps.length === 0 &&
          n.nodeid !== undefined &&
          !f.devices.some((d) => d.node === n.nodeid),
      )
      .filter((n) => !lastProp(n.option, 'memmap-type') && !lastProp(n.option, 'spm'))
      .map((n) =>
        diag(
          'QL-numa-036',
          'information',
          headSpan(n.option),
          `NUMA node ${n.nodeid} has no memdev=, no CPUs and no memory device: QEMU accepts it as an empty node (memory may be hot-plugged there later)`,
        ),
      )
  );
}

/** numa_complete_configuration: Σ node memory must equal the RAM size (8 KiB-rounded). */
function checkSum(ctx: CheckContext): Diagnostic[] {
  const f = ctx.machine.declared;
  const c = ctx.machine.memory;
  if (f.nodes.length === 0 || c.unknown) return [];
  if (ctx.machine.declared.machineOptions.some((m) => lastProp(m, 'memory-backend'))) return [];
  const sizes = f.nodes.map((n) => nodeSize(f, n));
  if (sizes.some((s) => s === undefined)) return [];
  if (f.nodes.some((n) => n.memdevProp && !f.backendById.has(n.memdevProp.value))) return [];
  // Old machine types split RAM over nodes that give no size at all.
  if (memSupported(ctx) && f.nodes.every((n) => !n.memProp && !n.memdevProp)) return [];
  const total = sizes.reduce((a, b) => a! + b!, 0n)!;
  if (total === c.ram) return [];
  const span = c.sizeProp ? c.sizeProp.valueSpan : headSpan(f.nodes[0].option);
  const related = f.nodes
    .map((n, i) => ({ n, size: sizes[i]! }))
    .filter(({ n }) => n.memdevProp || n.memProp)
    .map(({ n, size }) => ({
      span: (n.memdevProp ?? n.memProp)!.valueSpan,
      message: `node ${n.nodeid ?? '?'}: ${hex(size)}`,
    }));
  const e = c.sizeProp && total > 0n ? replaceValue(c.sizeProp, sizeArg(total)) : undefined;
  return [
    diag(
      'QL-numa-008',
      'error',
      span,
      `total memory for NUMA nodes (${hex(total)}) should equal RAM size (${hex(c.ram)})`,
      {
        related,
        fixes: [e && { title: `Set the RAM size to ${sizeArg(total)}`, edits: [e] }],
      },
    ),
  ];
}
