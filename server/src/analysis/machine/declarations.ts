// Every backend, NUMA node and memory device the command line declares, valid or not, with the
// props that matter and their spans — and the -m facts. The checks read these; the layout reads
// the valid subset buildMachine derives from them. Which SPM keys and devices exist is decided here,
// once, from the spmForm setting: a model the target QEMU does not have declares nothing.
import type { Prop, QemuOption, QemuVersion, SpmFormSetting } from '../types';
import { hasSpMem } from '../versions';
import type { DeclaredBackend, DeclaredDevice, DeclaredNode, Declarations, MemoryArgs, NodeSpm } from './machine';
import { allProps, knownValue, lastProp, typeOf } from '../options/lookup';
import { filePageSize, HOST_PAGE } from './backends';
import { boolValue, ramSizeValue, roundRamSize, sizeValue, u64Value } from '../options/values';

/** Drivers that are memory devices (they take memdev= and are placed in device memory). */
export const MEMORY_DEVICE_DRIVERS: ReadonlySet<string> = new Set([
  'pc-dimm',
  'nvdimm',
  'virtio-mem-pci',
  'virtio-pmem-pci',
  'spm-memory',
  'sp-mem',
]);
export const SPM_DEVICE_DRIVERS: ReadonlySet<string> = new Set(['spm-memory', 'sp-mem']);

/** spm-memory is v8's device (a patched build of any release), sp-mem the one merged for QEMU 11.1;
 *  'auto' accepts both where they exist. */
export function spmDeviceExists(driver: string, form: SpmFormSetting, version: QemuVersion): boolean {
  if (driver === 'spm-memory') return form === 'auto' || form === 'v8';
  if (driver === 'sp-mem') return (form === 'auto' || form === 'upstream') && hasSpMem(version);
  return true;
}

/** spm= is v4's node key, memmap-type= v7's; 'auto' accepts both. */
export function spmNodeKeyExists(key: string, form: SpmFormSetting): boolean {
  if (key === 'spm') return form === 'auto' || form === 'v4';
  if (key === 'memmap-type') return form === 'auto' || form === 'v7';
  return true;
}

/** The options grouped by name, and the -numa options by type, in command-line order: one pass
 *  instead of one per field below (a generated script has hundreds of commands). */
function groupOptions(options: QemuOption[]): {
  byName: Map<string, QemuOption[]>;
  numaByType: Map<string, QemuOption[]>;
} {
  const byName = new Map<string, QemuOption[]>();
  const numaByType = new Map<string, QemuOption[]>();
  const add = (map: Map<string, QemuOption[]>, key: string, o: QemuOption) => {
    const list = map.get(key);
    if (list) list.push(o);
    else map.set(key, [o]);
  };
  for (const o of options) {
    add(byName, o.name, o);
    if (o.name !== 'numa') continue;
    // -numa's type is implied; QEMU's default would be an error, so a missing type is not 'node'.
    const type = typeOf(o);
    if (type !== undefined) add(numaByType, type, o);
  }
  return { byName, numaByType };
}

