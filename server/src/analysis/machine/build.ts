// Parsed options → the typed Machine that decides the guest memory map. Never throws: values
// that do not parse are skipped (the checks report them); values the shell could not resolve
// make the machine `incomplete`.
import type { Diagnostic, QemuOption, QemuVersion, Settings } from '../types';
import { DEFAULT_QEMU_VERSION } from '../types';
import type { Backend, Machine } from './machine';
import { Reader } from './values';
import { lastProps, typeProp } from '../options/lookup';
import { ramSizeValue, roundRamSize, sizeValue } from '../options/values';
import { DEFAULT_RAM, readDeclarations, readMemoryArgs } from './declarations';
import { placeableBackend } from './backends';
import { placeableNodes } from './numa';
import { qomChildren, placeableDevices } from './devices';
import { cpuModelFacts, vendorFromId } from './cpu';

const MiB = 1024n * 1024n;
const GiB = 1024n * MiB;

/**
 * Options whose argument can move something in the address map. An unresolved argument of any
 * other option (-name "$1", -drive file=$IMG) leaves the map exact; an unresolved option word
 * ("$@") could be anything, so it always makes the map incomplete.
 */
const MAP_OPTIONS = new Set([
  'machine',
  'm',
  'numa',
  'object',
  'device',
  'cpu',
  'smp',
  'global',
  'accel',
  'mem-path',
  'readconfig',
]);

function mayMoveMemory(o: QemuOption): boolean {
  // A bare word is a disk image; it hides options only when the word itself is unresolved
  // ("$@"), not when it is a known word that merely follows an unresolved one.
  if (o.name === 'hda') return !!o.arg?.unknown;
  return !o.arg || MAP_OPTIONS.has(o.name);
}

export function buildMachine(
  options: QemuOption[],
  settings: Settings,
): { machine: Machine; diagnostics: Diagnostic[] } {
  const r = new Reader();
  const known = options.filter((o) => !o.unknown || o.props.length > 0);
  if (options.some((o) => o.unknown && o.props.length === 0 && o.syntax !== 'flag' && mayMoveMemory(o))) {
    r.incomplete = true;
  }
  const of = (name: string) => known.filter((o) => o.name === name);

  // -machine / -M: all merged into one dict, last key wins.
  const machineOptions = of('machine');
  const mprops = lastProps(machineOptions);
  const typeName = r.text(mprops.get('type')) ?? 'pc';
  const type = pcFamilyOf(typeName);
  if (!type) r.incomplete = true;
  const family = type?.family ?? 'pc';
  const qemu = settings.qemuVersion ?? DEFAULT_QEMU_VERSION;
  // `pc` / `q35` are aliases of the release's newest versioned type.
  const version = type ? (type.version ?? releaseVersion(qemu)) : null;

  const declared = readDeclarations(options, settings.spmForm, qemu);
  // An unresolved type word could be a backend, a node or a memory device.
  for (const o of known) if (['object', 'numa', 'device'].includes(o.name) && typeProp(o)?.unknown) r.incomplete = true;
  const backends = declared.backends.map((b) => placeableBackend(b, r)).filter((b): b is Backend => b !== undefined);
  const machineMemdev = r.text(mprops.get('memory-backend'));

  // -m (all merged, last wins), with -machine memory.* as the spelled-out equivalent.
  const memoryOptions = of('m');
  const m = lastProps(memoryOptions);
  let ramSize: bigint | undefined;
  const sizeText = r.text(m.get('size')) ?? r.text(mprops.get('memory.size'));
  if (sizeText !== undefined) {
    const parsed = ramSizeValue(sizeText, m.has('size'), qemu);
    if (parsed !== undefined && parsed > 0n) ramSize = parsed;
  }
  if (ramSize === undefined && machineMemdev !== undefined) {
    const b = backends.find((x) => x.id === machineMemdev);
    if (b?.size !== undefined) ramSize = b.size;
    else r.incomplete = true;
  }
  ramSize = roundRamSize(ramSize ?? DEFAULT_RAM);
  const maxmem = r.size(m.get('maxmem')) ?? r.size(mprops.get('memory.max-size')) ?? ramSize;
  const slots = r.u64(m.get('slots')) ?? r.u64(mprops.get('memory.slots')) ?? 0n;

  const kvm = isKvm(known, r, mprops);
  const children = qomChildren(known);
  const cpu = readCpu(of('cpu'), kvm, settings, r);

  const machine: Machine = {
    family,
    typeName,
    version,
    qemu,
    ramSize,
    maxmem,
    slots,
    maxRamBelow4g: r.size(mprops.get('max-ram-below-4g')) ?? 0n,
    kvm,
    cpuVendor: cpu.vendor,
    vendorAssumed: cpu.vendorAssumed,
    physBits: cpu.physBits,
    physBitsAssumed: cpu.physBitsAssumed || undefined,
    longMode: cpu.longMode,
    nvdimm: r.bool(mprops.get('nvdimm')) ?? false,
    acpi: !(mprops.get('acpi') && !mprops.get('acpi')!.unknown && mprops.get('acpi')!.value === 'off'),
    pciHole64Size: pciHole64Size(of('global'), family, r),
    machineMemdev,
    backends,
    nodes: placeableNodes(declared.nodes, backends, r),
    devices: placeableDevices(declared.devices, children.names, r),
    qomChildren: { peripheral: children.peripheral, anon: children.anon },
    incomplete: false,
    memoryOption: memoryOptions[memoryOptions.length - 1],
    machineOption: machineOptions[machineOptions.length - 1],
    cpuOption: of('cpu').at(-1),
    anchor: options[0]?.span,
    declared,
    memory: undefined!, // below: it needs the final ramSize and completeness
  };
  machine.incomplete = r.incomplete;
  machine.memory = readMemoryArgs(options, ramSize, machine.incomplete, qemu);
  return { machine, diagnostics: [] };
}

