// The command line `verify` runs: only the options that shape guest memory, rebuilt from the
// parsed options (never the script's text), with everything that could touch the host removed.
// The result is an argv array for spawn() without a shell; no word of the script reaches a shell.
//
// Kept (a whitelist, so anything new or unknown is dropped): -machine/-M (memory properties only),
// -cpu, -smp, -m, -object memory-backend-* (as memory-backend-ram, nothing opened, reserved or
// preallocated), -numa, memory -device options (memory properties only) and -global for memory
// devices and the PCI hosts. Everything else (disks, networks, chardevs, displays, monitors,
// -daemonize, -runas, -sandbox, -incoming, -loadvm, -plugin, -kernel, -readconfig ...) is dropped.
import type { Prop, QemuOption } from '../analysis/types';
import type { DeclaredBackend, Machine } from '../analysis/machine/machine';
import { MEMORY_DEVICE_DRIVERS } from '../analysis/machine/declarations';
import { typeProp } from '../analysis/options/lookup';

/** Stands for verify's private temporary directory; the runner puts the real path in. */
export const PRIVATE_DIR = '\u0000verify-dir\u0000';

/** Options QEMU is always given, after the kept ones; sockets are added by the runner. */
export const FIXED_ARGS = ['-S', '-accel', 'qtest', '-display', 'none', '-nodefaults'];

/** -machine properties that shape the address map; the rest (accel, kernel, firmware, dumpdtb ...) go. */
const MACHINE_PROPS = new Set([
  'type',
  'max-ram-below-4g',
  'memory-backend',
  'nvdimm',
  'nvdimm-persistence',
  'hmat',
  'acpi',
  'smm',
]);

/** Memory-device properties that shape the map; bus=, romfile=, prealloc= ... go. PCI 'addr' is a slot, not memory. */
const DEVICE_PROPS = new Set([
  'driver',
  'id',
  'memdev',
  'node',
  'slot',
  'memaddr',
  'requested-size',
  'block-size',
  'label-size',
  'uuid',
  'unarmed',
]);
const DEVICE_PROPS_WITH_ADDR = new Set(['pc-dimm', 'nvdimm', 'spm-memory', 'sp-mem']);

/** -global DRIVER.PROP=VALUE is kept for these drivers (memory devices, backends and the PCI hosts). */
const GLOBAL_DRIVERS = new Set([
  ...MEMORY_DEVICE_DRIVERS,
  'virtio-mem',
  'virtio-pmem',
  'mch',
  'q35-pcihost',
  'i440FX-pcihost',
]);

/** -m properties (size, slots, maxmem). */
const MEMORY_PROPS = new Set(['size', 'slots', 'maxmem']);

export interface Sanitized {
  /** Arguments after the program name; FIXED_ARGS included, sockets not. */
  args: string[];
  /** Options of the script that were not passed to QEMU, as written (e.g. '-drive', '-netdev'). */
  dropped: string[];
  /** Where what QEMU ran differs from the script in a way that could change the map. */
  notes: string[];
  /** Set when the line cannot be verified at all (an unresolved value in a kept option). */
  unverifiable?: string;
}

/** A QemuOpts/keyval value: a comma is written twice. */
const escape = (v: string) => v.replace(/,/g, ',,');

function propText(p: Prop): string {
  const value = p.flag ?? p.value;
  return `${p.key}=${escape(value)}`;
}

function keep(props: Prop[], allowed: (key: string) => boolean): string {
  return props
    .filter((p) => allowed(p.key))
    .map(propText)
    .join(',');
}

function lastValue(props: Prop[], key: string): string | undefined {
  let v: string | undefined;
  for (const p of props) if (p.key === key) v = p.flag ?? p.value;
  return v;
}

/** What the Machine says an option is; the options it does not model (-cpu, -global, ...) go by their name. */
type Kind = 'machine' | 'smp' | 'memory' | 'numa' | 'backend' | 'other object' | 'device';

function kindsOf(machine: Machine): Map<QemuOption, Kind> {
  const d = machine.declared;
  const kinds = new Map<QemuOption, Kind>();
  const mark = (options: readonly QemuOption[], kind: Kind) => {
    for (const o of options) kinds.set(o, kind);
  };
  mark(d.machineOptions, 'machine');
  mark(d.smpOptions, 'smp');
  mark(machine.memory.options, 'memory');
  mark(d.numaOptions, 'numa');
  mark(d.objectOptions, 'other object');
  mark(
    d.backends.map((b) => b.option),
    'backend',
  );
  mark(d.deviceOptions, 'device');
  return kinds;
}

