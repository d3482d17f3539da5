import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, at, check } from './harness';

const Q = 'qemu-system-x86_64 -machine q35 ';

function only(text: string, code: string) {
  const found = check(text).filter((d) => d.code === code);
  assert.equal(found.length, 1, `${code} once in ${JSON.stringify(check(text).map((d) => d.code))}`);
  return found[0];
}

function none(text: string, code: string) {
  assert.deepEqual(
    check(text).filter((d) => d.code === code),
    [],
  );
}

test('QL-mem-001: maxmem below -m size, on the maxmem value, QEMU 7.2 wording', () => {
  const t = Q + '-m 4G,maxmem=2G';
  const d = only(t, 'QL-mem-001');
  assert.equal(d.severity, 'error');
  assert.equal(at(t, d), '2G');
  assert.equal(
    d.message,
    'invalid value of maxmem: maximum memory size (0x80000000) must be at least the initial memory size (0x100000000)',
  );
  assert.equal(at(t, d.related![0]), '4G');
  none(Q + '-m 4G,maxmem=8G', 'QL-mem-001');
});

test('QL-mem-002: slots with maxmem equal to size; fix raises maxmem', () => {
  const t = Q + '-m 4G,slots=2,maxmem=4G';
  const d = only(t, 'QL-mem-002');
  assert.equal(at(t, d), '4G');
  assert.equal(d.span.start, t.lastIndexOf('4G'));
  assert.equal(
    d.message,
    'invalid value of maxmem: memory slots were specified but maximum memory size (0x100000000) is equal to the initial memory size (0x100000000)',
  );
  const fixed = applyFix(t, d.fixes![0].edits);
  assert.equal(fixed, Q + '-m 4G,slots=2,maxmem=5G');
  assert.deepEqual(
    check(fixed).filter((x) => x.severity === 'error'),
    [],
  );
  none(Q + '-m 4G,slots=2,maxmem=6G', 'QL-mem-002');
});

test('QL-mem-003: slots without maxmem, on the slots key; fix adds maxmem', () => {
  const t = Q + '-m 4G,slots=2';
  const d = only(t, 'QL-mem-003');
  assert.equal(at(t, d), 'slots');
  assert.equal(d.message, 'slots specified but no max-size');
  assert.equal(applyFix(t, d.fixes![0].edits), Q + '-m 4G,slots=2,maxmem=5G');
  none(Q + '-m 4G,slots=2,maxmem=8G', 'QL-mem-003');
  none(Q + '-m 4G,maxmem=8G', 'QL-mem-003');
});

test('QL-mem-004: more than 256 slots', () => {
  const t = Q + '-m 1G,slots=300,maxmem=8G';
  const d = only(t, 'QL-mem-004');
  assert.equal(at(t, d), '300');
  assert.equal(d.message, 'unsupported amount of memory slots: 300');
  none(Q + '-m 1G,slots=256,maxmem=8G', 'QL-mem-004');
});

test('QL-mem-005: maxmem not page aligned (QEMU\'s own "must by aligned")', () => {
  const t = Q + '-m 1G,slots=2,maxmem=4294967297';
  const d = only(t, 'QL-mem-005');
  assert.equal(at(t, d), '4294967297');
  assert.equal(d.message, 'maximum memory size must by aligned to multiple of 4096 bytes');
  assert.equal(applyFix(t, d.fixes![0].edits), Q + '-m 1G,slots=2,maxmem=4194308K');
  none(Q + '-m 1G,slots=2,maxmem=4294971392', 'QL-mem-005');
});

test('QL-mem-006 / 007: max-ram-below-4g bounds', () => {
  const t = 'qemu-system-x86_64 -machine q35,max-ram-below-4g=5G -m 2G';
  const d = only(t, 'QL-mem-006');
  assert.equal(at(t, d), '5G');
  assert.equal(d.message, "Machine option 'max-ram-below-4g=5368709120' expects size less than or equal to 4G");
  const w = only('qemu-system-x86_64 -machine pc,max-ram-below-4g=512K', 'QL-mem-007');
  assert.equal(w.severity, 'warning');
  assert.equal(w.message, 'Only 524288 bytes of RAM below the 4GiB boundary,BIOS may not work with less than 1MiB');
  none('qemu-system-x86_64 -machine q35,max-ram-below-4g=2G -m 2G', 'QL-mem-006');
  none('qemu-system-x86_64 -machine q35,max-ram-below-4g=2G -m 2G', 'QL-mem-007');
});

