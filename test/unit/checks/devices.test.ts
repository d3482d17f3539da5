import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, at } from './harness';
import { none, noErrors, only } from './expect';

const Q = 'qemu-system-x86_64 -machine q35 -m 2G,slots=2,maxmem=4G ';
const D = '-object memory-backend-ram,id=d,size=1G ';

test('QL-device-001: memory device without memdev; fixes reuse a free backend or create one', () => {
  let t = Q + D + '-device pc-dimm,id=dimm0';
  let d = only(t, 'QL-device-001');
  assert.equal(at(t, d), 'pc-dimm');
  assert.equal(d.message, "'memdev' property must be set");
  assert.equal(applyFix(t, d.fixes![0].edits), Q + D + '-device pc-dimm,id=dimm0,memdev=d');
  t = Q + '-device pc-dimm,id=dimm0';
  d = only(t, 'QL-device-001');
  const fixed = applyFix(t, d.fixes![0].edits);
  assert.equal(fixed, Q + '-object memory-backend-ram,id=mem0,size=1G -device pc-dimm,id=dimm0,memdev=mem0');
  noErrors(fixed);
  assert.equal(
    only('qemu-system-x86_64 -m 2G,maxmem=4G -device virtio-mem-pci', 'QL-device-001').message,
    "'memdev' property must be set",
  );
  assert.equal(
    only('qemu-system-x86_64 -m 2G,maxmem=4G -numa node -device spm-memory,node=0', 'QL-device-001').message,
    "'memdev' property is required",
  );
  none(Q + D + '-device pc-dimm,memdev=d', 'QL-device-001');
});

test('QL-device-002: memdev naming no object; fix creates the backend before the device', () => {
  const t = Q + '-device pc-dimm,id=dimm0,memdev=nosuch';
  const d = only(t, 'QL-device-002');
  assert.equal(at(t, d), 'nosuch');
  assert.equal(d.message, "Device 'nosuch' not found");
  const fixed = applyFix(t, d.fixes![0].edits);
  assert.equal(fixed, Q + '-object memory-backend-ram,id=nosuch,size=1G -device pc-dimm,id=dimm0,memdev=nosuch');
  noErrors(fixed);
});

test('QL-device-003: node beyond the NUMA nodes, per device kind', () => {
  const N = Q + '-object memory-backend-ram,id=m0,size=2G -numa node,memdev=m0 ' + D;
  let t = N + '-device pc-dimm,memdev=d,node=3';
  let d = only(t, 'QL-device-003');
  assert.equal(at(t, d), '3');
  assert.equal(d.message, "'DIMM property node has value 3' which exceeds the number of numa nodes: 1");
  assert.equal(applyFix(t, d.fixes![0].edits), N + '-device pc-dimm,memdev=d,node=0');
  // Without -numa, slots/maxmem make QEMU create node 0 itself.
  t = Q + D + '-device pc-dimm,memdev=d,node=1';
  d = only(t, 'QL-device-003');
  assert.equal(d.message, "'DIMM property node has value 1' which exceeds the number of numa nodes: 1");
  t =
    'qemu-system-x86_64 -m 2G,maxmem=4G -object memory-backend-ram,id=m0,size=2G -numa node,memdev=m0 -object memory-backend-ram,id=vm,size=1G -device virtio-mem-pci,memdev=vm,node=2';
  assert.equal(
    only(t, 'QL-device-003').message,
    "'node' property has value '2', which exceedsthe number of numa nodes: 1",
  );
  t =
    'qemu-system-x86_64 -m 2G,maxmem=4G -object memory-backend-ram,id=m0,size=2G -numa node,memdev=m0 -object memory-backend-ram,id=h,size=1G -device spm-memory,memdev=h,node=1';
  d = only(t, 'QL-device-003');
  assert.equal(d.message, 'spm-memory: node 1 out of range (numa_state has 1 nodes)');
  assert.equal(d.fixes![0].title, 'Declare -numa node,nodeid=1');
  noErrors(applyFix(t, d.fixes![0].edits));
  none(N + '-numa node -device pc-dimm,memdev=d,node=1', 'QL-device-003');
});

test('QL-device-004: DIMMs need ACPI', () => {
  const t = 'qemu-system-x86_64 -machine q35,acpi=off -m 2G,slots=2,maxmem=4G ' + D + '-device pc-dimm,memdev=d';
  const d = only(t, 'QL-device-004');
  assert.equal(at(t, d), 'pc-dimm');
  assert.equal(d.message, 'memory hotplug is not enabled: missing acpi device or acpi disabled');
  assert.equal(at(t, d.related![0]), 'acpi=off');
  none(t.replace('acpi=off', 'acpi=on'), 'QL-device-004');
  assert.equal(applyFix(t, d.fixes![0].edits), t.replace(',acpi=off', ''));
});

