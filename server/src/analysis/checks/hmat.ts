// -numa hmat-lb / hmat-cache (hw/core/numa.c parse_numa_hmat_lb,
// parse_numa_hmat_cache). -numa options are parsed in command-line order, so "the nodes"
// are the nodes declared before the option. Also initiator= and hmat=on (checkHmatInitiators).
import type { Diagnostic, Prop, QemuOption } from '../types';
import type { CheckContext } from './context';
import { diag } from './diagnostic';
import type { DeclaredNode } from '../machine/machine';
import { headSpan, lastProp } from '../options/lookup';
import { lastMachineProp } from '../machine/declarations';
import { boolValue, sizeValue, u64Value } from '../options/values';
import { setProp } from './edits';
import { MAX_NODES, nodeSpan } from './numa';

const MiB = 1n << 20n;

function num(p: Prop | undefined): number | undefined {
  if (!p || p.unknown) return undefined;
  const v = u64Value(p.value);
  return v === undefined ? undefined : Number(v);
}

export function checkHmatTables(ctx: CheckContext): Diagnostic[] {
  const f = ctx.machine.declared;
  if (boolValue(lastMachineProp(f, 'hmat')) !== true) return [];
  if (f.nodes.some((n) => n.nodeid === undefined)) return [];
  // -numa options are parsed in command-line order: "the nodes" are those declared before the option.
  const before = (o: QemuOption): DeclaredNode[] => f.nodes.filter((n) => n.option.span.start < o.span.start);
  const out: Diagnostic[] = [];
  const lb: LbSeen = { info: new Map(), entries: new Set() };
  for (const o of f.hmatLb) out.push(...checkHmatLb(o, before(o), lb));
  const caches: CachesSeen = { levels: new Set(), sizes: new Map() };
  for (const o of f.hmatCache) {
    const d = checkHmatCache(o, before(o).length, lb.info, caches);
    if (d) out.push(d);
  }
  return out;
}

/** What the hmat-lb options so far have provided. */
interface LbSeen {
  /** numa_info[target].lb_info_provided: bit 0 latency, bit 1 bandwidth, any hierarchy. */
  info: Map<number, number>;
  /** hierarchy/data-type/initiator/target of each entry, to refuse a second one. */
  entries: Set<string>;
}

/** parse_numa_hmat_lb for one -numa hmat-lb, in QEMU's order of checks. */
function checkHmatLb(o: QemuOption, nodes: DeclaredNode[], seen: LbSeen): Diagnostic[] {
  const count = nodes.length;
  const initP = lastProp(o, 'initiator');
  const targetP = lastProp(o, 'target');
  const init = num(initP);
  const target = num(targetP);
  const type = lastProp(o, 'data-type')?.value;
  if (init === undefined || target === undefined || !type) return []; // missing members: the property checker's
  if (init >= count)
    return [
      diag('QL-numa-026', 'error', initP!.valueSpan, `Invalid initiator=${init}, it should be less than ${count}`),
    ];
  if (nodes.find((n) => n.nodeid === init)!.cpusProps.length === 0)
    return [
      diag(
        'QL-numa-027',
        'error',
        initP!.valueSpan,
        `Invalid initiator=${init}, it isn't an initiator proximity domain`,
      ),
    ];
  // The target is checked against MAX_NODES, then against the declared nodes (QEMU 7.2 verified).
  if (target >= 128)
    return [diag('QL-numa-028', 'error', targetP!.valueSpan, `Invalid target=${target}, it should be less than 128`)];
  if (!nodes.some((n) => n.nodeid === target))
    return [diag('QL-numa-028', 'error', targetP!.valueSpan, `The target=${target} should point to an existing node`)];
  const out = checkLbValue(o, type, init, target);
  const bit = type.endsWith('latency') ? 1 : type.endsWith('bandwidth') ? 2 : 0;
  const hierarchy = lastProp(o, 'hierarchy')?.value ?? 'memory';
  const entry = `${hierarchy}/${type}/${init}/${target}`;
  if (seen.entries.has(entry)) {
    out.push(
      diag(
        'QL-numa-037',
        'error',
        headSpan(o),
        `Duplicate configuration of the ${bit === 1 ? 'latency' : 'bandwidth'} for initiator=${init} and target=${target}`,
      ),
    );
    return out;
  }
  seen.entries.add(entry);
  seen.info.set(target, (seen.info.get(target) ?? 0) | bit);
  return out;
}

/** latency= for a latency type, bandwidth= (1 MiB aligned) for a bandwidth type, never both. */
function checkLbValue(o: QemuOption, type: string, init: number, target: number): Diagnostic[] {
  const latency = lastProp(o, 'latency');
  const bandwidth = lastProp(o, 'bandwidth');
  if (type.endsWith('latency')) {
    if (!latency) return [diag('QL-numa-029', 'error', headSpan(o), "Missing 'latency' option")];
    if (bandwidth)
      return [
        diag('QL-numa-029', 'error', bandwidth.keySpan, "Invalid option 'bandwidth' since the data type is latency"),
      ];
    return [];
  }
  if (!type.endsWith('bandwidth')) return [];
  if (!bandwidth) return [diag('QL-numa-029', 'error', headSpan(o), "Missing 'bandwidth' option")];
  if (latency)
    return [diag('QL-numa-029', 'error', latency.keySpan, "Invalid option 'latency' since the data type is bandwidth")];
  const bw = bandwidth.unknown ? undefined : sizeValue(bandwidth.value);
  if (bw === undefined || bw % MiB === 0n) return [];
  return [
    diag(
      'QL-numa-030',
      'error',
      bandwidth.valueSpan,
      `Bandwidth ${bw} between initiator=${init} and target=${target} should be 1MB aligned`,
    ),
  ];
}

