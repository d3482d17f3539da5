// `-device sp-mem` as merged for QEMU 11.1, judged by the series itself (GitHub patchew-project/qemu):
//  - tests/qtest/e820-test.c @802db88947f9 — its two qtests, test_e820_basic and test_e820_sp_mem;
//  - hw/mem/sp-mem.c @969e5185b900 (the last of the stored revisions) — properties, realize's checks
//    (memdev required, busy backend), no node check, not hotpluggable, unmigratable vmstate;
//  - the seed worked examples (test/fixtures/spm/, from spm-examples.md) whose v8 facts still hold for
//    sp-mem: placement and SRAT by the memory-device allocator, the generic pre-plug refusals; v8's
//    "SPM-only node" refusal is gone.
// The facts are copied here; nothing reads the shared seed directory at run time.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, initShellParser } from '../../../server/src/analysis/index';
import { defaultSettings } from '../../../server/src/analysis/types';
import type { QemuVersion, Settings } from '../../../server/src/analysis/types';
import * as schema from '../../../server/src/analysis/schema/index';
import { devicesJson, e820Json, sratJson } from './tables';

const MiB = 1n << 20n;
const E820_RAM = 1;
const E820_SOFT_RESERVED = 0xefffffff;

before(async () => {
  await initShellParser();
});

const settings = (qemuVersion: QemuVersion): Settings => ({ ...defaultSettings, qemuVersion });

function run(line: string, version: QemuVersion = '11.1') {
  const inv = analyze(`qemu-system-x86_64 ${line}\n`, settings(version)).invocations[0];
  const errors = inv.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  return { inv, layout: inv.layout, errors, codes: inv.diagnostics.map((d) => d.code) };
}

// ---- tests/qtest/e820-test.c: main() registers "e820/basic" and "e820/sp-mem" ----

const QTESTS: {
  fn: string;
  line: string;
  ram: boolean;
  softReserved: bigint[]; // lengths of the SOFT_RESERVED entries
}[] = [
  // test_e820_basic: "baseline: RAM present, no SOFT_RESERVED range"
  { fn: 'test_e820_basic', line: '-machine q35 -m 256M', ram: true, softReserved: [] },
  // test_e820_sp_mem: "exactly one SOFT_RESERVED range, sized to the backend"
  {
    fn: 'test_e820_sp_mem',
    line:
      '-machine q35 -m 256M,slots=2,maxmem=2G -object memory-backend-ram,id=ram0,size=256M ' +
      '-numa node,nodeid=0,memdev=ram0 -object memory-backend-ram,id=spm0,size=128M ' +
      '-device sp-mem,id=sp0,memdev=spm0,node=0',
    ram: true,
    softReserved: [128n * MiB],
  },
];

for (const q of QTESTS) {
  test(`e820-test.c ${q.fn}: ${q.softReserved.length} SOFT_RESERVED entr${q.softReserved.length === 1 ? 'y' : 'ies'}`, () => {
    const { layout, errors } = run(q.line);
    assert.deepEqual(errors, []); // qtest_init would abort on a refused command line
    // get_e820_table: every entry has a non-zero length, at most E820_MAX_ENTRIES (128) of them.
    assert.ok(layout.e820.length > 0 && layout.e820.length <= 128);
    for (const e of layout.e820) assert.ok(e.length > 0n, `zero-length entry at 0x${e.start.toString(16)}`);
    assert.equal(
      layout.e820.some((e) => e.type === E820_RAM),
      q.ram,
    );
    assert.deepEqual(
      layout.e820.filter((e) => e.type === E820_SOFT_RESERVED).map((e) => e.length),
      q.softReserved,
    );
  });
}

// ---- hw/mem/sp-mem.c, last revision (969e5185b900): what the command line can meet ----

const QTEST_SP_MEM = QTESTS[1].line;
const BASE =
  '-machine q35 -m 256M,slots=2,maxmem=2G -object memory-backend-ram,id=ram0,size=256M -numa node,nodeid=0,memdev=ram0';

