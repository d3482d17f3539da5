// What QEMU defines, asked in O(1): options, machine types, devices, objects, -numa members.
// The facts come from qemu-x86_64.json (generated from a real QEMU by tools/gen-schema.mjs) and
// spm-overlay.json (the SPM forms from the seed patches, and sp-mem as merged for 11.1). This file only indexes them; the one
// thing it adds is how QEMU's vl.c parses each option's argument (OPTION_PARSERS), which is code
// in QEMU, not data it can report.
import type { QemuVersion, SpmFormSetting } from '../types';
import { DEFAULT_QEMU_VERSION, QEMU_VERSIONS } from '../types';
import data from './qemu-x86_64.json';
import overlay from './spm-overlay.json';

export type SpmForm = 'v4' | 'v7' | 'v8' | 'upstream';

/** How an option's argument is parsed. */
export type ArgSyntax = 'qemuopts' | 'keyval' | 'json-or-qemuopts' | 'cpu' | 'global' | 'plain';

export interface OptionInfo {
  /** Canonical name without dashes ('M' → 'machine'). */
  name: string;
  /** The name as looked up, when it is an alias (e.g. 'M'). */
  alias?: string;
  takesArg: boolean;
  /** First help line of `-help`. */
  help: string;
  /** Usage lines of `-help` ("-m [size=]megs[,slots=n,maxmem=size]"). */
  usage: string[];
  syntax: ArgSyntax;
  /** Key of a first item written without `key=`. */
  impliedKey?: string;
  /** Name of the QemuOpts list (`query-command-line-options`) when there is one. */
  optsList?: string;
}

/** Broad class of a property's value, from QEMU's type name. */
export type PropKind = 'bool' | 'size' | 'uint' | 'int' | 'enum' | 'str' | 'link' | 'list' | 'other';

export interface PropInfo {
  name: string;
  /** Type name as QEMU reports it ('uint32', 'size', 'link<memory-backend>', 'OnOffAuto', ...). */
  type: string;
  kind: PropKind;
  /** Integer width for uint/int kinds (8, 16, 32, 64). */
  bits?: number;
  /** For kind 'list': the element's kind. */
  element?: PropKind;
  /** Enum values (QAPI enums, or QEMU's "on/off/auto" style description). */
  values?: string[];
  default?: unknown;
  description?: string;
  /** Mandatory member (QAPI schema) or documented as required (overlay). */
  required?: boolean;
  /** Set for properties that exist only in an SPM form. */
  form?: SpmForm;
  seed?: string;
  /** How QEMU's setter for this kind of -device property answered a battery of values. */
  valueClass?: ValueClass;
}

/**
 * QEMU's verdicts on a fixed battery of values for one kind of -device property setter (one
 * (type, description) pair), recorded by tools/probe-value-classes.mjs: null when the setter
 * took the value, else its message with {driver}, {name} and {value} standing for the device,
 * the property and the value.
 */
export interface ValueClass {
  type: string;
  description: string;
  /** The device and property the battery was tried on. */
  driver: string;
  property: string;
  keyval: Record<string, string | null>;
  /** Keys are JSON texts ('6', '"06.0"', 'true'). */
  json: Record<string, string | null>;
}

export interface DeviceInfo {
  name: string;
  desc?: string;
  bus?: string;
  category?: string;
  /** Undefined when QEMU could not introspect the type (CPU models, a few odd devices). */
  props?: Map<string, PropInfo>;
  form?: SpmForm;
  hotpluggable?: boolean;
  /** The first modelled QEMU release that has the device (overlay; undefined: every release, or a patched build). */
  since?: QemuVersion;
  /** Where the overlay entry was read (merged upstream source). */
  source?: string;
}

export const qemuVersion: string = data.qemuVersion;

const valueClasses = new Map<string, ValueClass>();
for (const c of (data as { valueClasses?: ValueClass[] }).valueClasses ?? [])
  valueClasses.set(`${c.type}\0${c.description}`, c);

/** The recorded verdicts for a device property of this QEMU type and description. */
export function valueClassOf(type: string, description: string | undefined): ValueClass | undefined {
  return valueClasses.get(`${type}\0${description ?? ''}`);
}