test('QL-mem-010: -machine memory-backend names nothing; fix creates the backend', () => {
  const t = 'qemu-system-x86_64 -machine q35,memory-backend=r -m 2G -object memory-backend-ram,id=x,size=1G';
  const d = only(t, 'QL-mem-010');
  assert.equal(at(t, d), 'r');
  assert.equal(d.message, "Memory backend 'r' not found");
  assert.equal(
    applyFix(t, d.fixes![0].edits),
    'qemu-system-x86_64 -machine q35,memory-backend=r -m 2G -object memory-backend-ram,id=r,size=2G -object memory-backend-ram,id=x,size=1G',
  );
  none('qemu-system-x86_64 -machine q35,memory-backend=r -m 2G -object memory-backend-ram,id=r,size=2G', 'QL-mem-010');
});

test('QL-mem-011: -m differs from the RAM backend', () => {
  const t = 'qemu-system-x86_64 -machine q35,memory-backend=r -m 4G -object memory-backend-ram,id=r,size=2G';
  const d = only(t, 'QL-mem-011');
  assert.equal(at(t, d), '4G');
  assert.equal(d.message, 'Machine memory size does not match the size of the memory backend');
  assert.equal(at(t, d.related![0]), '2G');
  none('qemu-system-x86_64 -machine q35,memory-backend=r -m 2G -object memory-backend-ram,id=r,size=2G', 'QL-mem-011');
});

test('QL-mem-012: machine backend and -numa memdev are exclusive', () => {
  const t =
    'qemu-system-x86_64 -machine q35,memory-backend=r -m 2G -object memory-backend-ram,id=r,size=2G -object memory-backend-ram,id=n,size=2G -numa node,memdev=n';
  const d = only(t, 'QL-mem-012');
  assert.equal(at(t, d), 'memdev');
  assert.equal(d.message, "'-machine memory-backend' and '-numa memdev' properties are mutually exclusive");
  none('qemu-system-x86_64 -m 2G -object memory-backend-ram,id=n,size=2G -numa node,memdev=n', 'QL-mem-012');
});

test('QL-mem-013: pc.ram is reserved unless the machine or NUMA names the RAM backend', () => {
  const t = Q + '-m 2G -object memory-backend-ram,id=pc.ram,size=1G';
  const d = only(t, 'QL-mem-013');
  assert.equal(at(t, d), 'pc.ram');
  assert.equal(
    d.message.split('\n')[0],
    // QEMU 7.2's words (the check harness judges as 7.2)
    "object name 'pc.ram' is reserved for the default RAM backend, it can't be used for any other purposes. Change the object's 'id' to something else",
  );
  assert.equal(applyFix(t, d.fixes![0].edits), t.replace('id=pc.ram', 'id=ram0'));
  none(
    'qemu-system-x86_64 -machine q35,memory-backend=pc.ram -object memory-backend-ram,id=pc.ram,size=1G',
    'QL-mem-013',
  );
});

test('-m bare number is MiB and sizes are 8 KiB rounded', () => {
  none(Q + '-m 1024,slots=1,maxmem=1G', 'QL-mem-001');
  const d = only(Q + '-m 1025,slots=1,maxmem=1G', 'QL-mem-001');
  assert.match(d.message, /initial memory size \(0x40100000\)/);
});

test("QL-mem-014: -mem-path with a machine RAM backend (QEMU's missing space kept)", () => {
  const t =
    'qemu-system-x86_64 -machine q35,memory-backend=r -object memory-backend-ram,id=r,size=1G -mem-path /dev/shm';
  const d = only(t, 'QL-mem-014');
  assert.equal(at(t, d), '-mem-path');
  assert.equal(d.message, "'-mem-path' can't be used together with'-machine memory-backend'");
  none('qemu-system-x86_64 -m 1G -mem-path /dev/shm', 'QL-mem-014');
});
