// The questions completion and hover ask about QEMU's options, types and properties, answered
// from the generated schema. One adapter so the features do not depend on the schema's layout.
import raw from '../analysis/schema/qemu-x86_64.json';

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

interface RawProp {
  name: string;
  type?: string;
  description?: string;
  default?: unknown;
  values?: string[];
  parsedAs?: string;
  optional?: boolean;
}

interface RawSchema {
  options?: { name: string; takesArg: boolean; usage?: string[]; help?: string }[];
  qemuopts?: Record<string, RawProp[]>;
  machines?: { name: string; alias?: string; isDefault?: boolean; deprecated?: boolean; desc?: string }[];
  machineProps?: Record<string, RawProp[]>;
  devices?: Record<string, { desc?: string; category?: string; properties?: RawProp[] | null; abstract?: boolean }>;
  objects?: Record<string, { desc?: string; properties?: RawProp[] | null; abstract?: boolean }>;
  numa?: { types?: string[]; members?: Record<string, RawProp[]> };
}

const schema = raw as unknown as RawSchema;

/** Written option spellings QEMU treats as another option. */
const ALIASES: Record<string, string> = { M: 'machine' };

/** Options whose argument begins with an implied key, and that key's name. */
export const IMPLIED_KEY: Record<string, string> = {
  device: 'driver',
  object: 'qom-type',
  numa: 'type',
  machine: 'type',
  m: 'size',
  accel: 'accel',
  netdev: 'type',
  chardev: 'backend',
};

/** qemuopts groups whose name differs from the option's. */
const QEMUOPTS_GROUP: Record<string, string> = { m: 'memory', smp: 'smp-opts', boot: 'boot-opts' };

/** SPM devices of the patched and upstream QEMUs, which the 7.2 schema cannot know. */
const SPM_DEVICES: Record<string, { help: string; props: RawProp[] }> = {
  'spm-memory': {
    help: 'Specific Purpose Memory device (SPM v8 patches): placed in device memory, E820 SOFT_RESERVED, SRAT ENABLED at its node',
    props: [
      { name: 'memdev', type: 'link<memory-backend>', description: 'memory backend providing the SPM range' },
      { name: 'node', type: 'uint32', default: 0, description: 'NUMA node the range belongs to' },
      { name: 'addr', type: 'uint64', default: 0, description: 'guest physical address (0: first free, aligned)' },
    ],
  },
  'sp-mem': {
    help: 'Specific Purpose Memory device (upstream QEMU 11.1+): E820 SOFT_RESERVED, SRAT ENABLED at its node',
    props: [
      { name: 'memdev', type: 'link<memory-backend>', description: 'memory backend providing the SPM range' },
      { name: 'node', type: 'uint32', default: 0, description: 'NUMA node the range belongs to' },
      { name: 'addr', type: 'uint64', default: 0, description: 'guest physical address (0: first free, aligned)' },
    ],
  },
};

/** SPM keys of -numa node in the v4 and v7 patches. */
const SPM_NUMA_PROPS: RawProp[] = [
  { name: 'memmap-type', type: 'enum', values: ['normal', 'spm', 'reserved'], description: 'SPM v7: how the node\'s memory is reported (E820 RAM, SOFT_RESERVED, or RESERVED)' },
  { name: 'spm', type: 'bool', description: 'SPM v4: report the node\'s memory as Specific Purpose Memory (E820 SOFT_RESERVED)' },
];

const MEMORY_TYPE = /^(memory-backend-|pc-dimm$|nvdimm$|spm-memory$|sp-mem$|virtio-mem|virtio-pmem|node$)/;

function prop(p: RawProp): PropertyInfo {
  const type = p.parsedAs ?? p.type ?? 'string';
  const values = p.values ?? (/^(bool|boolean|OnOffAuto)$/.test(p.type ?? '') ? (p.type === 'OnOffAuto' ? ['on', 'off', 'auto'] : ['on', 'off']) : undefined);
  return {
    name: p.name,
    type,
    help: p.description,
    default: p.default === undefined || p.default === null ? undefined : String(p.default),
    values,
  };
}

export interface SchemaView {
  options(): OptionInfo[];
  option(name: string): OptionInfo | undefined;
  canonical(written: string): string | undefined;
  takesArg(name: string): boolean;
  types(option: string): TypeInfo[];
  type(option: string, name: string): TypeInfo | undefined;
  properties(option: string, type?: string): PropertyInfo[];
  property(option: string, type: string | undefined, key: string): PropertyInfo | undefined;
}

