// -numa rules (qemu-rules.md §4): node ids, mem=/memdev=, the sum rule, CPUs, distances,
// -numa cpu and the HMAT initiator rules. Messages are QEMU's.
import type { Diagnostic, Prop } from '../types';
import type { CheckContext } from './context';
import { diag } from './diagnostic';
import { hex } from '../format';
import { facts, mayHideOptions, nodeSize, type NodeFact } from './model';
import { memConfig, mergeInserts } from './memoryConfig';
import { insertOptionBefore, removeProp, replaceValue, setProp, sizeArg } from './edits';
import { boolValue, headSpan, lastProp, numaOptions, optionsNamed, parseRanges, parseSize, parseUint } from './props';
import { cpuSlotName, maxCpus, topology } from './smp';

const MAX_NODES = 128;

export function checkNuma(ctx: CheckContext): Diagnostic[] {
  return [...checkNodeIds(ctx), ...checkMemOptions(ctx), ...checkMemoryless(ctx), ...checkSum(ctx), ...checkCpus(ctx), ...checkDist(ctx), ...checkNumaCpu(ctx), ...checkHmat(ctx)];
}

function nodeSpan(n: NodeFact) {
  return n.nodeidProp ? n.nodeidProp.valueSpan : headSpan(n.option);
}

function freeNodeId(used: Set<number>): number {
  for (let i = 0; ; i++) if (!used.has(i)) return i;
}

function checkNodeIds(ctx: CheckContext): Diagnostic[] {
  const { nodes } = facts(ctx);
  const out: Diagnostic[] = [];
  if (nodes.some((n) => n.nodeid === undefined)) return out;
  const used = new Set(nodes.map((n) => n.nodeid!));
  const first = new Map<number, NodeFact>();
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
      out.push(diag('QL-numa-001', 'error', nodeSpan(n), `Duplicate NUMA nodeid: ${id}`, {
        related: [{ span: nodeSpan(prev), message: `node ${id} is first declared here` }],
        fixes: [e && { title: `Use the free node id ${free}`, edits: [e] }],
      }));
    } else first.set(id, n);
  }
  // R4.3: every id below the highest must exist; QEMU walks down and names the highest gap.
  const valid = [...first.keys()];
  if (valid.length) {
    const max = Math.max(...valid);
    let missing = -1;
    for (let i = max - 1; i >= 0; i--) if (!first.has(i)) { missing = i; break; }
    if (missing >= 0) {
      const top = first.get(max)!;
      const lowest = freeNodeId(new Set(valid));
      const e = setProp(top.option, top.nodeidProp, 'nodeid', String(lowest));
      out.push(diag('QL-numa-003', 'error', nodeSpan(top), `numa: Node ID missing: ${missing}`, {
        fixes: [e && { title: `Renumber node ${max} to ${lowest}`, edits: [e] }],
      }));
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
  const f = facts(ctx);
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
      out.push(diag('QL-numa-004', 'error', later.keySpan, 'numa configuration should use either mem= or memdev=,mixing both is not allowed', {
        related: [{ span: other.keySpan, message: `${other.key}= on the same node` }],
        fixes: [e && { title: `Remove mem=${memProp.value} (the node's memory comes from memdev=)`, edits: [e] }],
      }));
    } else if (memdevProp && firstMem) {
      out.push(diag('QL-numa-004', 'error', memdevProp.keySpan, 'numa configuration should use either mem= or memdev=,mixing both is not allowed', {
        related: [{ span: firstMem.keySpan, message: 'mem= is used here' }],
      }));
    } else if (memProp && firstMemdev) {
      out.push(diag('QL-numa-004', 'error', memProp.keySpan, 'numa configuration should use either mem= or memdev=,mixing both is not allowed', {
        related: [{ span: firstMemdev.keySpan, message: 'memdev= is used here' }],
      }));
    }
    firstMem ??= memProp;
    firstMemdev ??= memdevProp;
    // A node with both keys already has the mixing error on the same characters.
    if (memProp && !memProp.unknown && !memdevProp) {
      // Offer the memdev form: a RAM backend of the same size named for the node.
      let id = `ram-node${node.nodeid ?? n}`;
      while (ids.has(id)) id += '_';
      const size = parseSize(memProp.value, 1n << 20n);
      const fix = size !== undefined
        ? { title: `Use memdev=${id} with -object memory-backend-ram,id=${id},size=${sizeArg(size)}`,
            edits: [insertOptionBefore(ctx, node.option, `-object memory-backend-ram,id=${id},size=${sizeArg(size)}`), { span: memProp.span, newText: `memdev=${id}` }] }
        : undefined;
      if (memSupported(ctx)) {
        out.push(diag('QL-numa-006', 'warning', memProp.keySpan, 'Parameter -numa node,mem is deprecated, use -numa node,memdev instead', { fixes: [fix], tags: ['deprecated'] }));
      } else {
        out.push(diag('QL-numa-005', 'error', memProp.keySpan, 'Parameter -numa node,mem is not supported by this machine type\nUse -numa node,memdev instead', { fixes: [fix] }));
      }
    }
    if (memdevProp && !memdevProp.unknown && !f.backendById.has(memdevProp.value) && !mayHideOptions(ctx)) {
      const others = f.nodes.filter((o) => o !== node).map((o) => nodeSize(f, o));
      const c = memConfig(ctx);
      let fix;
      if (!others.some((s) => s === undefined) && !c.unknown) {
        const rest = c.ram - others.reduce((a, b) => a! + b!, 0n)!;
        if (rest > 0n) {
          fix = { title: `Create -object memory-backend-ram,id=${memdevProp.value},size=${sizeArg(rest)}`,
            edits: [insertOptionBefore(ctx, node.option, `-object memory-backend-ram,id=${memdevProp.value},size=${sizeArg(rest)}`)] };
        }
      }
      out.push(diag('QL-numa-007', 'error', memdevProp.valueSpan, `memdev=${memdevProp.value} is ambiguous`, { fixes: [fix] }));
    }
    n++;
  }
  return out;
}

