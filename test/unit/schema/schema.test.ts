// The schema lookups answer what QEMU 7.2.22 itself says. Expected facts are copied from the
// binary's own output (test/fixtures/options/qemu-7.2-help.txt and the commands quoted below),
// not from the generated JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as schema from '../../../server/src/analysis/schema/index';

const help = readFileSync(join(__dirname, '../../fixtures/options/qemu-7.2-help.txt'), 'utf8');

/** "name=<type>  - text (default: x)" lines of one `,help` listing. */
function helpListing(header: string): Map<string, { type: string; text: string }> {
  const block = help.split(/^\$ /m).find((b) => b.includes(header))!;
  const out = new Map<string, { type: string; text: string }>();
  for (const line of block.split('\n')) {
    const m = /^ {2}([\w.-]+)=<(.+?)>\s*(?:- (.*))?$/.exec(line);
    if (m) out.set(m[1], { type: m[2], text: (m[3] ?? '').trim() });
  }
  return out;
}

test('names the QEMU it came from', () => {
  assert.equal(schema.qemuVersion, '7.2.22');
});

test('option table: arguments and flags as QEMU 7.2 parses them', () => {
  // qemu-system-x86_64 -m  → "-m: requires an argument";  -M likewise; -S/-nodefaults are flags
  for (const name of ['m', 'machine', 'M', 'numa', 'object', 'device', 'smp', 'cpu', 'drive', 'name'])
    assert.equal(schema.optionInfo(name, '7.2')?.takesArg, true, name);
  for (const name of [
    'S',
    'nodefaults',
    'enable-kvm',
    'no-reboot',
    'snapshot',
    'nographic',
    'no-shutdown',
    'daemonize',
    'mem-prealloc',
    'xen-domid-restrict',
    'only-migratable',
  ])
    assert.equal(schema.optionInfo(name, '7.2')?.takesArg, false, name);
  assert.equal(schema.optionInfo('foo', '7.2'), undefined);
  assert.equal(schema.optionInfo('M', '7.2')?.name, 'machine');
  assert.equal(
    schema.allOptions('7.2').some((o) => o.name === 'M'),
    false,
    'an alias is not listed twice',
  );
});

test('argument syntax and implied keys per option', () => {
  const s = (n: string) => [schema.optionInfo(n, '7.2')?.syntax, schema.optionInfo(n, '7.2')?.impliedKey];
  assert.deepEqual(s('machine'), ['keyval', 'type']);
  assert.deepEqual(s('smp'), ['keyval', 'cpus']);
  assert.deepEqual(s('m'), ['qemuopts', 'size']);
  assert.deepEqual(s('numa'), ['qemuopts', 'type']);
  assert.deepEqual(s('object'), ['json-or-qemuopts', 'qom-type']);
  assert.deepEqual(s('device'), ['json-or-qemuopts', 'driver']);
  assert.match(schema.optionInfo('m', '7.2')!.usage[0], /^-m \[size=\]megs\[,slots=n,maxmem=size\]$/);
});

test('machine types and aliases (qemu-system-x86_64 -machine help)', () => {
  assert.equal(schema.machineType('pc', '7.2')?.name, 'pc-i440fx-7.2');
  assert.equal(schema.machineType('q35', '7.2')?.name, 'pc-q35-7.2');
  assert.equal(schema.defaultMachine('7.2').name, 'pc-i440fx-7.2');
  assert.deepEqual(schema.machineType('pc-q35-6.2')?.version, [6, 2]);
  assert.equal(schema.machineType('pc-q35-6.2')?.family, 'q35');
  assert.equal(schema.machineType('pc-q35-2.0'), undefined);
  assert.ok(help.includes('(alias of pc-q35-7.2)'));
});

test('device properties match -device pc-dimm,help', () => {
  const expected = helpListing('-device pc-dimm,help');
  const props = schema.deviceProps('pc-dimm', 'auto')!;
  assert.deepEqual([...props.keys()].sort(), [...expected.keys()].sort());
  for (const [name, e] of expected) assert.equal(props.get(name)!.type, e.type, name);
  assert.equal(props.get('slot')!.default, -1);
  assert.equal(props.get('node')!.kind, 'uint');
  assert.equal(props.get('node')!.bits, 32);
  assert.equal(schema.deviceInfo('pc-dimm', 'auto')!.desc, 'DIMM memory module');
  assert.equal(schema.deviceProps('virtio-mem-pci', 'auto')!.get('requested-size')!.kind, 'size');
});

