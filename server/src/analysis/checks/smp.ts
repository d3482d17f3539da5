// -smp as far as the NUMA rules need it: maxcpus (hw/core/machine-smp.c: unset topology
// members are derived so that their product is maxcpus, and maxcpus defaults to cpus).
import type { CheckContext } from './context';
import { lastProp, optionsNamed, parseUint } from './props';

const TOPOLOGY = ['drawers', 'books', 'sockets', 'dies', 'clusters', 'modules', 'cores', 'threads'];

/** maxcpus of the invocation; undefined when -smp cannot be read statically. */
export function maxCpus(ctx: CheckContext): number | undefined {
  const smp = optionsNamed(ctx.options, 'smp');
  const get = (key: string): number | undefined | null => {
    let found: number | undefined | null = null;
    for (const o of smp) {
      const p = lastProp(o, key);
      if (!p) continue;
      const v = p.unknown ? undefined : parseUint(p.value);
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
