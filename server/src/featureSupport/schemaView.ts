// The questions completion and hover ask about QEMU's options, types and properties, answered
// by the schema (analysis/schema: QEMU 7.2's own data plus the SPM overlay, filtered by the
// spmForm setting). One adapter, so the features need not know the schema's shapes.
import * as schema from '../analysis/schema/index';
import type { PropInfo } from '../analysis/schema/index';
import type { QemuVersion, Settings, SpmFormSetting } from '../analysis/types';
import { DEFAULT_QEMU_VERSION } from '../analysis/types';

export interface OptionInfo {
  name: string;
  takesArg: boolean;
  help: string;
  usage: string[];
}

export interface TypeInfo {
  name: string;
  help?: string;
  /** Memory backends, memory devices and NUMA nodes are listed first in completion. */
  memory: boolean;
  deprecated?: boolean;
}

export interface PropertyInfo {
  name: string;
  type: string;
  help?: string;
  default?: string;
  values?: string[];
}

export interface SchemaView {
  options(): OptionInfo[];
  option(name: string): OptionInfo | undefined;
  /** Canonical name of a written option ('-M' → 'machine'), undefined when QEMU has none. */
  canonical(written: string): string | undefined;
  takesArg(name: string): boolean;
  /** Key of the value written first without `key=` (driver, qom-type, type, size). */
  impliedKey(option: string): string | undefined;
  types(option: string): TypeInfo[];
  type(option: string, name: string): TypeInfo | undefined;
  properties(option: string, type?: string): PropertyInfo[];
  property(option: string, type: string | undefined, key: string): PropertyInfo | undefined;
}

const MEMORY_TYPE = /^(memory-backend-|pc-dimm$|nvdimm$|spm-memory$|sp-mem$|virtio-mem|virtio-pmem|node$)/;
const ID: PropertyInfo = { name: 'id', type: 'str', help: 'id that memdev=, memory-backend= and QMP refer to' };

function property(p: PropInfo): PropertyInfo {
  const values = p.values ?? (p.kind === 'bool' ? ['on', 'off'] : undefined);
  let def: string | undefined;
  // Defaults come from QEMU's JSON: booleans print as QEMU's on/off, strings as they are, numbers in decimal.
  if (typeof p.default === 'boolean') def = p.default ? 'on' : 'off';
  else if (typeof p.default === 'string') def = p.default;
  else if (p.default !== undefined && p.default !== null) def = JSON.stringify(p.default);
  return { name: p.name, type: p.type, help: p.description, default: def, values };
}

function option(o: schema.OptionInfo): OptionInfo {
  return { name: o.name, takesArg: o.takesArg, help: o.help, usage: o.usage };
}

/** The types an option takes (-device models, -object types, -numa types, machine types) for one target. */
function typesOf(name: string, spmForm: SpmFormSetting, version: QemuVersion): TypeInfo[] {
  switch (name) {
    case 'device':
      return schema
        .deviceTypes(spmForm, version)
        .map((d) => schema.deviceInfo(d, spmForm, version))
        .filter((d): d is schema.DeviceInfo => !!d && d.category !== 'CPU')
        .map((d) => ({ name: d.name, help: d.desc, memory: MEMORY_TYPE.test(d.name) }));
    case 'object':
      return schema.objectTypes(version).map((t) => ({ name: t, memory: MEMORY_TYPE.test(t) }));
    case 'numa':
      return schema.numaTypes().map((t) => ({ name: t, memory: t === 'node' }));
    case 'machine': {
      const out: TypeInfo[] = [];
      for (const m of schema.machineTypes(version)) {
        if (m.alias) out.push({ name: m.alias, help: `alias of ${m.name}`, memory: false, deprecated: m.deprecated });
        out.push({
          name: m.name,
          help: m.isDefault ? 'default machine' : undefined,
          memory: false,
          deprecated: m.deprecated,
        });
      }
      return out;
    }
    default:
      return [];
  }
}

/** The properties of one option type (or of a QemuOpts option) for one target. */
function propertiesOf(
  name: string,
  type: string | undefined,
  spmForm: SpmFormSetting,
  version: QemuVersion,
): PropertyInfo[] {
  let map: Map<string, PropInfo> | undefined;
  let extra: PropertyInfo[] = [];
  switch (name) {
    case 'device':
      map = type ? schema.deviceProps(type, spmForm, version) : undefined;
      extra = [ID];
      break;
    case 'object':
      map = type ? schema.objectProps(type, version) : undefined;
      extra = [ID];
      break;
    case 'numa':
      map = type ? schema.numaProps(type, spmForm, version) : undefined;
      break;
    case 'machine': {
      const family = type ? schema.machineType(type, version)?.family : 'q35';
      map = schema.machineProps(family === 'pc' ? 'pc' : 'q35', version);
      break;
    }
    default: {
      const info = schema.optionInfo(name, version);
      map = info?.optsList ? schema.qemuoptsProps(info.optsList, version) : undefined;
    }
  }
  const list = map ? [...map.values()].filter((p) => p.name).map(property) : [];
  return [...extra.filter((e) => !list.some((p) => p.name === e.name)), ...list];
}

/** What completion and hover offer for one target: the spmForm setting and the QEMU release (sp-mem is 11.1's). */
export function schemaView(spmForm: SpmFormSetting, version: QemuVersion = DEFAULT_QEMU_VERSION): SchemaView {
  const typeCache = new Map<string, TypeInfo[]>();
  const propCache = new Map<string, PropertyInfo[]>();
  const options = schema.allOptions(version).map(option);

  const view: SchemaView = {
    options: () => options,
    option(name) {
      const o = schema.optionInfo(name, version);
      return o ? option(o) : undefined;
    },
    canonical: (written) => schema.optionInfo(written.replace(/^--?/, ''), version)?.name,
    takesArg: (name) => schema.optionInfo(name, version)?.takesArg ?? false,
    impliedKey: (name) => schema.optionInfo(name, version)?.impliedKey,
    types(name) {
      let cached = typeCache.get(name);
      if (!cached) typeCache.set(name, (cached = typesOf(name, spmForm, version)));
      return cached;
    },
    type: (name, t) => view.types(name).find((x) => x.name === t),
    properties(name, type) {
      const key = `${name}\0${type ?? ''}`;
      let cached = propCache.get(key);
      if (!cached) {
        // Types come from the user's text: keep the cache bounded.
        if (propCache.size > 1000) propCache.clear();
        propCache.set(key, (cached = propertiesOf(name, type, spmForm, version)));
      }
      return cached;
    },
    property: (name, type, key) => view.properties(name, type).find((p) => p.name === key),
  };
  return view;
}

const views = new Map<string, SchemaView>();

/** One view per (spmForm, QEMU release), built once. */
export function schemaFor(settings: Pick<Settings, 'spmForm' | 'qemuVersion'>): SchemaView {
  const version = settings.qemuVersion ?? DEFAULT_QEMU_VERSION;
  const key = `${settings.spmForm}\0${version}`;
  let v = views.get(key);
  if (!v) {
    v = schemaView(settings.spmForm, version);
    views.set(key, v);
  }
  return v;
}

/** A property's type and default, as completion's detail and hover's first line show it. */
export function propertyDetail(p: PropertyInfo): string {
  return p.default !== undefined ? `${p.type} (default ${p.default})` : p.type;
}