test('object properties match -object memory-backend-ram,help, with QEMU parser types', () => {
  const expected = helpListing('-object memory-backend-ram,help');
  const props = schema.objectProps('memory-backend-ram', '7.2')!;
  assert.deepEqual([...props.keys()].sort(), [...expected.keys()].sort());
  for (const [name, e] of expected) if (e.text) assert.equal(props.get(name)!.description, e.text, name);
  // "size=<int>" in the listing, but QEMU parses it as a size: "Parameter 'size' expects a size value".
  assert.equal(props.get('size')!.kind, 'size');
  assert.deepEqual(props.get('policy')!.values, ['default', 'preferred', 'bind', 'interleave']);
  assert.equal(props.get('host-nodes')!.kind, 'list');
  assert.equal(schema.enumValues('HostMemPolicy')?.length, 4);
  assert.equal(schema.objectProps('memory-backend-file', '7.2')!.get('mem-path')!.required, true);
  assert.equal(schema.objectProps('nosuch', '7.2'), undefined);
});

test('-numa members from QAPI NumaOptions, widths from QEMU range errors', () => {
  // -numa node,nodeid=70000 → Parameter 'nodeid' expects uint16_t; -numa dist,...,val=300 → expects uint8_t
  const node = schema.numaProps('node', 'none', '7.2')!;
  assert.deepEqual([...node.keys()], ['nodeid', 'cpus', 'mem', 'memdev', 'initiator']);
  assert.equal(node.get('nodeid')!.bits, 16);
  assert.equal(node.get('mem')!.kind, 'size');
  assert.equal(schema.numaProps('dist', 'none', '7.2')!.get('val')!.bits, 8);
  assert.deepEqual(schema.numaTypes(), ['cpu', 'dist', 'hmat-cache', 'hmat-lb', 'node']);
  assert.equal(schema.numaProps('hmat-lb', 'none', '7.2')!.get('target')!.required, true);
});

test('the SPM overlay follows the spmForm setting', () => {
  const keys = (form: Parameters<typeof schema.numaProps>[1]) =>
    [...schema.numaProps('node', form, '7.2')!.keys()].filter((k) => k === 'spm' || k === 'memmap-type');
  assert.deepEqual(keys('auto'), ['spm', 'memmap-type']);
  assert.deepEqual(keys('v4'), ['spm']);
  assert.deepEqual(keys('v7'), ['memmap-type']);
  assert.deepEqual(keys('v8'), []);
  assert.deepEqual(keys('none'), []);
  assert.deepEqual(schema.numaProps('node', 'v7', '7.2')!.get('memmap-type')!.values, ['normal', 'spm', 'reserved']);
  assert.equal(schema.numaProps('node', 'v4', '7.2')!.get('spm')!.kind, 'bool');
  const spm = schema.deviceInfo('spm-memory', 'v8')!;
  assert.equal(spm.desc, 'SPM (Specific Purpose Memory) device');
  assert.equal(spm.form, 'v8');
  assert.deepEqual([...spm.props!.keys()].sort(), ['addr', 'memdev', 'node']);
  assert.equal(spm.props!.get('node')!.default, 0);
  assert.equal(schema.deviceInfo('spm-memory', 'upstream'), undefined);
  assert.equal(schema.deviceInfo('sp-mem', 'upstream')!.form, 'upstream');
  assert.equal(schema.deviceInfo('sp-mem', 'none'), undefined);
  assert.ok(schema.deviceTypes('auto').includes('sp-mem'));
  assert.ok(!schema.deviceTypes('v4').includes('spm-memory'));
});

test('-m, -smp and -machine parameter lists', () => {
  // -m 4G,foo=1 → Invalid parameter 'foo' (only size, slots, maxmem)
  assert.deepEqual([...schema.memoryProps('7.2').keys()].sort(), ['maxmem', 'size', 'slots']);
  assert.ok(schema.smpProps('7.2').has('sockets'));
  const q35 = schema.machineProps('q35', '7.2');
  assert.equal(q35.get('max-ram-below-4g')!.kind, 'size');
  assert.deepEqual(q35.get('smm')!.values, ['on', 'off', 'auto']);
  assert.equal(q35.get('nvdimm')!.description, 'Set on/off to enable/disable NVDIMM instantiation');
});
