// Which machine types each modelled QEMU release has, and what `pc` / `q35` stand for there.
// 7.2 and 10.0 are generated from the real binaries (tools/gen-machines.mjs); 11.1 is no binary we
// can run here: it is 10.0's list without the types upstream deleted (pc-i440fx/pc-q35 older than 4.1,
// hw/i386/pc_piix.c and pc_q35.c of 11.x) plus the types added since (10.1 .. 11.1). docs/qemu-versions.md.
import type { QemuVersion } from '../types';
import { DEFAULT_QEMU_VERSION } from '../types';
import m72 from './machines-7.2.json';
import m100 from './machines-10.0.json';

export interface MachineTypeInfo {
  name: string;
  /** 'pc' or 'q35' for the latest versions. */
  alias?: string;
  isDefault: boolean;
  deprecated: boolean;
  family: 'pc' | 'q35' | 'other';
  /** [major, minor] of versioned pc/q35 types. */
  version?: [number, number];
}

interface RawMachine {
  name: string;
  alias?: string;
  isDefault: boolean;
  deprecated: boolean;
}

const VERSIONED = /^pc-(i440fx|q35)-(\d+)\.(\d+)$/;

function derive11_1(base: RawMachine[]): RawMachine[] {
  const kept = base
    .filter((m) => {
      const v = VERSIONED.exec(m.name);
      return !v || Number(v[2]) > 4 || (Number(v[2]) === 4 && Number(v[3]) >= 1);
    })
    .map((m) => ({ name: m.name, isDefault: false, deprecated: m.deprecated }));
  const added: RawMachine[] = [];
  for (const [major, minor] of [
    [10, 1],
    [10, 2],
    [11, 0],
    [11, 1],
  ]) {
    const latest = major === 11 && minor === 1;
    added.push({
      name: `pc-i440fx-${major}.${minor}`,
      isDefault: latest,
      deprecated: false,
      ...(latest && { alias: 'pc' }),
    });
    added.push({
      name: `pc-q35-${major}.${minor}`,
      isDefault: false,
      deprecated: false,
      ...(latest && { alias: 'q35' }),
    });
  }
  return [...kept, ...added];
}

const RAW: Record<QemuVersion, RawMachine[]> = {
  '7.2': m72.machines,
  '10.0': m100.machines,
  '11.1': derive11_1(m100.machines),
};

/** The banner of the QEMU each list was read from ('11.1' has none: derived, see above). */
export const machineListSource: Record<QemuVersion, string> = {
  '7.2': m72.qemu,
  '10.0': m100.qemu,
  '11.1': 'derived from QEMU 10.0.2 and upstream hw/i386/pc_piix.c, pc_q35.c (11.x)',
};

interface Index {
  list: MachineTypeInfo[];
  byName: Map<string, MachineTypeInfo>;
}

function index(raw: RawMachine[]): Index {
  const list = raw.map((m) => {
    const v = VERSIONED.exec(m.name);
    const family: MachineTypeInfo['family'] = v ? (v[1] === 'q35' ? 'q35' : 'pc') : 'other';
    const info: MachineTypeInfo = { name: m.name, isDefault: m.isDefault, deprecated: m.deprecated, family };
    if (m.alias) info.alias = m.alias;
    if (v) info.version = [Number(v[2]), Number(v[3])];
    return info;
  });
  const byName = new Map<string, MachineTypeInfo>();
  for (const m of list) byName.set(m.name, m);
  for (const m of list) if (m.alias) byName.set(m.alias, m);
  return { list, byName };
}

const indexes = new Map<QemuVersion, Index>();
function indexOf(version: QemuVersion): Index {
  let i = indexes.get(version);
  if (!i) indexes.set(version, (i = index(RAW[version])));
  return i;
}

export function machineTypes(version: QemuVersion = DEFAULT_QEMU_VERSION): MachineTypeInfo[] {
  return indexOf(version).list;
}

/** Machine type by name or alias ('q35' → pc-q35-7.2 on 7.2, pc-q35-10.0 on 10.0). */
export function machineType(name: string, version: QemuVersion = DEFAULT_QEMU_VERSION): MachineTypeInfo | undefined {
  return indexOf(version).byName.get(name);
}

export function defaultMachine(version: QemuVersion = DEFAULT_QEMU_VERSION): MachineTypeInfo {
  const list = indexOf(version).list;
  return list.find((m) => m.isDefault) ?? list[0];
}
