// SPM forms, judged by the v4/v7/v8 patch series and the v8 review (cited in server/src/analysis/checks/spm.ts) and the worked examples recorded in test/fixtures/spm/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, at, check } from './harness';
import { none, noErrors, only } from './expect';

test('QL-spm-001: memmap-type=spm / spm=on need memdev (v7 parse_numa_node)', () => {
  let t =
    'qemu-system-x86_64 -machine q35 -m 2G -object memory-backend-ram,id=a,size=2G -numa node,nodeid=0,memdev=a -numa node,nodeid=1,memmap-type=spm';
  const d = only(t, 'QL-spm-001');
  assert.equal(at(t, d), 'spm');
  assert.equal(d.message, 'memmap-type=spm requires memdev to be specified');
  // The -m 2G RAM is all on node 0, so a new backend would make the sum wrong: no creation fix.
  assert.deepEqual(d.fixes ?? [], []);
  const t2 =
    'qemu-system-x86_64 -machine q35 -m 3G -object memory-backend-ram,id=a,size=2G -numa node,nodeid=0,memdev=a -numa node,nodeid=1,memmap-type=spm';
  const d2 = only(t2, 'QL-spm-001');
  const fixed = applyFix(t2, d2.fixes![0].edits);
  assert.equal(
    fixed,
    'qemu-system-x86_64 -machine q35 -m 3G -object memory-backend-ram,id=a,size=2G -numa node,nodeid=0,memdev=a -object memory-backend-ram,id=spm-node1,size=1G -numa node,nodeid=1,memmap-type=spm,memdev=spm-node1',
  );
  noErrors(fixed);
  t = 'qemu-system-x86_64 -m 2G -numa node,nodeid=0,spm=on';
  assert.equal(only(t, 'QL-spm-001').message, 'spm=on requires memdev to be specified');
  none('qemu-system-x86_64 -m 2G -numa node,nodeid=0,memmap-type=normal', 'QL-spm-001');
});

// Worked example (test/fixtures/spm/) "v7: reserved node below 4 GiB on pc (split RAM entry, no SRAT)" — accepted.
const V7_RESERVED =
  'qemu-system-x86_64 -machine pc -m 4G -object memory-backend-ram,id=a,size=1G -object memory-backend-ram,id=b,size=1G -object memory-backend-ram,id=c,size=2G -numa node,nodeid=0,memdev=a -numa node,nodeid=1,memdev=b,memmap-type=reserved -numa node,nodeid=2,memdev=c';

test('QL-spm-002: reserved gets no SRAT entry (information; the seed example is accepted)', () => {
  const d = only(V7_RESERVED, 'QL-spm-002');
  assert.equal(d.severity, 'information');
  assert.equal(at(V7_RESERVED, d), 'reserved');
  noErrors(V7_RESERVED);
});

test('QL-spm-003: spm=on superseded by memmap-type=spm (information + fix)', () => {
  const t =
    'qemu-system-x86_64 -machine q35 -m 2G -object memory-backend-ram,id=a,size=1G -object memory-backend-ram,id=m1,size=1G -numa node,nodeid=0,memdev=a -numa node,nodeid=1,memdev=m1,spm=on';
  const d = only(t, 'QL-spm-003');
  assert.equal(d.severity, 'information');
  assert.equal(at(t, d), 'spm=on');
  assert.deepEqual(d.tags, ['deprecated']);
  assert.equal(applyFix(t, d.fixes![0].edits), t.replace('spm=on', 'memmap-type=spm'));
  none(t, 'QL-spm-003', { spmForm: 'v4' });
});

// Worked example (test/fixtures/spm/) "v7: SPM node entirely above 4 GiB" — accepted by the v7 build.
const V7_SPM =
  'qemu-system-x86_64 -machine q35 -m 6G -object memory-backend-ram,id=m0,size=2G -object memory-backend-ram,id=m1,size=4G -numa node,nodeid=0,memdev=m0 -numa node,nodeid=1,memdev=m1,memmap-type=spm';

// sp-mem is QEMU 11.1's device (hw/mem/sp-mem.c as merged); the harness judges as 7.2 unless told.
const U = { qemuVersion: '11.1' } as const;