const DEVICE_ROWS: {
  name: string;
  line: string;
  version?: QemuVersion;
  errors: (string | RegExp)[];
  codes?: string[]; // diagnostics that must be there (besides the errors)
  softReserved?: bigint[];
}[] = [
  {
    // sp_mem_types: TYPE_SP_MEM exists from the 11.1 series on; 10.0's qdev has no such type.
    name: 'QEMU 10.0 has no sp-mem',
    line: QTEST_SP_MEM,
    version: '10.0',
    errors: [
      /^'sp-mem' is not a valid device model name\n\(sp-mem is new in QEMU 11\.1; the qemuVersion setting is '10\.0'\)$/,
    ],
    softReserved: [],
  },
  {
    name: 'QEMU 7.2 has no sp-mem',
    line: QTEST_SP_MEM,
    version: '7.2',
    errors: [/^'sp-mem' is not a valid device model name\n/],
    softReserved: [],
  },
  {
    // sp_mem_get_memory_region: pc's pre-plug places the device (memory_device_pre_plug) before
    // sp_mem_realize's own "'memdev' property is required" can run.
    name: 'memdev missing',
    line: `${BASE} -device sp-mem,id=sp0,node=0`,
    errors: ["'memdev' property must be set"],
    softReserved: [],
  },
  {
    // sp_mem_realize: host_memory_backend_is_mapped → "memory backend '%s' is already in use".
    name: "the NUMA node's backend",
    line: `${BASE} -device sp-mem,id=sp0,memdev=ram0,node=0`,
    errors: ["memory backend 'ram0' is already in use"],
    softReserved: [],
  },
  {
    name: 'two sp-mem on one backend: the second is refused',
    line: `${BASE} -object memory-backend-ram,id=spm0,size=128M -device sp-mem,id=a,memdev=spm0,node=0 -device sp-mem,id=b,memdev=spm0,node=0`,
    errors: ["memory backend 'spm0' is already in use"],
    softReserved: [128n * MiB],
  },
  {
    // sp_mem_properties: node is a plain uint32 nobody checks against the NUMA nodes (v8's
    // "spm-memory: node %u out of range" is gone): QEMU starts and the device is placed.
    name: 'node beyond the NUMA nodes is placed (warning only)',
    line: `${BASE} -object memory-backend-ram,id=spm0,size=128M -device sp-mem,id=sp0,memdev=spm0,node=3`,
    errors: [],
    codes: ['QL-spm-012'],
    softReserved: [128n * MiB],
  },
  {
    // v8 refused a second SPM device on a node ("SPM nodes must be SPM-only"); sp-mem has no such check.
    name: 'two sp-mem on one node',
    line: `${BASE} -numa node,nodeid=1 -object memory-backend-ram,id=h0,size=128M -object memory-backend-ram,id=h1,size=128M -device sp-mem,id=a,memdev=h0,node=1 -device sp-mem,id=b,memdev=h1,node=1`,
    errors: [],
    softReserved: [128n * MiB, 128n * MiB],
  },
  {
    // sp-mem has no slot property: only maxmem (device memory) is needed, not -m slots.
    name: 'no -m slots needed',
    line: '-machine q35 -m 256M,maxmem=2G -object memory-backend-ram,id=spm0,size=128M -device sp-mem,id=sp0,memdev=spm0',
    errors: [],
    softReserved: [128n * MiB],
  },
  {
    name: 'no slot property',
    line: `${BASE} -object memory-backend-ram,id=spm0,size=128M -device sp-mem,id=sp0,memdev=spm0,node=0,slot=0`,
    errors: ["Property 'sp-mem.slot' not found"],
  },
  {
    // DEFINE_PROP_UINT32(SP_MEM_NODE_PROP, ...)
    name: 'node is a uint32',
    line: `${BASE} -object memory-backend-ram,id=spm0,size=128M -device sp-mem,id=sp0,memdev=spm0,node=-1`,
    errors: ["Parameter 'node' expects uint32_t"],
  },
  {
    // vmstate_sp_mem: .unmigratable = 1 (restored in the last revision).
    name: 'unmigratable: -incoming warns',
    line: `${QTEST_SP_MEM} -incoming tcp:0:4444`,
    errors: [],
    codes: ['QL-spm-011'],
  },
];

