import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, at } from './harness';
import { none, noErrors, only } from './expect';

const Q = 'qemu-system-x86_64 -machine q35 -m 2G ';

test('QL-backend-001: missing id, on the backend type; fix adds a fresh id', () => {
  const t = Q + '-object memory-backend-ram,size=1G';
  const d = only(t, 'QL-backend-001');
  assert.equal(at(t, d), 'memory-backend-ram');
  assert.equal(d.message, "Parameter 'id' is missing");
  assert.equal(applyFix(t, d.fixes![0].edits), Q + '-object memory-backend-ram,size=1G,id=mem0');
  none(Q + '-object memory-backend-ram,id=m,size=1G', 'QL-backend-001');
});

test('QL-backend-002: missing size', () => {
  const t = Q + '-object memory-backend-ram,id=m0';
  const d = only(t, 'QL-backend-002');
  assert.equal(at(t, d), 'memory-backend-ram');
  assert.equal(d.message, "Parameter 'size' is missing");
  none(Q + '-object memory-backend-ram,id=m0,size=1G', 'QL-backend-002');
  const n =
    Q +
    '-object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1 -numa node,memdev=m0 -numa node,memdev=m1';
  const fixed = applyFix(n, only(n, 'QL-backend-002').fixes![0].edits);
  assert.equal(fixed, n.replace('id=m1 ', 'id=m1,size=1G '));
  noErrors(fixed);
});

test('QL-backend-003: size 0', () => {
  const t = Q + '-object memory-backend-ram,id=m0,size=0';
  const d = only(t, 'QL-backend-003');
  assert.equal(at(t, d), '0');
  assert.equal(d.message, "property 'size' of memory-backend-ram doesn't take value '0'");
  none(Q + '-object memory-backend-ram,id=m0,size=1', 'QL-backend-003');
});

test('QL-backend-004: memory-backend-file needs mem-path', () => {
  const t = Q + '-object memory-backend-file,id=m0,size=1G';
  const d = only(t, 'QL-backend-004');
  assert.equal(at(t, d), 'memory-backend-file');
  assert.equal(d.message, "Parameter 'mem-path' is missing");
  none(Q + '-object memory-backend-file,id=m0,size=1G,mem-path=/dev/shm', 'QL-backend-004');
});

test('QL-backend-005: prealloc=on with reserve=off; fix drops reserve=off', () => {
  const t = Q + '-object memory-backend-ram,id=m0,size=1G,prealloc=on,reserve=off';
  const d = only(t, 'QL-backend-005');
  assert.equal(at(t, d), 'reserve=off');
  assert.equal(at(t, d.related![0]), 'prealloc=on');
  assert.equal(d.message, "'prealloc=on' and 'reserve=off' are incompatible");
  assert.equal(applyFix(t, d.fixes![0].edits), Q + '-object memory-backend-ram,id=m0,size=1G,prealloc=on');
  none(Q + '-object memory-backend-ram,id=m0,size=1G,prealloc=on', 'QL-backend-005');
});

test('QL-backend-006: memfd hugetlb size multiple', () => {
  const t = Q + '-object memory-backend-memfd,id=m0,size=3M,hugetlb=on,hugetlbsize=2M';
  const d = only(t, 'QL-backend-006');
  assert.equal(at(t, d), '3M');
  assert.equal(d.message, "backend 'memory-backend-memfd' memory size must be multiple of 2 MiB");
  none(Q + '-object memory-backend-memfd,id=m0,size=4M,hugetlb=on,hugetlbsize=2M', 'QL-backend-006');
});

test('QL-backend-007/008/009: host-nodes and policy', () => {
  let t = Q + '-object memory-backend-ram,id=m0,size=1G,host-nodes=200,policy=bind';
  let d = only(t, 'QL-backend-007');
  assert.equal(at(t, d), '200');
  assert.equal(d.message, 'Invalid host-nodes value: 200');
  t = Q + '-object memory-backend-ram,id=m0,size=1G,host-nodes=0';
  d = only(t, 'QL-backend-008');
  assert.equal(at(t, d), 'host-nodes');
  assert.equal(
    d.message,
    'host-nodes must be empty for policy default, or you should explicitly specify a policy other than default',
  );
  assert.equal(applyFix(t, d.fixes![0].edits), t + ',policy=bind');
  t = Q + '-object memory-backend-ram,id=m0,size=1G,policy=bind';
  d = only(t, 'QL-backend-009');
  assert.equal(at(t, d), 'bind');
  assert.equal(d.message, 'host-nodes must be set for policy bind');
  noErrors(Q + '-object memory-backend-ram,id=m0,size=1G,host-nodes=0-1,policy=interleave');
});