/** The cache levels accepted so far, per node, and their sizes. */
interface CachesSeen {
  /** node/level */
  levels: Set<string>;
  sizes: Map<string, bigint>;
}

/** parse_numa_hmat_cache for one -numa hmat-cache: the first check that fails, if any. */
function checkHmatCache(
  o: QemuOption,
  count: number,
  lbInfo: Map<number, number>,
  seen: CachesSeen,
): Diagnostic | undefined {
  const nodeP = lastProp(o, 'node-id');
  const levelP = lastProp(o, 'level');
  const node = num(nodeP);
  const level = num(levelP);
  if (node === undefined || level === undefined) return undefined;
  if (node >= count)
    return diag('QL-numa-031', 'error', nodeP!.valueSpan, `Invalid node-id=${node}, it should be less than ${count}`);
  if (lbInfo.get(node) !== 3)
    return diag(
      'QL-numa-032',
      'error',
      nodeP!.valueSpan,
      `The latency and bandwidth information of node-id=${node} should be provided before memory side cache attributes`,
    );
  if (level < 1 || level > 3)
    return diag(
      'QL-numa-033',
      'error',
      levelP!.valueSpan,
      `Invalid level=${level}, it should be larger than 0 and less than or equal to 3`,
    );
  const key = `${node}/${level}`;
  if (seen.levels.has(key))
    return diag(
      'QL-numa-034',
      'error',
      levelP!.valueSpan,
      `Duplicate configuration of the side cache for node-id=${node} and level=${level}`,
    );
  if (level > 1 && !seen.levels.has(`${node}/${level - 1}`))
    return diag('QL-numa-035', 'error', levelP!.valueSpan, `Cache level=${level - 1} shall be defined first`);
  const sizeP = lastProp(o, 'size');
  const size = sizeP && !sizeP.unknown ? sizeValue(sizeP.value) : undefined;
  const below = seen.sizes.get(`${node}/${level - 1}`);
  if (level > 1 && size !== undefined && below !== undefined && size <= below)
    return diag(
      'QL-numa-039',
      'error',
      sizeP!.valueSpan,
      `Invalid size=${size}, the size of level=${level} should be larger than the size(${below}) of level=${level - 1}`,
    );
  if (size !== undefined) seen.sizes.set(key, size);
  seen.levels.add(key);
  return undefined;
}

/** hw/core/numa.c: initiator= and hmat-* need -machine hmat=on; initiator must name a CPU node. */
export function checkHmatInitiators(ctx: CheckContext): Diagnostic[] {
  const f = ctx.machine.declared;
  const out: Diagnostic[] = [];
  const hmatProp = lastMachineProp(f, 'hmat');
  if (hmatProp?.unknown) return out;
  const hmat = boolValue(hmatProp) === true;
  const hmatMessage =
    'ACPI Heterogeneous Memory Attribute Table (HMAT) is disabled, enable it with -machine hmat=on before using any of hmat specific options';
  const machine = f.machineOptions.at(-1);
  const enableFix = () => {
    const e = machine ? setProp(machine, hmatProp, 'hmat', 'on') : undefined;
    return e && { title: 'Set -machine hmat=on', edits: [e] };
  };
  const hmatUsers = [
    ...f.nodes
      .map((n) => lastProp(n.option, 'initiator'))
      .filter((p): p is Prop => !!p)
      .map((p) => p.keySpan),
    ...f.hmatLb.map(headSpan),
    ...f.hmatCache.map(headSpan),
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
      out.push(
        diag(
          'QL-numa-022',
          'error',
          p!.valueSpan,
          `The initiator id ${init} expects an integer between 0 and ${MAX_NODES - 1}`,
        ),
      );
    } else if (!byId.has(init)) {
      out.push(
        diag(
          'QL-numa-023',
          'error',
          p!.valueSpan,
          `NUMA node ${init} is missing, use '-numa node' option to declare it first`,
        ),
      );
    } else if (byId.get(init)!.cpusProps.length === 0 && f.numaCpu.length === 0) {
      out.push(
        diag('QL-numa-024', 'error', p!.valueSpan, `The initiator of NUMA node ${n.nodeid} is invalid`, {
          related: [{ span: nodeSpan(byId.get(init)!), message: `node ${init} has no CPUs` }],
        }),
      );
    } else if (n.cpusProps.length > 0 && init !== n.nodeid) {
      out.push(
        diag(
          'QL-numa-025',
          'error',
          p!.valueSpan,
          `The initiator of CPU NUMA node ${n.nodeid} should be itself (got ${init})`,
        ),
      );
    }
  }
  return out;
}