/** Every recorded value class (tests prove each one's grammar against its verdicts). */
export function allValueClasses(): ValueClass[] {
  return [...valueClasses.values()];
}

// ───────────────────────────── options ─────────────────────────────

/**
 * vl.c: which parser reads which option. -machine and -smp go through keyval (verified:
 * `-machine q35,foo` and `-smp 2,foo` fail with "Expected '=' after parameter 'foo'"), -object and
 * -device take JSON when the argument starts with '{', the rest use their QemuOpts list.
 */
const OPTION_PARSERS: Record<string, { syntax: ArgSyntax; impliedKey?: string; optsList?: string }> = {
  machine: { syntax: 'keyval', impliedKey: 'type', optsList: 'machine' },
  smp: { syntax: 'keyval', impliedKey: 'cpus', optsList: 'smp-opts' },
  m: { syntax: 'qemuopts', impliedKey: 'size', optsList: 'memory' },
  numa: { syntax: 'qemuopts', impliedKey: 'type', optsList: 'numa' },
  object: { syntax: 'json-or-qemuopts', impliedKey: 'qom-type', optsList: 'object' },
  device: { syntax: 'json-or-qemuopts', impliedKey: 'driver', optsList: 'device' },
  accel: { syntax: 'qemuopts', impliedKey: 'accel', optsList: 'accel' },
  // Not QemuOpts: the CPU model's feature string (options/cpuFeatures.ts) and -global's own short form.
  cpu: { syntax: 'cpu', impliedKey: 'model' },
  global: { syntax: 'global' },
};

/** Options QEMU's table lists under two names (qemu-options.hx: `-M` is `-machine`). */
const ALIASES: Record<string, string> = { M: 'machine' };

const optionMap = new Map<string, OptionInfo>();
for (const o of data.options) {
  const parser = OPTION_PARSERS[o.name];
  optionMap.set(o.name, {
    name: o.name,
    takesArg: o.takesArg,
    help: o.help,
    usage: o.usage,
    syntax: o.takesArg ? (parser?.syntax ?? 'plain') : 'plain',
    impliedKey: parser?.impliedKey,
    optsList: parser?.optsList,
  });
}
for (const [alias, target] of Object.entries(ALIASES)) {
  const t = optionMap.get(target);
  if (t && optionMap.has(alias)) optionMap.set(alias, { ...t, alias });
}

/** Option by name without dashes; undefined when QEMU has no such option. */
export function optionInfo(name: string): OptionInfo | undefined {
  return optionMap.get(name);
}

export function allOptions(): OptionInfo[] {
  return [...optionMap.values()].filter((o) => !o.alias);
}

// ──────────────────────────── properties ───────────────────────────

const INT_TYPE = /^(u?)int(8|16|32|64)(?:_t)?$/;
/** QEMU describes most qdev enums by listing their values: "on/off/auto". */
const SLASH_VALUES = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)+$/;

function kindOf(type: string): { kind: PropKind; bits?: number } {
  const m = INT_TYPE.exec(type);
  if (m) return { kind: m[1] ? 'uint' : 'int', bits: Number(m[2]) };
  if (type === 'bool' || type === 'boolean') return { kind: 'bool' };
  if (type === 'size') return { kind: 'size' };
  // QEMU_OPT_NUMBER is read with qemu_strtou64.
  if (type === 'number') return { kind: 'uint', bits: 64 };
  // QOM reports "int" for properties whose setter may read a size or any integer (nvdimm
  // label-size takes "4K"): without a probe of QEMU's parser we do not know which.
  if (type === 'int') return { kind: 'other' };
  if (type === 'str' || type === 'string') return { kind: 'str' };
  if (type.startsWith('link<')) return { kind: 'link' };
  if (type === 'enum') return { kind: 'enum' };
  if (type === 'list') return { kind: 'list' };
  return { kind: 'other' };
}

interface RawProp {
  name: string;
  type: string;
  description?: string;
  default?: unknown;
  values?: string[];
  optional?: boolean;
  required?: boolean;
  parsedAs?: string;
  element?: string;
  form?: string;
  seed?: string;
}