test('QL-spm-004: node form superseded by the device form; the migration fix re-checks clean', () => {
  const d = only(V7_SPM, 'QL-spm-004', U);
  assert.equal(d.severity, 'hint');
  assert.equal(at(V7_SPM, d), 'memmap-type=spm');
  assert.match(
    d.message,
    /-device sp-mem,memdev=m1,node=1 \(sp-mem is the name merged in QEMU 11\.1; the v8 patch called it spm-memory\)$/,
  );
  noErrors(V7_SPM, U);
  const fixed = applyFix(V7_SPM, d.fixes![0].edits);
  assert.equal(
    fixed,
    'qemu-system-x86_64 -machine q35 -m 2G,maxmem=6G -object memory-backend-ram,id=m0,size=2G -object memory-backend-ram,id=m1,size=4G -numa node,nodeid=0,memdev=m0 -numa node,nodeid=1 -device sp-mem,id=spm1,memdev=m1,node=1',
  );
  assert.deepEqual(
    check(fixed, U).map((x) => x.code),
    [],
  );
  // Before 11.1 the device form is the v8 patch's spm-memory (a patched build), even with spmForm auto.
  const old = only(V7_SPM, 'QL-spm-004');
  assert.match(old.message, /-device spm-memory,memdev=m1,node=1$/);
  assert.match(applyFix(V7_SPM, old.fixes![0].edits), /-device spm-memory,id=spm1,memdev=m1,node=1$/);
  const v8 = only(V7_SPM, 'QL-spm-004', { spmForm: 'v8' });
  assert.match(applyFix(V7_SPM, v8.fixes![0].edits), /-device spm-memory,id=spm1,memdev=m1,node=1$/);
  none(V7_SPM, 'QL-spm-004', { spmForm: 'v7' });
});

test("migration fix keeps a multi-line script's indentation and continuations", () => {
  const t = [
    'qemu-system-x86_64 \\',
    '  -machine q35 \\',
    '  -m 6G \\',
    '  -object memory-backend-ram,id=m0,size=2G \\',
    '  -object memory-backend-ram,id=m1,size=4G \\',
    '  -numa node,nodeid=0,memdev=m0 \\',
    '  -numa node,nodeid=1,memdev=m1,memmap-type=spm \\',
    '  -nographic',
    '',
  ].join('\n');
  const d = only(t, 'QL-spm-004', U);
  assert.equal(
    applyFix(t, d.fixes![0].edits),
    [
      'qemu-system-x86_64 \\',
      '  -machine q35 \\',
      '  -m 2G,maxmem=6G \\',
      '  -object memory-backend-ram,id=m0,size=2G \\',
      '  -object memory-backend-ram,id=m1,size=4G \\',
      '  -numa node,nodeid=0,memdev=m0 \\',
      '  -numa node,nodeid=1 \\',
      '  -device sp-mem,id=spm1,memdev=m1,node=1 \\',
      '  -nographic',
      '',
    ].join('\n'),
  );
});

// Worked example (test/fixtures/spm/) "v8 rejects: two SPM devices on one node" — v8 refuses, the review dropped the rule.
const TWO_ON_ONE =
  'qemu-system-x86_64 -machine q35 -m 4G,slots=2,maxmem=12G -object memory-backend-ram,id=m0,size=4G -numa node,nodeid=0,memdev=m0 -numa node,nodeid=1 -object memory-backend-ram,id=h0,size=2G -object memory-backend-ram,id=h1,size=2G -device spm-memory,id=spm0,memdev=h0,node=1 -device spm-memory,id=spm1,memdev=h1,node=1';