/**
 * R4.6: memdev= on some nodes but not on this one. QEMU accepts a memory-less node (despite the
 * QAPI doc), so this is information — unless something lives there (CPUs, a memory device).
 */
function checkMemoryless(ctx: CheckContext): Diagnostic[] {
  const f = facts(ctx);
  if (!f.nodes.some((n) => n.memdevProp)) return [];
  return f.nodes
    .filter((n) => !n.memdevProp && !n.memProp && n.cpusProps.length === 0 && n.nodeid !== undefined && !f.devices.some((d) => d.node === n.nodeid))
    .map((n) => diag('QL-numa-036', 'information', headSpan(n.option),
      `NUMA node ${n.nodeid} has no memdev=, no CPUs and no memory device: QEMU accepts it as an empty node (memory may be hot-plugged there later)`));
}

/** R4.7: Σ node memory must equal the RAM size (8 KiB-rounded). */
function checkSum(ctx: CheckContext): Diagnostic[] {
  const f = facts(ctx);
  const c = memConfig(ctx);
  if (f.nodes.length === 0 || c.unknown) return [];
  if (optionsNamed(ctx.options, 'machine').some((m) => lastProp(m, 'memory-backend'))) return [];
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
    .map(({ n, size }) => ({ span: (n.memdevProp ?? n.memProp)!.valueSpan, message: `node ${n.nodeid ?? '?'}: ${hex(size)}` }));
  const e = c.sizeProp && total > 0n ? replaceValue(c.sizeProp, sizeArg(total)) : undefined;
  return [diag('QL-numa-008', 'error', span, `total memory for NUMA nodes (${hex(total)}) should equal RAM size (${hex(c.ram)})`, {
    related,
    fixes: [e && { title: `Set the RAM size to ${sizeArg(total)}`, edits: [e] }],
  })];
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

function num(p: Prop | undefined): number | undefined | null {
  if (!p) return null;
  if (p.unknown) return undefined;
  const v = parseUint(p.value);
  return v === undefined ? undefined : Number(v);
}

/** R4.11: -numa dist, per option and then the completeness of the whole table. */
function checkDist(ctx: CheckContext): Diagnostic[] {
  const f = facts(ctx);
  const out: Diagnostic[] = [];
  const dists = numaOptions(ctx.options, 'dist');
  if (!dists.length || f.nodes.some((n) => n.nodeid === undefined)) return out;
  const present = new Set(f.nodes.map((n) => n.nodeid!));
  const table = new Map<string, number>();
  const guessed = new Set<string>();
  let bad = false;
  for (const o of dists) {
    const srcP = lastProp(o, 'src');
    const dstP = lastProp(o, 'dst');
    const valP = lastProp(o, 'val');
    const src = num(srcP);
    const dst = num(dstP);
    const val = num(valP);
    if (src === undefined || dst === undefined || val === undefined) { bad = true; continue; }
    if (src === null || dst === null || val === null) { bad = true; continue; } // "Parameter '...' is missing": the property checker's
    const range = src >= MAX_NODES ? srcP! : dst >= MAX_NODES ? dstP! : undefined;
    if (range) {
      out.push(diag('QL-numa-012', 'error', range.valueSpan, `Parameter '${range.key}' expects an integer between 0 and ${MAX_NODES - 1}`));
      bad = true;
      continue;
    }
    if (!present.has(src) || !present.has(dst)) {
      const which = !present.has(src) ? srcP! : dstP!;
      out.push(diag('QL-numa-013', 'error', which.valueSpan, "Source/Destination NUMA node is missing. Please use '-numa node' option to declare it first."));
      bad = true;
      continue;
    }
    // A refused distance is still meant for its pair: keep the pair (value unknown) so the
    // completeness rules below report only what is really missing, all at once.
    if (val < 10) {
      const e = replaceValue(valP!, src === dst ? '10' : '20');
      out.push(diag('QL-numa-014', 'error', valP!.valueSpan, `NUMA distance (${val}) is invalid, it shouldn't be less than 10.`, { fixes: [e && { title: `Set val=${src === dst ? 10 : 20}`, edits: [e] }] }));
      if (src !== dst) guessed.add(`${src},${dst}`);
      continue;
    }
    if (src === dst && val !== 10) {
      const e = replaceValue(valP!, '10');
      out.push(diag('QL-numa-015', 'error', valP!.valueSpan, `Local distance of node ${src} should be 10.`, { fixes: [e && { title: 'Set val=10', edits: [e] }] }));
      continue;
    }
    table.set(`${src},${dst}`, val);
  }
  if (bad) return out;
  // validate_numa_distance(): a missing direction is mirrored unless the table is asymmetric.
  const ids = [...present].sort((a, b) => a - b);
  let symmetric = true;
  for (const a of ids) for (const b of ids) {
    const ab = table.get(`${a},${b}`);
    const ba = table.get(`${b},${a}`);
    if (a !== b && ab !== undefined && ba !== undefined && ab !== ba) symmetric = false;
  }
  const anchor = lastProp(dists[dists.length - 1], 'type')?.valueSpan ?? dists[dists.length - 1].nameSpan;
  const missing: [number, number][] = [];
  let oneSided = false;
  for (const a of ids) for (const b of ids) {
    if (a >= b) continue;
    const ab = table.get(`${a},${b}`);
    const ba = table.get(`${b},${a}`);
    const given = (x: number, y: number) => table.has(`${x},${y}`) || guessed.has(`${x},${y}`);
    if (!given(a, b) && !given(b, a)) missing.push([a, b]);
    else if (ab === undefined || ba === undefined) oneSided = oneSided || !(given(a, b) && given(b, a));
  }
  // validate_numa_distance: the missing-pair check exits before the asymmetry check.
  if (!missing.length && !symmetric && oneSided) {
    out.push(diag('QL-numa-017', 'error', anchor, 'At least one asymmetrical pair of distances is given, please provide distances for both directions of all node pairs.'));
  }
  if (missing.length) {
    // QEMU names the first missing pair; the fix declares every missing pair (distance 20).
    const [a, b] = missing[0];
    const text = missing.map(([x, y]) => `-numa dist,src=${x},dst=${y},val=20`);
    out.push(diag('QL-numa-016', 'error', anchor, `The distance between node ${a} and ${b} is missing, at least one distance value between each nodes should be provided.`, {
      fixes: [{ title: `Add ${text.join(' ')}`, edits: mergeInserts(text.map((x) => insertOptionBefore(ctx, dists[0], x))) }],
    }));
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

/** R4.12: initiator= and hmat-* need -machine hmat=on; initiator must name a CPU node. */
function checkHmat(ctx: CheckContext): Diagnostic[] {
  const f = facts(ctx);
  const out: Diagnostic[] = [];
  const hmatProps = optionsNamed(ctx.options, 'machine').map((m) => lastProp(m, 'hmat')).filter((p): p is Prop => !!p);
  const hmatProp = hmatProps.sort((a, b) => a.span.start - b.span.start).pop();
  if (hmatProp?.unknown) return out;
  const hmat = boolValue(hmatProp) === true;
  const hmatMessage = 'ACPI Heterogeneous Memory Attribute Table (HMAT) is disabled, enable it with -machine hmat=on before using any of hmat specific options';
  const machine = optionsNamed(ctx.options, 'machine').pop();
  const enableFix = () => {
    const e = machine ? setProp(machine, hmatProp, 'hmat', 'on') : undefined;
    return e && { title: 'Set -machine hmat=on', edits: [e] };
  };
  const hmatUsers = [
    ...f.nodes.map((n) => lastProp(n.option, 'initiator')).filter((p): p is Prop => !!p).map((p) => p.keySpan),
    ...numaOptions(ctx.options, 'hmat-lb').map(headSpan),
    ...numaOptions(ctx.options, 'hmat-cache').map(headSpan),
  ];
  if (!hmat) {
    for (const span of hmatUsers) out.push(diag('QL-numa-021', 'error', span, hmatMessage, { fixes: [enableFix()] }));
    return out;
  }
  if (f.nodes.some((n) => n.nodeid === undefined)) return out;
  const byId = new Map(f.nodes.map((n) => [n.nodeid!, n]));
  for (const n of f.nodes) {
    const p = lastProp(n.option, 'initiator');
    const init = num(p);
    if (init === null || init === undefined) continue;
    if (init >= MAX_NODES) {
      out.push(diag('QL-numa-022', 'error', p!.valueSpan, `The initiator id ${init} expects an integer between 0 and ${MAX_NODES - 1}`));
    } else if (!byId.has(init)) {
      out.push(diag('QL-numa-023', 'error', p!.valueSpan, `NUMA node ${init} is missing, use '-numa node' option to declare it first`));
    } else if (byId.get(init)!.cpusProps.length === 0 && numaOptions(ctx.options, 'cpu').length === 0) {
      out.push(diag('QL-numa-024', 'error', p!.valueSpan, `The initiator of NUMA node ${n.nodeid} is invalid`, {
        related: [{ span: nodeSpan(byId.get(init)!), message: `node ${init} has no CPUs` }],
      }));
    } else if (n.cpusProps.length > 0 && init !== n.nodeid) {
      out.push(diag('QL-numa-025', 'error', p!.valueSpan, `The initiator of CPU NUMA node ${n.nodeid} should be itself (got ${init})`));
    }
  }
  return out;
}
