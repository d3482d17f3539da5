// The facts the rules share, read straight from the options with their spans. The checks
// keep their own view (instead of only Machine) because a rule must still fire on an
// option the machine builder had to drop — a backend without id, a node with a bad memdev.
import type { Prop, QemuOption, SpmFormSetting } from '../types';
import type { CheckContext } from './context';
import {
  allProps,
  backendOptions,
  hasUnknown,
  known,
  lastProp,
  numaOptions,
  optionsNamed,
  parseSize,
  parseUint,
  typeOf,
} from './props';

export interface BackendFact {
  option: QemuOption;
  qomType: string;
  id?: string;
  idProp?: Prop;
  sizeProp?: Prop;
  /** Undefined when missing, unresolved or unparsable. */
  size?: bigint;
}

export interface NodeFact {
  option: QemuOption;
  /** Explicit or QEMU's default (the count of nodes declared before it); undefined if unresolved. */
  nodeid?: number;
  nodeidProp?: Prop;
  memdevProp?: Prop;
  memProp?: Prop;
  cpusProps: Prop[];
}

/** Drivers that are memory devices (they take memdev= and are placed in device memory). */
export const MEMORY_DEVICE_DRIVERS = new Set([
  'pc-dimm',
  'nvdimm',
  'virtio-mem-pci',
  'virtio-pmem-pci',
  'spm-memory',
  'sp-mem',
]);
export const SPM_DEVICE_DRIVERS = new Set(['spm-memory', 'sp-mem']);

/** spm-memory is v8's device, sp-mem the merged one; 'auto' accepts both. */
export function spmDeviceExists(driver: string, form: SpmFormSetting): boolean {
  if (driver === 'spm-memory') return form === 'auto' || form === 'v8';
  if (driver === 'sp-mem') return form === 'auto' || form === 'upstream';
  return true;
}

/** spm= is v4's node key, memmap-type= v7's; 'auto' accepts both. */
export function spmNodeKeyExists(key: string, form: SpmFormSetting): boolean {
  if (key === 'spm') return form === 'auto' || form === 'v4';
  if (key === 'memmap-type') return form === 'auto' || form === 'v7';
  return true;
}

export interface DeviceFact {
  option: QemuOption;
  driver: string;
  driverProp: Prop;
  id?: string;
  idProp?: Prop;
  memdevProp?: Prop;
  nodeProp?: Prop;
  /** node= value, 0 by default, undefined when unresolved/unparsable. */
  node?: number;
}

export interface Facts {
  backends: BackendFact[];
  /** First backend of each id (QEMU refuses the second one). */
  backendById: Map<string, BackendFact>;
  nodes: NodeFact[];
  devices: DeviceFact[];
  /** Ids of every -object, memory backend or not. */
  objectIds: Set<string>;
}

const cache = new WeakMap<CheckContext, Facts>();

export function facts(ctx: CheckContext): Facts {
  let f = cache.get(ctx);
  if (!f) {
    f = collect(ctx);
    cache.set(ctx, f);
  }
  return f;
}

function collect(ctx: CheckContext): Facts {
  const backends: BackendFact[] = backendOptions(ctx.options).map((option) => {
    const idProp = lastProp(option, 'id');
    const sizeProp = lastProp(option, 'size');
    const size = sizeProp && !sizeProp.unknown ? parseSize(sizeProp.value) : undefined;
    return {
      option,
      qomType: typeOf(option)!,
      id: idProp && !idProp.unknown ? idProp.value : undefined,
      idProp,
      sizeProp,
      size,
    };
  });
  const backendById = new Map<string, BackendFact>();
  for (const b of backends) if (b.id !== undefined && !backendById.has(b.id)) backendById.set(b.id, b);

  const objectIds = new Set<string>();
  for (const o of optionsNamed(ctx.options, 'object')) {
    const id = known(o, 'id');
    if (id !== undefined) objectIds.add(id);
  }

  const nodes: NodeFact[] = [];
  numaOptions(ctx.options, 'node').forEach((option, index) => {
    const nodeidProp = lastProp(option, 'nodeid');
    let nodeid: number | undefined = index;
    if (nodeidProp) {
      const v = nodeidProp.unknown ? undefined : parseUint(nodeidProp.value);
      nodeid = v === undefined || v > 65535n ? undefined : Number(v);
    }
    nodes.push({
      option,
      nodeid,
      nodeidProp,
      memdevProp: lastProp(option, 'memdev'),
      memProp: lastProp(option, 'mem'),
      cpusProps: allProps(option, 'cpus'),
    });
  });

  const devices: DeviceFact[] = [];
  for (const option of optionsNamed(ctx.options, 'device')) {
    const driver = typeOf(option);
    const driverProp = lastProp(option, 'driver');
    if (!driver || !driverProp || !MEMORY_DEVICE_DRIVERS.has(driver)) continue;
    // An SPM device the target QEMU does not have is refused as an unknown model (properties.ts); nothing more to say.
    if (!spmDeviceExists(driver, ctx.settings.spmForm)) continue;
    const nodeProp = lastProp(option, 'node');
    let node: number | undefined = 0;
    if (nodeProp) {
      const v = nodeProp.unknown ? undefined : parseUint(nodeProp.value);
      node = v === undefined || v > 0xffffffffn ? undefined : Number(v);
    }
    const idProp = lastProp(option, 'id');
    devices.push({
      option,
      driver,
      driverProp,
      idProp,
      id: idProp && !idProp.unknown ? idProp.value : undefined,
      memdevProp: lastProp(option, 'memdev'),
      nodeProp,
      node,
    });
  }
  return { backends, backendById, nodes, devices, objectIds };
}

/** The backend a memdev= names, when the name is known and defined. */
export function backendOf(f: Facts, memdev: Prop | undefined): BackendFact | undefined {
  if (!memdev || memdev.unknown) return undefined;
  return f.backendById.get(memdev.value);
}

/** Memory a node contributes to boot RAM; undefined when it cannot be known statically. */
export function nodeSize(f: Facts, n: NodeFact): bigint | undefined {
  if (n.memdevProp) {
    const b = backendOf(f, n.memdevProp);
    return b?.size;
  }
  if (n.memProp) return n.memProp.unknown ? undefined : parseSize(n.memProp.value, 1n << 20n);
  return 0n;
}

/** Memory a device occupies in device memory (its backend's size), if known. */
export function deviceSize(f: Facts, d: DeviceFact): bigint | undefined {
  return backendOf(f, d.memdevProp)?.size;
}

export { hasUnknown };

/**
 * True when a whole word of the command could not be resolved ("$EXTRA_ARGS"): it may expand
 * to options of its own, so "X is not defined" and "X is unused" would be guesses.
 */
export function mayHideOptions(ctx: CheckContext): boolean {
  return ctx.options.some((o) => o.unknown && o.props.length === 0);
}