export function sanitize(options: readonly QemuOption[], machine: Machine): Sanitized {
  const args: string[] = [];
  const dropped: string[] = [];
  const notes: string[] = [];
  let unverifiable: string | undefined;
  const unresolved = (o: QemuOption) => {
    if (!unverifiable) unverifiable = `${o.written} depends on something the script computes at run time`;
  };
  let droppedDevices = 0;
  let nvdimms = 0;
  // QEMU creates JSON -device options after every key=value one (vl.c queues them); written as
  // key=value they go last, so QEMU creates the devices in the order the script makes it.
  const jsonDevices: string[] = [];
  const kinds = kindsOf(machine);
  const backends = new Map(machine.declared.backends.map((b) => [b.option, b]));

  for (const o of options) {
    const props = o.props;
    const take = () => {
      if (o.unknown || props.some((p) => p.unknown) || o.arg?.unknown) unresolved(o);
    };
    switch (kinds.get(o) ?? o.name) {
      case 'machine': {
        take();
        if (lastValue(props, 'accel') === 'kvm' || lastValue(props, 'accel')?.startsWith('kvm'))
          notes.push(
            'the script asks for KVM; QEMU ran without it (-accel qtest, or tcg with -S: same layout rules, but no host phys-bits)',
          );
        for (const p of props)
          if (p.key.startsWith('sgx-epc') || p.key.startsWith('cxl'))
            notes.push(`-machine ${p.key} was left out; it moves device memory, so addresses may differ`);
        const text = keep(props, (k) => MACHINE_PROPS.has(k));
        if (text) args.push('-machine', text);
        break;
      }
      case 'cpu': {
        take();
        const text = o.arg?.text ?? '';
        const comma = text.indexOf(',');
        const model = comma < 0 ? text : text.slice(0, comma);
        if (model === 'host') {
          // -cpu host needs KVM; max is the closest model an emulator without KVM can build.
          args.push('-cpu', 'max' + (comma < 0 ? '' : text.slice(comma)));
          notes.push('-cpu host needs KVM: QEMU ran with -cpu max (vendor and phys-bits may differ from the host)');
        } else if (text) {
          args.push('-cpu', text);
        }
        break;
      }
      case 'smp':
      case 'numa':
        take();
        args.push('-' + o.name, props.map((p, i) => (i === 0 && p.implied ? escape(p.value) : propText(p))).join(','));
        break;
      case 'memory': {
        take();
        const text = keep(props, (k) => MEMORY_PROPS.has(k));
        if (text) args.push('-m', text);
        break;
      }
      case 'backend': {
        const backend = backends.get(o)!;
        if (backend.qomType === 'memory-backend-epc') {
          dropped.push(`${o.written} ${backend.qomType}`);
          break;
        }
        take();
        args.push('-object', harmlessBackend(backend));
        if (backend.hugePagesOrDax) notes.push(hugePagesNote(backend));
        break;
      }
      case 'other object': {
        const qomType = typeProp(o)?.value;
        dropped.push(o.written + (qomType ? ' ' + qomType : ''));
        break;
      }
      case 'device': {
        const driver = typeProp(o)?.value ?? '';
        if (!MEMORY_DEVICE_DRIVERS.has(driver)) {
          dropped.push(o.written + (driver ? ' ' + driver : ''));
          droppedDevices++;
          break;
        }
        take();
        if (driver === 'nvdimm') nvdimms++;
        const text = keep(props, (k) => DEVICE_PROPS.has(k) || (k === 'addr' && DEVICE_PROPS_WITH_ADDR.has(driver)));
        if (o.syntax === 'json') jsonDevices.push('-device', text);
        else args.push('-device', text);
        break;
      }
      case 'global': {
        const text = o.arg?.text ?? '';
        const driver = text.split('.')[0];
        if (!GLOBAL_DRIVERS.has(driver) && !driver.startsWith('memory-backend-')) {
          dropped.push(o.written);
          break;
        }
        take();
        args.push('-global', text);
        break;
      }
      default:
        dropped.push(o.written);
    }
  }
  if (droppedDevices > 0 && nvdimms > 0)
    notes.push(
      'other -device options were left out; QEMU orders NVDIMMs in the SRAT by a hash of all device names, so their order may differ',
    );
  args.push(...jsonDevices, ...FIXED_ARGS);
  return { args, dropped, notes, unverifiable };
}

/**
 * The backend as QEMU runs it for verify: same id and size, nothing opened, reserved or
 * preallocated. A file backend on an ordinary filesystem becomes a file backend in verify's own
 * private directory (QEMU creates and unlinks a sparse file there): same 4 KiB page, same align=.
 * Huge pages and DAX become anonymous RAM (hugePagesNote says what that changes).
 */
function harmlessBackend(b: DeclaredBackend): string {
  const asFile = b.qomType === 'memory-backend-file' && !b.hugePagesOrDax;
  const parts = [asFile ? 'memory-backend-file' : 'memory-backend-ram'];
  if (b.idProp) parts.push(`id=${escape(b.idProp.value)}`);
  if (b.sizeProp) parts.push(`size=${escape(b.sizeProp.value)}`);
  if (asFile) {
    parts.push(`mem-path=${PRIVATE_DIR}`);
    if (b.alignProp) parts.push(`align=${escape(b.alignProp.value)}`);
  }
  parts.push('prealloc=off', 'share=off', 'reserve=off');
  return parts.join(',');
}

function hugePagesNote(b: DeclaredBackend): string {
  const id = b.idProp?.value;
  return `${b.qomType}${id ? ' ' + id : ''} (huge pages or a DAX device) ran as memory-backend-ram of the same size (nothing opened); a device on it is aligned to 2 MiB instead of the huge page size${b.alignProp ? ' or align=' : ''}, so its address may differ`;
}