for (const r of DEVICE_ROWS) {
  test(`sp-mem.c: ${r.name}`, () => {
    const { layout, errors, codes } = run(r.line, r.version);
    assert.equal(errors.length, r.errors.length, JSON.stringify(errors));
    r.errors.forEach((want, i) =>
      typeof want === 'string' ? assert.equal(errors[i], want) : assert.match(errors[i], want),
    );
    for (const c of r.codes ?? []) assert.ok(codes.includes(c), `${c} in ${JSON.stringify(codes)}`);
    if (r.softReserved)
      assert.deepEqual(
        layout.e820.filter((e) => e.type === E820_SOFT_RESERVED).map((e) => e.length),
        r.softReserved,
      );
  });
}

test('sp-mem.c: sp_mem_properties and class (11.1 only)', () => {
  const info = schema.deviceInfo('sp-mem', 'auto', '11.1')!;
  assert.equal(info.desc, 'SPM (Specific Purpose Memory) device');
  assert.equal(info.hotpluggable, false);
  assert.equal(info.since, '11.1');
  const props = [...info.props!.values()].map((p) => [p.name, p.type, p.default ?? null]);
  assert.deepEqual(props.sort(), [
    ['addr', 'uint64', 0],
    ['memdev', 'link<memory-backend>', null],
    ['node', 'uint32', 0],
  ]);
  for (const v of ['7.2', '10.0'] as const) {
    assert.equal(schema.deviceInfo('sp-mem', 'auto', v), undefined);
    assert.ok(!schema.deviceTypes('auto', v).includes('sp-mem'));
  }
  assert.ok(schema.deviceTypes('auto', '11.1').includes('sp-mem'));
});

// ---- the seed worked examples (spm-examples.md) that still apply, with the device renamed ----

const fixtures = join(__dirname, '../../fixtures/spm');
const seed = (name: string) => JSON.parse(readFileSync(join(fixtures, name + '.json'), 'utf8'));
const asSpMem = (args: string[]) => args.map((a) => a.replace(/^spm-memory,/, 'sp-mem,')).join(' ');
type Entry = { start: string; length: string; type: number };
const soft = (e820: Entry[]) => e820.filter((e) => e.type === E820_SOFT_RESERVED);
const byStart = (a: { start: string }, b: { start: string }) => (BigInt(a.start) < BigInt(b.start) ? -1 : 1);

for (const name of [
  'v8-explicit-addr-leaves-a-leading-gap',
  'v8-pc-machine-pc-dimm-between-two-spm-devices',
  'v8-1-gib-backend-alignment-pushes-the-spm-device-up',
]) {
  test(`seed example as sp-mem: ${name}`, () => {
    const ex = seed(name);
    const { layout, errors } = run(asSpMem(ex.args));
    assert.deepEqual(errors, []);
    // The memory-device allocator and the SRAT partition are v8's; the QMP kind is sp-mem's.
    assert.deepEqual(
      devicesJson(layout),
      ex.memoryDevices.map((d: { type: string }) => ({ ...d, type: d.type === 'spm-memory' ? 'sp-mem' : d.type })),
    );
    assert.deepEqual(sratJson(layout), ex.srat);
    // The same RAM and SOFT_RESERVED ranges; their order among themselves is the plug handler's.
    const e820 = e820Json(layout);
    assert.deepEqual(
      e820.filter((e) => e.type !== E820_SOFT_RESERVED),
      ex.e820.filter((e: { type: number }) => e.type !== E820_SOFT_RESERVED),
    );
    assert.deepEqual(soft(e820).sort(byStart), soft(ex.e820).sort(byStart));
  });
}

test('seed example as sp-mem: the misaligned addr= hint is refused in the same words', () => {
  const ex = seed('v8-rejects-memory-backend-address-hint-misaligned');
  const { errors } = run(asSpMem(ex.args));
  assert.deepEqual(errors, [ex.error.slice(ex.error.lastIndexOf(': ') + 2)]);
  assert.equal(errors[0], 'address must be aligned to 0x200000 bytes');
});

test('seed example as sp-mem: two SPM devices on one node, refused by v8, start on 11.1', () => {
  const ex = seed('v8-rejects-two-spm-devices-on-one-node');
  assert.match(ex.error, /SPM nodes must be SPM-only$/);
  const { layout, errors } = run(asSpMem(ex.args));
  assert.deepEqual(errors, []);
  assert.deepEqual(
    devicesJson(layout).map((d) => [d.id, d.type, d.start, d.node]),
    [
      ['spm0', 'sp-mem', '0x180000000', 1],
      ['spm1', 'sp-mem', '0x200000000', 1],
    ],
  );
});