test('QL-device-005: nvdimm needs -machine nvdimm=on; fix adds it', () => {
  const t = Q + '-object memory-backend-ram,id=n,size=1G -device nvdimm,memdev=n';
  const d = only(t, 'QL-device-005');
  assert.equal(at(t, d), 'nvdimm');
  assert.equal(d.message, "nvdimm is not enabled: missing 'nvdimm' in '-M'");
  const fixed = applyFix(t, d.fixes![0].edits);
  assert.equal(fixed, t.replace('-machine q35', '-machine q35,nvdimm=on'));
  none(fixed, 'QL-device-005');
});

test('QL-device-006: duplicate device id, on the second id', () => {
  const t =
    Q +
    '-object memory-backend-ram,id=d0,size=512M -object memory-backend-ram,id=d1,size=512M -device pc-dimm,id=x,memdev=d0 -device pc-dimm,id=x,memdev=d1';
  const d = only(t, 'QL-device-006');
  assert.equal(d.span.start, t.lastIndexOf('id=x') + 3);
  assert.equal(d.message, "Duplicate ID 'x' for device");
  assert.equal(applyFix(t, d.fixes![0].edits), t.replace('id=x,memdev=d1', 'id=x-2,memdev=d1'));
  none(t.replace('id=x,memdev=d1', 'id=y,memdev=d1'), 'QL-device-006');
});

test('QL-device-007: nvdimm label-size minimum', () => {
  const t =
    'qemu-system-x86_64 -machine q35,nvdimm=on -m 2G,slots=2,maxmem=4G -object memory-backend-ram,id=n,size=1G -device nvdimm,memdev=n,label-size=4K';
  const d = only(t, 'QL-device-007');
  assert.equal(at(t, d), '4K');
  assert.equal(d.message, "Property 'nvdimm.label-size' (0x1000) is required at least 0x20000");
  none(t.replace('4K', '128K'), 'QL-device-007');
});

test('QL-device-008: virtio-mem refuses a preallocated backend; fix moves prealloc to the device', () => {
  const t =
    'qemu-system-x86_64 -m 2G,maxmem=4G -object memory-backend-ram,id=vm,size=1G,prealloc=on -device virtio-mem-pci,memdev=vm';
  const d = only(t, 'QL-device-008');
  assert.equal(at(t, d), 'vm');
  assert.equal(
    d.message,
    "'memdev' property specifies a memdev with preallocation enabled: vm. Instead, specify 'prealloc=on' for the virtio-mem device. ",
  );
  const fixed = applyFix(t, d.fixes![0].edits);
  assert.equal(
    fixed,
    'qemu-system-x86_64 -m 2G,maxmem=4G -object memory-backend-ram,id=vm,size=1G -device virtio-mem-pci,memdev=vm,prealloc=on',
  );
  noErrors(fixed);
});

test('QL-device-003: an SPM device without node= needs node 0 to exist', () => {
  const t = 'qemu-system-x86_64 -m 2G -object memory-backend-ram,id=h,size=1G -device spm-memory,memdev=h';
  const d = only(t, 'QL-device-003');
  assert.equal(at(t, d), 'spm-memory');
  assert.equal(d.message, 'spm-memory: node 0 out of range (numa_state has 0 nodes)');
  none('qemu-system-x86_64 -m 2G -object memory-backend-ram,id=h,size=1G -device pc-dimm,memdev=h', 'QL-device-003');
});

test('a created backend goes on its own line, indented and continued like its neighbours', () => {
  const t = [
    'qemu-system-x86_64 \\',
    '    -machine q35 \\',
    '    -m 2G,slots=2,maxmem=4G \\',
    '    -device pc-dimm,id=dimm0,memdev=hbm \\',
    '    -nographic',
    '',
  ].join('\n');
  const d = only(t, 'QL-device-002');
  assert.equal(
    applyFix(t, d.fixes![0].edits),
    [
      'qemu-system-x86_64 \\',
      '    -machine q35 \\',
      '    -m 2G,slots=2,maxmem=4G \\',
      '    -object memory-backend-ram,id=hbm,size=1G \\',
      '    -device pc-dimm,id=dimm0,memdev=hbm \\',
      '    -nographic',
      '',
    ].join('\n'),
  );
});

test('QL-device-009/010: virtio-mem block-size and requested-size (QEMU 7.2 messages)', () => {
  const V =
    'qemu-system-x86_64 -machine q35 -m 2G,maxmem=4G -object memory-backend-ram,id=vm,size=1G -device virtio-mem-pci,memdev=vm,';
  let t = V + 'block-size=3M';
  let d = only(t, 'QL-device-009');
  assert.equal(at(t, d), '3M');
  assert.equal(d.message, "'block-size' property has to be a power of two");
  assert.equal(
    only(V + 'block-size=512K', 'QL-device-009').message,
    "'block-size' property has to be at least 0x100000",
  );
  t = V + 'requested-size=3M';
  d = only(t, 'QL-device-010');
  assert.equal(at(t, d), '3M');
  assert.equal(d.message, "'requested-size' property has to be multiples of 'block-size' (0x200000)");
  assert.equal(applyFix(t, d.fixes![0].edits), V + 'requested-size=4M');
  noErrors(V + 'requested-size=4M');
  noErrors(V + 'block-size=4M,requested-size=8M');
});
