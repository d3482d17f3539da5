// Hand-built Machine objects for the layout tests, independent of the option parser.
import type { QemuOption, Prop } from '../../../server/src/analysis/types';
import type {
  Backend,
  Machine,
  MemmapType,
  MemoryDeviceSpec,
  NumaNode,
} from '../../../server/src/analysis/machine/machine';
import { readDeclarations, readMemoryArgs } from '../../../server/src/analysis/machine/declarations';

const G = 1n << 30n;
const M = 1n << 20n;

let cursor = 0;
/** A fake option whose props have distinct spans, so tests can check where problems point. */
export function fakeOption(name: string, props: Record<string, string> = {}): QemuOption {
  const start = cursor;
  const list: Prop[] = Object.entries(props).map(([key, value]) => {
    const s = cursor;
    cursor += key.length + value.length + 2;
    return {
      key,
      value,
      implied: false,
      keySpan: { start: s, end: s + key.length },
      valueSpan: { start: s + key.length + 1, end: s + key.length + 1 + value.length },
      span: { start: s, end: s + key.length + 1 + value.length },
    };
  });
  cursor += 10;
  return {
    name,
    written: '-' + name,
    nameSpan: { start, end: start + name.length + 1 },
    syntax: 'qemuopts',
    props: list,
    span: { start, end: cursor },
    argSpan: { start: start + 1, end: cursor },
  };
}

export interface HandSpec {
  family?: 'pc' | 'q35';
  version?: [number, number] | null;
  ram: bigint;
  maxmem?: bigint;
  slots?: bigint;
  maxRamBelow4g?: bigint;
  vendor?: 'amd' | 'intel';
  kvm?: boolean;
  physBits?: number;
  nvdimm?: boolean;
  acpi?: boolean;
  pciHole64Size?: bigint;
  backends?: { id: string; size: bigint; alignment?: bigint }[];
  nodes?: { nodeid: number; memdev?: string; memmapType?: MemmapType; spmForm?: 'v4' | 'v7' }[];
  devices?: {
    driver: string;
    id?: string;
    memdev: string;
    node?: number;
    addr?: bigint;
    slot?: number;
    labelSize?: bigint;
  }[];
}

export function handMachine(spec: HandSpec): Machine {
  const family = spec.family ?? 'q35';
  const backends: Backend[] = (spec.backends ?? []).map((b) => ({
    id: b.id,
    qomType: 'memory-backend-ram',
    size: b.size,
    alignment: b.alignment ?? 2n * M,
    option: fakeOption('object', { 'qom-type': 'memory-backend-ram', id: b.id }),
    props: new Map(),
  }));
  const nodes: NumaNode[] = (spec.nodes ?? []).map((n) => {
    const props: Record<string, string> = { type: 'node', nodeid: String(n.nodeid) };
    if (n.memdev) props.memdev = n.memdev;
    if (n.memmapType && n.memmapType !== 'normal') {
      if (n.spmForm === 'v4') props.spm = 'on';
      else props['memmap-type'] = n.memmapType;
    }
    return {
      nodeid: n.nodeid,
      memdev: n.memdev,
      size: n.memdev ? (backends.find((b) => b.id === n.memdev)?.size ?? 0n) : 0n,
      memmapType: n.memmapType ?? 'normal',
      spmForm: n.memmapType && n.memmapType !== 'normal' ? (n.spmForm ?? 'v7') : undefined,
      cpus: [],
      option: fakeOption('numa', props),
      props: new Map(),
    };
  });
  const devices: MemoryDeviceSpec[] = (spec.devices ?? []).map((d) => {
    const props: Record<string, string> = { driver: d.driver, memdev: d.memdev };
    if (d.id) props.id = d.id;
    if (d.addr !== undefined) props.addr = '0x' + d.addr.toString(16);
    if (d.slot !== undefined) props.slot = String(d.slot);
    return {
      id: d.id,
      driver: d.driver,
      memdev: d.memdev,
      node: d.node ?? 0,
      addr: d.addr,
      slot: d.slot,
      labelSize: d.labelSize,
      spmForm: d.driver === 'spm-memory' ? 'v8' : d.driver === 'sp-mem' ? 'upstream' : undefined,
      option: fakeOption('device', props),
      props: new Map(),
    };
  });
  const maxmem = spec.maxmem ?? spec.ram;
  return {
    family,
    typeName: family,
    version: spec.version ?? null,
    qemu: '11.1',
    ramSize: spec.ram,
    maxmem,
    slots: spec.slots ?? 0n,
    maxRamBelow4g: spec.maxRamBelow4g ?? 0n,
    kvm: spec.kvm ?? false,
    cpuVendor: spec.vendor ?? 'amd',
    vendorAssumed: false,
    physBits: spec.physBits ?? 40,
    longMode: true,
    nvdimm: spec.nvdimm ?? false,
    acpi: spec.acpi ?? true,
    pciHole64Size: spec.pciHole64Size ?? (family === 'q35' ? 32n * G : 2n * G),
    backends,
    nodes,
    devices,
    incomplete: false,
    memoryOption: fakeOption('m', { size: String(spec.ram), maxmem: String(maxmem) }),
    // The layout reads only the placeable lists above; the checks' view stays empty.
    declared: readDeclarations([], 'auto', '11.1'),
    memory: readMemoryArgs([], spec.ram, false, '11.1'),
  };
}

export { G, M };
