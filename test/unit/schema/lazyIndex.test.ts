// The schema indexes each device, -object type and list on first lookup (lazyTable.ts). Whatever
// is asked first, every entry must hold what the generated schema says: 7.2's JSON as gen-schema
// recorded it from QEMU, and for 10.0/11.1 that JSON with qemu-10.0-delta.json applied. This file
// asks 11.1 before 7.2 and machine properties before any device (node --test runs each file in its
// own process, so the tables start empty).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as schema from '../../../server/src/analysis/schema/index';
import { LazyTable } from '../../../server/src/analysis/schema/lazyTable';
import data from '../../../server/src/analysis/schema/qemu-x86_64.json';
import delta from '../../../server/src/analysis/schema/qemu-10.0-delta.json';

interface Raw {
  name: string;
  type: string;
  description?: string;
  default?: unknown;
  parsedAs?: string;
}
type RawDevice = { desc?: string; bus?: string; properties: Raw[] | null };
interface PropsDelta {
  added?: Raw[];
  removed?: string[];
  changed?: Raw[];
}
const devices72 = data.devices as Record<string, RawDevice>;
const d = delta as unknown as {
  devices: { added: Record<string, RawDevice>; removed: string[]; props: Record<string, PropsDelta> };
  objects: { added: Record<string, { properties: Raw[] }>; removed: string[]; props: Record<string, PropsDelta> };
};

/** The type QEMU's parser reads the member as, as the schema reports it (list members are 'list'). */
const typeOf = (p: Raw) => (p.parsedAs ? (/ list$| value or range$/.test(p.parsedAs) ? 'list' : p.parsedAs) : p.type);

/** The properties a raw list and a delta say a release has, by name, the newer entry winning. */
function expected(list: Raw[], pd?: PropsDelta): Map<string, Raw> {
  const m = new Map(list.map((p) => [p.name, p]));
  for (const n of pd?.removed ?? []) m.delete(n);
  for (const p of [...(pd?.added ?? []), ...(pd?.changed ?? [])]) m.set(p.name, p);
  return m;
}

function assertProps(actual: Map<string, schema.PropInfo> | undefined, want: Map<string, Raw>, what: string) {
  assert.ok(actual, what);
  assert.deepEqual([...actual.keys()], [...want.keys()], what);
  for (const [name, raw] of want) {
    const p: schema.PropInfo = actual.get(name)!;
    assert.equal(p.type, typeOf(raw), `${what} ${name}`);
    assert.deepEqual(p.default, raw.default, `${what} ${name}`);
    assert.equal(p.description, raw.description || undefined, `${what} ${name}`);
  }
}

test('a -machine property gets the values of its enum type from the devices, asked before any device', () => {
  // QEMU describes OnOffAuto device properties as "on/off/auto"; the machine's `acpi` (OnOffAuto,
  // "Enable ACPI") lists none itself. This runs first, before any device is indexed.
  const slash = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)+$/;
  const described = Object.values(devices72)
    .flatMap((dev) => dev.properties ?? [])
    .find((p) => p.type === 'OnOffAuto' && p.description && slash.test(p.description))!;
  const acpi = (data.machineProps as Record<string, Raw[]>).q35.find((p) => p.name === 'acpi')!;
  assert.equal(acpi.type, 'OnOffAuto');
  assert.ok(!slash.test(acpi.description!), 'acpi lists no values itself');
  for (const version of ['11.1', '7.2'] as const) {
    const info = schema.machineProps('q35', version).get('acpi')!;
    assert.deepEqual(info.values, described.description!.split('/'), version);
    assert.equal(info.kind, 'enum');
  }
  assert.deepEqual(schema.enumValues('OnOffAuto'), described.description!.split('/'));
});

test('11.1, asked first: every device of 7.2 with the 10.0 delta applied, removed ones gone', () => {
  const names = new Set(Object.keys(devices72));
  for (const n of d.devices.removed) names.delete(n);
  for (const n of Object.keys(d.devices.added)) names.add(n);
  const types = schema.deviceTypes('none', '11.1');
  assert.deepEqual(types, [...names].sort());
  for (const n of d.devices.removed) assert.equal(schema.deviceInfo(n, 'none', '11.1'), undefined, n);
  for (const name of names) {
    const raw = Object.hasOwn(d.devices.added, name) ? d.devices.added[name] : devices72[name];
    const info = schema.deviceInfo(name, 'none', '11.1');
    assert.equal(info?.name, name);
    assert.equal(info.desc, raw.desc, name);
    if (!raw.properties) assert.equal(info.props, undefined, name);
    else assertProps(info.props, expected(raw.properties, d.devices.props[name]), `11.1 ${name}`);
  }
});

test('7.2: every device exactly as the generated schema lists it', () => {
  assert.deepEqual(schema.deviceTypes('none', '7.2'), Object.keys(devices72).sort());
  for (const [name, raw] of Object.entries(devices72)) {
    const info = schema.deviceInfo(name, 'none', '7.2')!;
    assert.equal(info.bus, raw.bus, name);
    if (!raw.properties) assert.equal(info.props, undefined, name);
    else assertProps(info.props, expected(raw.properties), `7.2 ${name}`);
  }
  for (const n of d.devices.removed) assert.ok(schema.deviceInfo(n, 'none', '7.2'), n);
});

test('-object types in both releases', () => {
  const objects72 = data.objects as Record<string, { properties: Raw[] }>;
  for (const [name, o] of Object.entries(objects72)) {
    assertProps(schema.objectProps(name, '7.2'), expected(o.properties), `7.2 ${name}`);
    if (!d.objects.removed.includes(name))
      assertProps(schema.objectProps(name, '10.0'), expected(o.properties, d.objects.props[name]), `10.0 ${name}`);
  }
  for (const [name, o] of Object.entries(d.objects.added)) {
    assertProps(schema.objectProps(name, '10.0'), expected(o.properties, d.objects.props[name]), `10.0 ${name}`);
    assert.equal(schema.objectProps(name, '7.2'), undefined, name);
  }
  assert.deepEqual(schema.objectTypes('7.2'), Object.keys(objects72));
});

test('names inherited by every object are no entries', () => {
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    assert.equal(schema.deviceInfo(name, 'auto', '7.2'), undefined, name);
    assert.equal(schema.deviceInfo(name, 'auto', '11.1'), undefined, name);
    assert.equal(schema.objectProps(name, '10.0'), undefined, name);
    assert.equal(schema.numaProps(name, 'auto', '7.2'), undefined, name);
    assert.equal(schema.qemuoptsProps(name, '10.0'), undefined, name);
  }
});

test('LazyTable builds an entry once, on its first lookup, and only for listed names', () => {
  const built: string[] = [];
  let listed = 0;
  const table = new LazyTable(
    () => {
      listed++;
      return ['a', 'b'];
    },
    (name) => {
      built.push(name);
      return { name };
    },
  );
  assert.deepEqual(built, []);
  assert.equal(table.get('b'), table.get('b'));
  assert.equal(table.get('c'), undefined);
  assert.deepEqual(built, ['b']);
  assert.deepEqual([...table.keys()], ['a', 'b']);
  assert.equal(listed, 1);
});
