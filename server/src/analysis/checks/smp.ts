// -smp as far as the NUMA rules need it: maxcpus (hw/core/machine-smp.c: unset topology
// members are derived so that their product is maxcpus, and maxcpus defaults to cpus).
import type { CheckContext } from './context';
import { lastProp } from '../options/lookup';
import { u64Value } from '../options/values';

const TOPOLOGY = ['drawers', 'books', 'sockets', 'dies', 'clusters', 'modules', 'cores', 'threads'];

/** maxcpus of the invocation; undefined when -smp cannot be read statically. */
export function maxCpus(ctx: CheckContext): number | undefined {
  const smp = ctx.machine.declared.smpOptions;
  const get = (key: string): number | undefined | null => {
    let found: number | undefined | null = null;
    for (const o of smp) {
      const p = lastProp(o, key);
      if (!p) continue;
      const v = p.unknown ? undefined : u64Value(p.value);
      found = v === undefined ? undefined : Number(v);
    }
    return found; // null: not given; undefined: given but unknown
  };
  const cpus = get('cpus');
  const maxcpus = get('maxcpus');
  if (cpus === undefined || maxcpus === undefined) return undefined;
  if (maxcpus) return maxcpus;
  const topo = TOPOLOGY.map(get);
  if (topo.some((t) => t === undefined)) return undefined;
  const given = topo.filter((t): t is number => t !== null && t !== 0);
  // All of sockets/cores/threads given: the product is maxcpus even when cpus is smaller.
  if (given.length > 0 && (cpus === null || cpus === 0)) return given.reduce((a, b) => a * b, 1);
  if (cpus) {
    const product = given.reduce((a, b) => a * b, 1);
    const allCore = ['sockets', 'cores', 'threads'].every((k) => get(k) !== null);
    return allCore ? product : Math.max(cpus, product);
  }
  return 1;
}

export interface Topology {
  sockets: number;
  dies: number;
  cores: number;
  threads: number;
  maxcpus: number;
}

/**
 * The CPU topology the x86 machine derives from -smp (machine_parse_smp_config on current
 * machine types, which prefer cores over sockets); undefined when -smp cannot be read or
 * uses members this model does not cover.
 */
export function topology(ctx: CheckContext): Topology | undefined {
  const smp = ctx.machine.declared.smpOptions;
  const read = (key: string): number | null | undefined => {
    let v: number | null | undefined = null;
    for (const o of smp) {
      const p = lastProp(o, key);
      if (!p) continue;
      const n = p.unknown ? undefined : u64Value(p.value);
      v = n === undefined ? undefined : Number(n);
    }
    return v;
  };
  const vals = [
    'cpus',
    'maxcpus',
    'sockets',
    'dies',
    'cores',
    'threads',
    'drawers',
    'books',
    'clusters',
    'modules',
  ].map(read);
  if (vals.some((v) => v === undefined)) return undefined;
  const [cpus, maxcpusGiven, socketsGiven, diesGiven, coresGiven, threadsGiven, drawers, books, clusters, modules] =
    vals as (number | null)[];
  if ((drawers ?? 1) > 1 || (books ?? 1) > 1 || (clusters ?? 1) > 1 || (modules ?? 1) > 1) return undefined;
  const dies = diesGiven || 1;
  const threads = threadsGiven || 1;
  let sockets = socketsGiven || 0;
  let cores = coresGiven || 0;
  let maxcpus = maxcpusGiven || cpus || 0;
  if (!maxcpus) maxcpus = (sockets || 1) * dies * (cores || 1) * threads;
  if (!sockets && !cores) {
    sockets = 1;
    cores = Math.max(1, Math.floor(maxcpus / (dies * threads)));
  } else if (!sockets) sockets = Math.max(1, Math.floor(maxcpus / (dies * cores * threads)));
  else if (!cores) cores = Math.max(1, Math.floor(maxcpus / (sockets * dies * threads)));
  if (!maxcpusGiven && !cpus) maxcpus = sockets * dies * cores * threads;
  if (sockets * dies * cores * threads !== maxcpus) return undefined; // QEMU refuses such a topology
  return { sockets, dies, cores, threads, maxcpus };
}

export interface SlotIds {
  socket: number;
  die: number;
  core: number;
  thread: number;
}

/** x86_topo_ids_from_idx: the topology ids of CPU index `index`. */
export function slotIds(t: Topology, index: number): SlotIds {
  return {
    thread: index % t.threads,
    core: Math.floor(index / t.threads) % t.cores,
    die: Math.floor(index / (t.threads * t.cores)) % t.dies,
    socket: Math.floor(index / (t.threads * t.cores * t.dies)),
  };
}

/** How QEMU names a CPU slot in its warnings (cpu_slot_to_string). */
export function cpuSlotName(t: Topology, index: number): string {
  const { socket, die, core, thread } = slotIds(t, index);
  const parts = [
    `socket-id: ${socket}`,
    ...(t.dies > 1 ? [`die-id: ${die}`] : []),
    `core-id: ${core}`,
    `thread-id: ${thread}`,
  ];
  return `CPU ${index} [${parts.join(', ')}]`;
}