/** Enum values per QEMU type name, collected from every property that lists them. */
const enumsByType = new Map<string, string[]>();

function toPropInfo(p: RawProp): PropInfo {
  // parsedAs is what QEMU's own parser said the member is ("size", "uint16", "uint16 list").
  let type = p.type;
  let element: PropKind | undefined;
  let bits: number | undefined;
  if (p.parsedAs) {
    const list = / list$| value or range$/.test(p.parsedAs);
    const base = p.parsedAs.replace(/ list$| value or range$/, '');
    if (list) {
      type = 'list';
      element = kindOf(base).kind;
      bits = kindOf(base).bits;
    } else type = base;
  } else if (p.type === 'list' && p.element) element = kindOf(p.element).kind;
  const k = kindOf(type);
  const info: PropInfo = { name: p.name, type, kind: k.kind };
  if (k.bits ?? bits) info.bits = k.bits ?? bits;
  if (element) info.element = element;
  if (p.description) info.description = p.description;
  if (p.default !== undefined) info.default = p.default;
  if (p.optional === false || p.required) info.required = true;
  if (p.form) info.form = p.form as SpmForm;
  if (p.seed) info.seed = p.seed;
  let values = p.values ?? (k.kind === 'other' ? enumsByType.get(p.type) : undefined);
  if (!values && p.description && SLASH_VALUES.test(p.description) && k.kind === 'other')
    values = p.description.split('/');
  if (values) {
    info.values = values;
    if (info.kind === 'other') info.kind = 'enum';
    if (!enumsByType.has(p.type)) enumsByType.set(p.type, values);
  }
  return info;
}

function propMap(list: RawProp[] | null | undefined): Map<string, PropInfo> | undefined {
  if (!list) return undefined;
  return new Map(list.map((p) => [p.name, toPropInfo(p)]));
}

// Devices.
const deviceMap = new Map<string, DeviceInfo>();
for (const [name, d] of Object.entries(
  data.devices as Record<string, { desc?: string; bus?: string; category?: string; properties: RawProp[] | null }>,
)) {
  const props = propMap(d.properties);
  for (const raw of d.properties ?? []) {
    const c = valueClassOf(raw.type, raw.description);
    if (c) props!.get(raw.name)!.valueClass = c;
  }
  deviceMap.set(name, { name, desc: d.desc, bus: d.bus, category: d.category, props });
}
const spmDevices = new Map<string, DeviceInfo>();
for (const [name, d] of Object.entries(
  overlay.devices as Record<
    string,
    {
      desc: string;
      category: string;
      form: string;
      hotpluggable: boolean;
      since?: QemuVersion;
      source?: string;
      properties: RawProp[];
    }
  >,
)) {
  spmDevices.set(name, {
    name,
    desc: d.desc,
    category: d.category,
    form: d.form as SpmForm,
    hotpluggable: d.hotpluggable,
    since: d.since,
    source: d.source,
    props: propMap(d.properties.map((p) => ({ ...p, form: d.form }))),
  });
}

/** Whether an SPM form is understood under the spmForm setting ('auto' = every form). */
export function formEnabled(form: SpmForm | undefined, setting: SpmFormSetting): boolean {
  if (!form) return true;
  return setting === 'auto' || setting === form;
}

/** Whether the target release has a device the overlay says arrived in `since`. */
function releasedIn(since: QemuVersion | undefined, version: QemuVersion): boolean {
  return !since || QEMU_VERSIONS.indexOf(version) >= QEMU_VERSIONS.indexOf(since);
}

/** A -device model as the target release (and the spmForm setting) knows it. */
export function deviceInfo(
  driver: string,
  spmForm: SpmFormSetting,
  version: QemuVersion = DEFAULT_QEMU_VERSION,
): DeviceInfo | undefined {
  const spm = spmDevices.get(driver);
  if (spm) return formEnabled(spm.form, spmForm) && releasedIn(spm.since, version) ? spm : undefined;
  return deviceMap.get(driver);
}

