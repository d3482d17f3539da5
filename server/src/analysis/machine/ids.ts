// The ids a QEMU command line defines and uses: backend ids (-object id=, used by memdev= and
// -machine memory-backend=), device ids (-device id=) and NUMA node ids (-numa node,nodeid=,
// used by node=, src=, dst=, node-id=, initiator=, target=). Ids are per invocation: each
// command starts its own QEMU process. Read here, with the rest of the machine, so that the
// navigation features (definition, references, rename, completion) do not read options themselves.
import type { Prop, QemuOption } from '../types';

export type IdKind = 'object' | 'device' | 'node';

export interface IdOccurrence {
  kind: IdKind;
  /** Normalised value (node ids as plain decimal). */
  name: string;
  definition: boolean;
  option: QemuOption;
  prop: Prop;
}

const NODE_REFS_IN_NUMA = new Set(['src', 'dst', 'node-id', 'initiator', 'target']);

function classify(option: QemuOption, prop: Prop): { kind: IdKind; definition: boolean } | undefined {
  if (prop.implied) return undefined;
  const key = prop.key;
  switch (option.name) {
    case 'object':
      return key === 'id' ? { kind: 'object', definition: true } : undefined;
    case 'device':
      if (key === 'id') return { kind: 'device', definition: true };
      if (key === 'memdev') return { kind: 'object', definition: false };
      if (key === 'node') return { kind: 'node', definition: false };
      return undefined;
    case 'numa':
      if (key === 'nodeid') return { kind: 'node', definition: true };
      if (key === 'memdev') return { kind: 'object', definition: false };
      if (NODE_REFS_IN_NUMA.has(key)) return { kind: 'node', definition: false };
      return undefined;
    case 'machine':
      return key === 'memory-backend' ? { kind: 'object', definition: false } : undefined;
    default:
      return undefined;
  }
}

export function normaliseId(kind: IdKind, value: string): string {
  if (kind === 'node' && /^\s*\d+\s*$/.test(value)) return BigInt(value.trim()).toString();
  return value;
}

const cache = new WeakMap<readonly QemuOption[], IdOccurrence[]>();

/** Every id occurrence of one invocation's options, in command-line order (computed once per options list). */
export function idOccurrencesOf(options: readonly QemuOption[]): IdOccurrence[] {
  let list = cache.get(options);
  if (list) return list;
  list = [];
  for (const option of options) {
    for (const prop of option.props) {
      const c = classify(option, prop);
      if (!c || prop.value === '' || prop.flag) continue;
      list.push({ ...c, name: normaliseId(c.kind, prop.value), option, prop });
    }
  }
  cache.set(options, list);
  return list;
}