export function readDeclarations(options: QemuOption[], spmForm: SpmFormSetting, version: QemuVersion): Declarations {
  const { byName, numaByType } = groupOptions(options);
  // Each field gets an array of its own (a group is handed out once).
  const of = (name: string) => byName.get(name)?.slice() ?? [];
  const numa = (type: string) => numaByType.get(type)?.slice() ?? [];

  const backends = of('object')
    .filter((o) => (typeOf(o) ?? '').startsWith('memory-backend-'))
    .map(readBackend);
  const backendById = new Map<string, DeclaredBackend>();
  for (const b of backends) if (b.id !== undefined && !backendById.has(b.id)) backendById.set(b.id, b);

  const objectIds = new Set<string>();
  for (const o of of('object')) {
    const id = knownValue(o, 'id');
    if (id !== undefined) objectIds.add(id);
  }

  const deviceOptions = of('device');
  // A JSON pc-dimm written first is placed second (Declarations.createdDeviceOptions).
  const created = [
    ...deviceOptions.filter((o) => o.syntax !== 'json'),
    ...deviceOptions.filter((o) => o.syntax === 'json'),
  ];
  return {
    backends,
    backendById,
    objectOptions: of('object'),
    objectIds,
    nodes: numa('node').map((option, index) => readNode(option, index, spmForm)),
    devices: created.map((o) => readDevice(o, spmForm, version)).filter((d): d is DeclaredDevice => d !== undefined),
    deviceOptions,
    createdDeviceOptions: created,
    machineOptions: of('machine'),
    smpOptions: of('smp'),
    incoming: of('incoming')[0],
    memPath: of('mem-path')[0],
    numaOptions: of('numa'),
    numaDist: numa('dist'),
    numaCpu: numa('cpu'),
    hmatLb: numa('hmat-lb'),
    hmatCache: numa('hmat-cache'),
    backendRefs: options.flatMap((option) => option.props.filter(namesBackend).map((prop) => ({ prop, option }))),
    anyValueUnresolved: options.some((o) => o.props.some((p) => p.unknown)),
    mayHideOptions: options.some((o) => o.unknown && o.props.length === 0),
  };
}

function namesBackend(p: Prop): boolean {
  return p.key === 'memory-backend' || p.key === 'lsa' || p.key.endsWith('memdev');
}

function readBackend(option: QemuOption): DeclaredBackend {
  const idProp = lastProp(option, 'id');
  const sizeProp = lastProp(option, 'size');
  const qomType = typeOf(option)!;
  return {
    option,
    qomType,
    id: idProp && !idProp.unknown ? idProp.value : undefined,
    idProp,
    sizeProp,
    size: sizeProp && !sizeProp.unknown ? sizeValue(sizeProp.value) : undefined,
    alignProp: lastProp(option, 'align'),
    hugePagesOrDax: hugePagesOrDax(option, qomType),
  };
}

function hugePagesOrDax(option: QemuOption, qomType: string): boolean {
  if (qomType === 'memory-backend-memfd') return boolValue(lastProp(option, 'hugetlb')) === true;
  if (qomType !== 'memory-backend-file') return false;
  const memPath = knownValue(option, 'mem-path') ?? '';
  return filePageSize(memPath) > HOST_PAGE || memPath.startsWith('/dev/dax');
}

/** A small unsigned integer key, undefined when unresolved, refused or above max. */
function smallUint(p: Prop, max: bigint): number | undefined {
  const v = p.unknown ? undefined : u64Value(p.value);
  return v === undefined || v > max ? undefined : Number(v);
}

function readNode(option: QemuOption, index: number, spmForm: SpmFormSetting): DeclaredNode {
  const nodeidProp = lastProp(option, 'nodeid');
  return {
    option,
    // nodeid defaults to the number of nodes declared before it.
    nodeid: nodeidProp ? smallUint(nodeidProp, 0xffffn) : index,
    nodeidProp,
    memdevProp: lastProp(option, 'memdev'),
    memProp: lastProp(option, 'mem'),
    cpusProps: allProps(option, 'cpus'),
    spm: readNodeSpm(option, spmForm),
  };
}

/** The node's SPM setting: v7 memmap-type (last wins) or v4 spm=on. */
function readNodeSpm(option: QemuOption, spmForm: SpmFormSetting): NodeSpm | undefined {
  const mt = lastProp(option, 'memmap-type');
  if (mt && !mt.unknown)
    return { prop: mt, form: 'v7', type: mt.value, exists: spmNodeKeyExists('memmap-type', spmForm) };
  const spm = lastProp(option, 'spm');
  if (spm && boolValue(spm) === true)
    return { prop: spm, form: 'v4', type: 'spm', exists: spmNodeKeyExists('spm', spmForm) };
  return undefined;
}