/** spmForm decides which SPM spellings are offered: only the form the target QEMU understands. */
export function schemaView(spmForm: string): SchemaView {
  const options = (schema.options ?? [])
    .filter((o) => !(o.name in ALIASES))
    .map((o) => ({ name: o.name, takesArg: o.takesArg, help: o.help ?? '', usage: o.usage ?? [] }));
  const byName = new Map(options.map((o) => [o.name, o]));
  const spmDevices = Object.keys(SPM_DEVICES).filter(
    (d) => spmForm === 'auto' || (spmForm === 'v8' && d === 'spm-memory') || (spmForm === 'upstream' && d === 'sp-mem'),
  );
  const numaSpm = SPM_NUMA_PROPS.filter(
    (p) => spmForm === 'auto' || (spmForm === 'v4' && p.name === 'spm') || (spmForm === 'v7' && p.name === 'memmap-type'),
  );

  const view: SchemaView = {
    options: () => options,
    option: (name) => byName.get(ALIASES[name] ?? name),
    canonical(written) {
      const name = written.replace(/^--?/, '');
      const c = ALIASES[name] ?? name;
      return byName.has(c) ? c : undefined;
    },
    takesArg: (name) => byName.get(ALIASES[name] ?? name)?.takesArg ?? false,
    types(option) {
      let cached = typeCache.get(option);
      if (!cached) typeCache.set(option, (cached = computeTypes(option)));
      return cached;
    },
    type: (option, name) => view.types(option).find((t) => t.name === name),
    properties(option, type) {
      const key = `${option}\0${type ?? ''}`;
      let cached = propCache.get(key);
      if (!cached) {
        // Types come from the user's text: keep the cache bounded.
        if (propCache.size > 1000) propCache.clear();
        propCache.set(key, (cached = computeProperties(option, type)));
      }
      return cached;
    },
    property: (option, type, key) => view.properties(option, type).find((p) => p.name === key),
  };
  const typeCache = new Map<string, TypeInfo[]>();
  const propCache = new Map<string, PropertyInfo[]>();

  function computeTypes(option: string): TypeInfo[] {
      switch (option) {
        case 'device':
          return [
            ...spmDevices.map((d) => ({ name: d, help: SPM_DEVICES[d].help, memory: true })),
            ...Object.entries(schema.devices ?? {})
              .filter(([, d]) => !d.abstract && d.category !== 'CPU')
              .map(([name, d]) => ({ name, help: d.desc, memory: MEMORY_TYPE.test(name) })),
          ];
        case 'object':
          return Object.entries(schema.objects ?? {})
            .filter(([, o]) => !o.abstract)
            .map(([name, o]) => ({ name, help: o.desc, memory: MEMORY_TYPE.test(name) }));
        case 'numa':
          return (schema.numa?.types ?? []).map((name) => ({ name, memory: name === 'node' }));
        case 'machine': {
          const out: TypeInfo[] = [];
          for (const m of schema.machines ?? []) {
            if (m.alias) out.push({ name: m.alias, help: `alias of ${m.name}`, memory: false, deprecated: m.deprecated });
            out.push({ name: m.name, help: m.desc, memory: false, deprecated: m.deprecated });
          }
          return out;
        }
        default:
          return [];
      }
  }

  function computeProperties(option: string, type: string | undefined): PropertyInfo[] {
      let list: RawProp[] = [];
      switch (option) {
        case 'device':
          if (type && SPM_DEVICES[type]) list = spmDevices.includes(type) ? SPM_DEVICES[type].props : [];
          else list = (type && schema.devices?.[type]?.properties) || [];
          list = [{ name: 'id', type: 'str', description: 'device id' }, ...list.filter((p) => p.name !== 'id')];
          break;
        case 'object':
          list = [{ name: 'id', type: 'str', description: 'object id (memdev= and memory-backend= refer to it)' }, ...((type && schema.objects?.[type]?.properties) || [])];
          break;
        case 'numa':
          list = (type && schema.numa?.members?.[type]) || [];
          if (type === 'node') list = [...list, ...numaSpm];
          break;
        case 'machine': {
          const family = type && /q35/.test(type) ? 'q35' : 'pc';
          const machineProps = schema.machineProps?.[family] ?? [];
          const seen = new Set(machineProps.map((p) => p.name));
          list = [...machineProps, ...(schema.qemuopts?.machine ?? []).filter((p) => p.name && !seen.has(p.name))];
          break;
        }
        default:
          list = schema.qemuopts?.[QEMUOPTS_GROUP[option] ?? option] ?? [];
      }
      return list.filter((p) => p.name).map(prop);
  }
  return view;
}

const views = new Map<string, SchemaView>();

/** One view per spmForm, built once. */
export function schemaFor(spmForm: string): SchemaView {
  let v = views.get(spmForm);
  if (!v) {
    v = schemaView(spmForm);
    views.set(spmForm, v);
  }
  return v;
}