test('QL-spm-010: SPM mixed with other memory on a node is a warning that says why', () => {
  const ds = check(TWO_ON_ONE).filter((d) => d.code === 'QL-spm-010');
  assert.equal(ds.length, 2);
  assert.ok(ds.every((d) => d.severity === 'warning'));
  assert.match(
    ds[0].message,
    /^NUMA node 1 mixes Specific Purpose Memory with other memory: guest drivers find their SPM range by its proximity domain/,
  );
  assert.equal(at(TWO_ON_ONE, ds[1]), '1');
  noErrors(TWO_ON_ONE);
  const v8 = check(TWO_ON_ONE, { spmForm: 'v8' }).filter((d) => d.code === 'QL-spm-010')[1];
  assert.match(
    v8.message,
    /The v8 patch refuses this \("spm-memory: NUMA node 1 already has another memory device plugged; SPM nodes must be SPM-only"\)/,
  );
  const fixed = applyFix(TWO_ON_ONE, ds[1].fixes![0].edits);
  assert.match(fixed, /-numa node,nodeid=2 -device spm-memory,id=spm1,memdev=h1,node=2$/);
  const boot =
    'qemu-system-x86_64 -machine q35 -m 4G,maxmem=8G -object memory-backend-ram,id=m0,size=4G -numa node,nodeid=0,memdev=m0 -object memory-backend-ram,id=h,size=2G -device sp-mem,memdev=h,node=0';
  const b = only(boot, 'QL-spm-010', U);
  assert.equal(at(boot, b.related![0]), 'm0');
  // Worked example (test/fixtures/spm/) "v8: explicit addr leaves a leading gap" — an SPM-only node: nothing to say.
  none(
    'qemu-system-x86_64 -machine q35 -m 4G,slots=2,maxmem=12G -object memory-backend-ram,id=m0,size=4G -numa node,nodeid=0,memdev=m0 -numa node,nodeid=1 -object memory-backend-ram,id=hbm,size=2G -device spm-memory,id=spm0,memdev=hbm,node=1,addr=0x200000000',
    'QL-spm-010',
  );
});

test('QL-spm-011: SPM devices are not migratable', () => {
  const t =
    'qemu-system-x86_64 -m 4G,maxmem=8G -object memory-backend-ram,id=m0,size=4G -numa node,memdev=m0 -numa node -object memory-backend-ram,id=h,size=2G -device sp-mem,memdev=h,node=1 -incoming tcp:0:4444';
  const d = only(t, 'QL-spm-011', U);
  assert.equal(at(t, d), 'sp-mem');
  assert.equal(at(t, d.related![0]), '-incoming');
  none(t.replace(' -incoming tcp:0:4444', ''), 'QL-spm-011', U);
});

test('QL-spm-005: with spmForm auto, spm-memory gets a rename hint to sp-mem', () => {
  const t =
    'qemu-system-x86_64 -m 4G,maxmem=8G -object memory-backend-ram,id=m0,size=4G -numa node,memdev=m0 -numa node -object memory-backend-ram,id=h,size=2G -device spm-memory,memdev=h,node=1';
  const d = only(t, 'QL-spm-005', U);
  assert.equal(d.severity, 'hint');
  assert.equal(at(t, d), 'spm-memory');
  assert.equal(applyFix(t, d.fixes![0].edits), t.replace('spm-memory', 'sp-mem'));
  none(t, 'QL-spm-005', { ...U, spmForm: 'v8' });
  // 7.2 and 10.0 have no sp-mem to rename to.
  none(t, 'QL-spm-005');
  none(t, 'QL-spm-005', { qemuVersion: '10.0' });
});

test('forms the target QEMU lacks: no rules beyond the way forward', () => {
  // spm-memory under spmForm upstream is an unknown device model (the property checker says so).
  const t = 'qemu-system-x86_64 -m 2G -object memory-backend-ram,id=h,size=1G -device spm-memory,memdev=h,node=3';
  assert.deepEqual(
    check(t, { spmForm: 'upstream' }).filter((d) => d.code.startsWith('QL-spm') || d.code.startsWith('QL-device')),
    [],
  );
  assert.ok(check(t, { spmForm: 'v8' }).some((d) => d.code === 'QL-device-003'));
  // memmap-type without memdev under v8: the key is unknown there, so no "requires memdev".
  none('qemu-system-x86_64 -m 2G -numa node,nodeid=0,memmap-type=spm', 'QL-spm-001', { spmForm: 'v8' });
  // ...but a v7 node with memdev still gets the migration hint towards the device the target has.
  only(V7_SPM, 'QL-spm-004', { spmForm: 'upstream' });
});