test('QL-backend-010: rom=on needs readonly=on', () => {
  const t = Q + '-object memory-backend-file,id=f,size=1G,mem-path=/dev/shm,rom=on';
  const d = only(t, 'QL-backend-010');
  assert.equal(at(t, d), 'rom=on');
  assert.equal(d.message, "property 'rom' = 'on' is not supported with 'readonly' = 'off'");
  none(t + ',readonly=on', 'QL-backend-010');
});

test('QL-backend-011: duplicate -object id, on the second id', () => {
  const t = Q + '-object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m0,size=1G';
  const d = only(t, 'QL-backend-011');
  assert.equal(d.span.start, t.lastIndexOf('m0'));
  assert.equal(d.message, "Duplicate ID 'm0' for object");
  assert.equal(d.related![0].span.start, t.indexOf('m0'));
  none(Q + '-object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=1G', 'QL-backend-011');
});

test("QL-backend-012: a backend used twice, in each consumer's words", () => {
  const B = '-object memory-backend-ram,id=m0,size=1G ';
  let t = Q + B + '-numa node,memdev=m0 -numa node,memdev=m0';
  let d = only(t, 'QL-backend-012');
  assert.equal(d.span.start, t.lastIndexOf('m0'));
  assert.equal(d.message, "memory backend m0 can't be used multiple times.");
  assert.equal(d.related![0].span.start, t.indexOf('memdev=m0') + 7);
  t = 'qemu-system-x86_64 -m 2G,slots=2,maxmem=4G ' + B + '-device pc-dimm,memdev=m0 -device pc-dimm,memdev=m0';
  d = only(t, 'QL-backend-012');
  assert.equal(d.message, "can't use already busy memdev: m0");
  t = 'qemu-system-x86_64 -m 2G,slots=2,maxmem=4G ' + B + '-device pc-dimm,memdev=m0 -device virtio-mem-pci,memdev=m0';
  assert.equal(only(t, 'QL-backend-012').message, "'memdev' property specifies a busy memdev: m0");
  t = 'qemu-system-x86_64 -m 2G,maxmem=4G ' + B + '-numa node,memdev=m0 -device spm-memory,memdev=m0,node=0';
  d = only(t, 'QL-backend-012');
  assert.equal(d.message, "memory backend 'm0' is already in use");
  assert.equal(at(t, d.related![0]), 'm0');
  none(Q + B + '-object memory-backend-ram,id=m1,size=1G -numa node,memdev=m0 -numa node,memdev=m1', 'QL-backend-012');
  // The fix gives the second consumer its own backend; the node sizes then add up to -m.
  t = Q + B + '-numa node,memdev=m0 -numa node,memdev=m0';
  d = only(t, 'QL-backend-012');
  const fixed = applyFix(t, d.fixes![0].edits);
  assert.equal(fixed, Q + B + '-numa node,memdev=m0 -object memory-backend-ram,id=m0-2,size=1G -numa node,memdev=m0-2');
  noErrors(fixed);
});

test('QL-backend-013: a backend nothing uses is a hint', () => {
  const t = Q + '-object memory-backend-ram,id=spare,size=1G';
  const d = only(t, 'QL-backend-013');
  assert.equal(d.severity, 'hint');
  assert.equal(at(t, d), 'spare');
  assert.deepEqual(d.tags, ['unnecessary']);
  none(Q + '-object memory-backend-ram,id=s,size=1G -device ivshmem-plain,memdev=s', 'QL-backend-013');
  none(
    Q +
      '-object memory-backend-file,id=p,size=256M,mem-path=/tmp/p -object memory-backend-file,id=l,size=256M,mem-path=/tmp/l -device cxl-type3,persistent-memdev=p,lsa=l',
    'QL-backend-013',
  );
});

test('QL-backend-014/015: file align must be a page multiple, then a power of two (QEMU 7.2 messages)', () => {
  const F = Q + '-object memory-backend-file,id=f,size=1G,mem-path=/dev/shm,align=';
  let t = F + '1000';
  let d = only(t, 'QL-backend-014');
  assert.equal(at(t, d), '1000');
  assert.equal(d.message, 'alignment 0x3e8 must be multiples of page size 0x1000');
  t = F + '3M';
  d = only(t, 'QL-backend-015');
  assert.equal(d.message, 'alignment 0x300000 must be a power of two');
  noErrors(F + '2M');
});

test('QL-backend-016: prealloc-threads=0', () => {
  const t = Q + '-object memory-backend-ram,id=m0,size=1G,prealloc-threads=0';
  const d = only(t, 'QL-backend-016');
  assert.equal(at(t, d), '0');
  assert.equal(d.message, "property 'prealloc-threads' of memory-backend-ram doesn't take value '0'");
  none(Q + '-object memory-backend-ram,id=m0,size=1G,prealloc-threads=2', 'QL-backend-016');
});