export function deviceProps(
  driver: string,
  spmForm: SpmFormSetting,
  version: QemuVersion = DEFAULT_QEMU_VERSION,
): Map<string, PropInfo> | undefined {
  return deviceInfo(driver, spmForm, version)?.props;
}

/** Every -device name QEMU (and the enabled SPM forms) accepts. */
export function deviceTypes(spmForm: SpmFormSetting, version: QemuVersion = DEFAULT_QEMU_VERSION): string[] {
  const names = [...deviceMap.keys()];
  for (const d of spmDevices.values())
    if (formEnabled(d.form, spmForm) && releasedIn(d.since, version)) names.push(d.name);
  return names.sort();
}

// Objects.
const objectMap = new Map<string, Map<string, PropInfo>>();
for (const [name, o] of Object.entries(data.objects as Record<string, { properties: RawProp[] }>)) {
  objectMap.set(name, propMap(o.properties)!);
}

/** Properties of an -object type (without qom-type and id), or undefined for an unknown type. */
export function objectProps(qomType: string): Map<string, PropInfo> | undefined {
  return objectMap.get(qomType);
}

export function objectTypes(): string[] {
  return [...objectMap.keys()];
}

// -numa.
const numaMap = new Map<string, Map<string, PropInfo>>();
for (const [type, members] of Object.entries(data.numa.members as Record<string, RawProp[]>)) {
  numaMap.set(type, propMap(members)!);
}
const numaSpm = new Map<string, PropInfo[]>();
for (const [type, members] of Object.entries(overlay.numa as Record<string, RawProp[]>)) {
  numaSpm.set(type, members.map(toPropInfo));
}
const numaCache = new Map<string, Map<string, PropInfo>>();

export function numaTypes(): string[] {
  return [...data.numa.types];
}

/** Members of `-numa TYPE` (without `type`), SPM members filtered by the setting. */
export function numaProps(type: string, spmForm: SpmFormSetting): Map<string, PropInfo> | undefined {
  const base = numaMap.get(type);
  if (!base) return undefined;
  const extra = numaSpm.get(type);
  if (!extra) return base;
  const key = `${type}\0${spmForm}`;
  let m = numaCache.get(key);
  if (!m) {
    m = new Map(base);
    for (const p of extra) if (formEnabled(p.form, spmForm)) m.set(p.name, p);
    numaCache.set(key, m);
  }
  return m;
}

// Machines: per QEMU release, in machines.ts.
export { machineTypes, machineType, defaultMachine, machineListSource } from './machines';
export type { MachineTypeInfo } from './machines';

const machinePropMaps = new Map<string, Map<string, PropInfo>>();
for (const [family, props] of Object.entries(data.machineProps as Record<string, RawProp[]>)) {
  machinePropMaps.set(family, propMap(props)!);
}

/** QOM properties of the pc or q35 machine (what -machine accepts besides `type`). */
export function machineProps(family: 'pc' | 'q35' = 'q35'): Map<string, PropInfo> {
  return machinePropMaps.get(family) ?? new Map<string, PropInfo>();
}

const qemuoptsMaps = new Map<string, Map<string, PropInfo>>();
for (const [list, props] of Object.entries(data.qemuopts as Record<string, RawProp[]>)) {
  qemuoptsMaps.set(list, propMap(props)!);
}

/** Parameters of a QemuOpts list ('memory', 'smp-opts', 'accel', ...); empty desc = any key. */
export function qemuoptsProps(list: string): Map<string, PropInfo> | undefined {
  return qemuoptsMaps.get(list);
}

/** -m: size, slots, maxmem (QemuOpts list "memory"). */
export function memoryProps(): Map<string, PropInfo> {
  return qemuoptsMaps.get('memory') ?? new Map<string, PropInfo>();
}

/** -smp members. */
export function smpProps(): Map<string, PropInfo> {
  return qemuoptsMaps.get('smp-opts') ?? new Map<string, PropInfo>();
}

/** Values of an enum by QEMU type name ('HostMemPolicy', 'OnOffAuto', ...). */
export function enumValues(type: string): string[] | undefined {
  return enumsByType.get(type);
}