function readDevice(option: QemuOption, spmForm: SpmFormSetting, version: QemuVersion): DeclaredDevice | undefined {
  const driver = typeOf(option);
  const driverProp = lastProp(option, 'driver');
  if (!driver || !driverProp || !MEMORY_DEVICE_DRIVERS.has(driver)) return undefined;
  // An SPM device the target QEMU does not have is refused as an unknown model (checks/properties.ts);
  // it declares nothing, and the layout does not place it.
  if (!spmDeviceExists(driver, spmForm, version)) return undefined;
  const nodeProp = lastProp(option, 'node');
  const idProp = lastProp(option, 'id');
  return {
    option,
    driver,
    driverProp,
    idProp,
    id: idProp && !idProp.unknown ? idProp.value : undefined,
    memdevProp: lastProp(option, 'memdev'),
    nodeProp,
    node: nodeProp ? smallUint(nodeProp, 0xffffffffn) : 0,
  };
}

/** The last of these keys over all options, by position in the text. */
function lastWritten(options: readonly QemuOption[], keys: string[]): Prop | undefined {
  let best: Prop | undefined;
  for (const o of options)
    for (const k of keys) {
      const p = lastProp(o, k);
      if (p && (!best || p.span.start > best.span.start)) best = p;
    }
  return best;
}

/** The RAM size of pc and q35 when -m gives none (MachineClass default_ram_size). */
export const DEFAULT_RAM = 128n * 1024n * 1024n;

/**
 * -m as QEMU merges it (all -m options, last key wins; -machine memory.* is the same setting).
 * `ramSize` is the machine's RAM size, used when no size is written (default or the machine's
 * memory-backend).
 */
export function readMemoryArgs(
  options: QemuOption[],
  ramSize: bigint,
  incomplete: boolean,
  qemu: QemuVersion,
): MemoryArgs {
  const ms = options.filter((o) => o.name === 'm');
  const machines = options.filter((o) => o.name === 'machine');
  const sizeProp = lastWritten(ms, ['size']) ?? lastWritten(machines, ['memory.size']);
  const maxmemProp = lastWritten(ms, ['maxmem']) ?? lastWritten(machines, ['memory.max-size']);
  const slotsProp = lastWritten(ms, ['slots']) ?? lastWritten(machines, ['memory.slots']);
  let unknown = false;
  let ram = ramSize;
  if (sizeProp) {
    const v = sizeProp.unknown ? undefined : ramSizeValue(sizeProp.value, sizeProp.key === 'size', qemu);
    if (v === undefined) unknown = true;
    else if (v > 0n) ram = roundRamSize(v);
  }
  let maxmem: bigint | undefined;
  if (maxmemProp) {
    maxmem = maxmemProp.unknown ? undefined : sizeValue(maxmemProp.value);
    if (maxmem === undefined) unknown = true;
  }
  let slots: bigint | undefined;
  if (slotsProp) {
    slots = slotsProp.unknown ? undefined : u64Value(slotsProp.value);
    if (slots === undefined) unknown = true;
  }
  return {
    options: ms,
    option: ms[ms.length - 1],
    sizeProp,
    maxmemProp,
    slotsProp,
    unknown: unknown || incomplete,
    ram,
    // vl.c checks maxmem while it parses -m, before -machine memory-backend= sets the RAM size.
    ramAtParse: sizeProp ? ram : DEFAULT_RAM,
    maxmem,
    slots,
  };
}

/** The -machine key written last (all -machine options merge into one dict). */
export function lastMachineProp(d: Declarations, key: string): Prop | undefined {
  return lastWritten(d.machineOptions, [key]);
}

/** The backend a memdev= names, when the name is known and defined. */
export function backendOf(d: Declarations, memdev: Prop | undefined): DeclaredBackend | undefined {
  if (!memdev || memdev.unknown) return undefined;
  return d.backendById.get(memdev.value);
}

/** Memory a node contributes to boot RAM; undefined when it cannot be known statically. */
export function nodeSize(d: Declarations, n: DeclaredNode): bigint | undefined {
  if (n.memdevProp) return backendOf(d, n.memdevProp)?.size;
  if (n.memProp) return n.memProp.unknown ? undefined : sizeValue(n.memProp.value, 'M');
  return 0n;
}

/** Memory a device occupies in device memory (its backend's size), if known. */
export function deviceSize(d: Declarations, dev: DeclaredDevice): bigint | undefined {
  return backendOf(d, dev.memdevProp)?.size;
}
