// -cpu and -global go through the options layer like every other option: a prop (with spans)
// per feature or key, read the way QEMU reads them (x86_cpu_parse_featurestr, qemu_global_option).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, parse } from './helpers';
import { analyze } from '../../../server/src/analysis/index';

const props = (text: string, name: string) =>
  parse(text)
    .options.find((o) => o.name === name)!
    .props.map((p) => [p.key, p.value, p.flag ?? '']);

test('-cpu: the model, then +feat/-feat/feat/key=value; strtok skips empty items; _ reads as -', () => {
  const text = 'qemu-system-x86_64 -cpu Skylake-Server,+avx2,-x2apic,,pdpe1gb,phys_bits=42,vendor=GenuineIntel\n';
  assert.deepEqual(props(text, 'cpu'), [
    ['model', 'Skylake-Server', ''],
    ['avx2', 'on', 'on'],
    ['x2apic', 'off', 'off'],
    ['pdpe1gb', 'on', 'on'],
    ['phys-bits', '42', ''],
    ['vendor', 'GenuineIntel', ''],
  ]);
  const cpu = parse(text).options.find((o) => o.name === 'cpu')!;
  const phys = cpu.props.find((p) => p.key === 'phys-bits')!;
  assert.deepEqual(phys.keySpan, at(text, 'phys_bits'));
  assert.deepEqual(phys.valueSpan, at(text, '42'));
  assert.deepEqual(cpu.props[1].keySpan, at(text, 'avx2'));
});

test('-cpu features set the machine: vendor= and phys-bits= from their own props', () => {
  const m = analyze('qemu-system-x86_64 -cpu qemu64,vendor=GenuineIntel,phys-bits=44\n').invocations[0].machine;
  assert.equal(m.cpuVendor, 'intel');
  assert.equal(m.physBits, 44);
});

test('a phys-bits problem points its related location at the phys-bits value, not the whole -cpu argument', () => {
  const text = 'qemu-system-x86_64 -machine q35 -cpu qemu64,+avx,phys-bits=36 -m 4G,slots=1,maxmem=1T\n';
  const d = analyze(text).diagnostics.find((x) => x.code === 'QL-layout-001');
  assert.ok(d, 'phys-bits 36 cannot address 1 TiB of device memory');
  const related = d.related?.find((r) => r.message === 'the CPU sets phys-bits');
  assert.ok(related);
  assert.equal(text.slice(related.span.start, related.span.end), '36');
});

test('-global: driver.property=value keeps the rest of the word as the value; the QemuOpts form unescapes ,,', () => {
  const short = 'qemu-system-x86_64 -global q35-pcihost.pci-hole64-size=1T\n';
  assert.deepEqual(props(short, 'global'), [
    ['driver', 'q35-pcihost', ''],
    ['property', 'pci-hole64-size', ''],
    ['value', '1T', ''],
  ]);
  const g = parse(short).options.find((o) => o.name === 'global')!;
  assert.deepEqual(g.props[2].valueSpan, at(short, '1T'));
  const long = 'qemu-system-x86_64 -global driver=q35-pcihost,property=pci-hole64-size,value=1T\n';
  assert.deepEqual(props(long, 'global'), [
    ['driver', 'q35-pcihost', ''],
    ['property', 'pci-hole64-size', ''],
    ['value', '1T', ''],
  ]);
  const comma = 'qemu-system-x86_64 -global isa-fdc.driveA=a,,b\n';
  assert.deepEqual(props(comma, 'global')[2], ['value', 'a,,b', ''], 'the short form takes the rest verbatim');
  const m = analyze('qemu-system-x86_64 -M q35 -global driver=q35-pcihost,property=pci-hole64-size,value=1T\n')
    .invocations[0].machine;
  assert.equal(m.pciHole64Size, 1n << 40n);
});

test("-cpu has no ',,' escape: QEMU 7.2 reads vendor=Authentic,,AMD as vendor=Authentic then a feature AMD", () => {
  // Debian's QEMU 7.2: `-cpu qemu64,vendor=Authentic,,AMD` fails with
  // "can't apply global qemu64-x86_64-cpu.vendor=Authentic: Property '.vendor' doesn't take value 'Authentic'".
  assert.deepEqual(props('qemu-system-x86_64 -cpu qemu64,vendor=Authentic,,AMD\n', 'cpu'), [
    ['model', 'qemu64', ''],
    ['vendor', 'Authentic', ''],
    ['AMD', 'on', 'on'],
  ]);
});