function releaseVersion(qemu: QemuVersion): [number, number] {
  const [major, minor] = qemu.split('.').map(Number);
  return [major, minor];
}

/** The pc / q35 family and version of a machine type name; undefined for a type the map is not computed for.
 *  (schema's machineType() is the QEMU machine list's entry; this only reads the name.) */
function pcFamilyOf(name: string): { family: 'pc' | 'q35'; version: [number, number] | null } | undefined {
  if (name === 'pc' || name === 'pc-i440fx') return { family: 'pc', version: null };
  if (name === 'q35' || name === 'pc-q35') return { family: 'q35', version: null };
  const m = /^pc-(i440fx|q35)-(\d+)\.(\d+)$/.exec(name);
  if (m) return { family: m[1] === 'q35' ? 'q35' : 'pc', version: [Number(m[2]), Number(m[3])] };
  return undefined;
}

function isKvm(options: QemuOption[], r: Reader, mprops: Map<string, import('../types').Prop>): boolean {
  // The first accelerator that initialises wins; "kvm:tcg" tries KVM first.
  const first = (list: string | undefined) => list?.split(':')[0];
  for (const o of options) {
    if (o.name === 'enable-kvm') return true;
    if (o.name === 'accel') {
      const v = first(r.text(lastProps([o]).get('accel')));
      if (v !== undefined) return v === 'kvm';
    }
  }
  return first(r.text(mprops.get('accel'))) === 'kvm';
}

interface CpuChoice {
  vendor: 'amd' | 'intel';
  vendorAssumed: boolean;
  physBits: number;
  physBitsAssumed: boolean;
  longMode: boolean;
}

function readCpu(cpuOptions: QemuOption[], kvm: boolean, settings: Settings, r: Reader): CpuChoice {
  const option = cpuOptions[cpuOptions.length - 1];
  // TCG's default is qemu64 (AMD); under KVM too (pc/q35 default_cpu_type).
  if (option?.arg?.unknown) r.incomplete = true;
  const props = option && !option.arg?.unknown ? option.props : [];
  const model = props.find((p) => p.key === 'model')?.value ?? 'qemu64';
  const facts = cpuModelFacts(model, kvm, settings.hostCpuVendor);
  if (!facts) r.incomplete = true;
  const choice: CpuChoice = {
    vendor: facts?.vendor ?? 'amd',
    vendorAssumed: facts?.hostDependent ?? false,
    physBits: facts?.physBits ?? 40,
    physBitsAssumed: false,
    longMode: facts?.longMode ?? true,
  };
  let hostPhysBits = facts?.hostDependent === true && kvm;
  // QEMU 7.2's qemu32 has neither PAE nor PSE36 in its model: 32 bits (8.x+: 36; both verified live).
  if (model === 'qemu32' && settings.qemuVersion === '7.2') choice.physBits = 32;
  let userPhysBits: number | undefined;
  // Features in the order written (options/cpuFeatures.ts splits them as x86_cpu_parse_featurestr).
  for (const { key, value, flag } of props) {
    if (key === 'vendor' && !flag) {
      choice.vendor = vendorFromId(value);
      choice.vendorAssumed = false;
    } else if (key === 'phys-bits' && !flag && /^\d+$/.test(value)) {
      userPhysBits = Number(value);
    } else if (key === 'host-phys-bits') {
      hostPhysBits = value === 'on' || value === 'true';
    } else if (key === 'lm') {
      // lm=off / -lm: a 32-bit CPU; x86_cpu_realizefn then gives it 36 bits (every 64-bit model has PAE).
      const on = flag ? flag === 'on' : ['on', 'true', 'yes'].includes(value);
      if (!on && choice.longMode) choice.physBits = 36;
      choice.longMode = on;
    }
  }
  // x86_cpu_realizefn: only a long-mode CPU takes phys-bits, and only 32..52 (TARGET_PHYS_ADDR_SPACE_BITS);
  // anything else is refused (checks/cpu.ts says so) and leaves the default.
  if (userPhysBits !== undefined && userPhysBits !== 0 && choice.longMode && userPhysBits >= 32 && userPhysBits <= 52) {
    choice.physBits = userPhysBits;
    hostPhysBits = false;
  }
  if (hostPhysBits && kvm) {
    // The host's phys-bits are not known statically: assume a modern host's 48 and do not
    // report a phys-bits problem on the strength of a guess.
    choice.physBits = 48;
    choice.physBitsAssumed = true;
  }
  return choice;
}

function pciHole64Size(globals: QemuOption[], family: 'pc' | 'q35', r: Reader): bigint {
  const host = family === 'q35' ? 'q35-pcihost' : 'i440FX-pcihost';
  let size = family === 'q35' ? 32n * GiB : 2n * GiB;
  for (const o of globals) {
    // Both spellings arrive as driver/property/value props (options/globalProperty.ts).
    if (o.arg?.unknown) r.incomplete = true;
    const props = lastProps([o]);
    const driver = r.text(props.get('driver'));
    const property = r.text(props.get('property'));
    const value = r.text(props.get('value'));
    if (driver === host && property === 'pci-hole64-size' && value !== undefined) size = sizeValue(value) ?? size;
  }
  return size;
}
