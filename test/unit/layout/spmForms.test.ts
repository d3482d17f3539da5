// Each SPM form along its patch's own code path (seeds 000 v7, 001 v4, 003 v8; sp-mem = v8 + v9
// plan). Expected tables are worked out from the patch code, cited per test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeLayout } from '../../../server/src/analysis/layout/compute';
import {
  E820_RAM as RAM,
  E820_RESERVED as RES,
  E820_SOFT_RESERVED as SOFT,
} from '../../../server/src/analysis/layout/addressMap';
import { handMachine, G } from './handMachine';
import type { HandSpec } from './handMachine';
import { devicesJson, e820Json, sratJson } from './tables';

const h = (n: bigint) => '0x' + n.toString(16);
const e = (start: bigint, length: bigint, type: number) => ({ start: h(start), length: h(length), type });
const s = (start: bigint, length: bigint, node: number, flags: number) => ({
  start: h(start),
  length: h(length),
  node,
  flags,
});
const HT = e(0xfd00000000n, 0x300000000n, RES);
const PAD = s(0n, 0n, 0, 0);
const low = (node: number, below: bigint) => [s(0n, 0xa0000n, node, 1), s(0x100000n, below - 0x100000n, node, 1)];
const ram = (id: string, size: bigint, alignment?: bigint) => ({ id, size, alignment });

test('seed observation: q35 -m 16G, node 1 memmap-type=spm is [mem 0x280000000-0x47fffffff], SOFT_RESERVED', () => {
  const layout = computeLayout(
    handMachine({
      ram: 16n * G,
      backends: [ram('m0', 8n * G), ram('m1', 8n * G)],
      nodes: [
        { nodeid: 0, memdev: 'm0' },
        { nodeid: 1, memdev: 'm1', memmapType: 'spm' },
      ],
    }),
  );
  const node1 = layout.srat.filter((x) => x.node === 1 && x.length > 0n);
  assert.deepEqual(
    node1.map((x) => [h(x.start), h(x.start + x.length - 1n), x.flags]),
    [['0x280000000', '0x47fffffff', 1]],
  );
  // The above-4G RAM entry is removed and re-appended split: lead (RAM), SPM range.
  assert.deepEqual(e820Json(layout), [HT, e(0n, 2n * G, RAM), e(4n * G, 6n * G, RAM), e(10n * G, 8n * G, SOFT)]);
  assert.deepEqual(layout.problems, []);
});

test('v4 spm=on retypes exactly like v7 memmap-type=spm', () => {
  const spec = (spmForm: 'v4' | 'v7'): HandSpec => ({
    ram: 6n * G,
    backends: [ram('m0', 2n * G), ram('m1', 4n * G)],
    nodes: [
      { nodeid: 0, memdev: 'm0' },
      { nodeid: 1, memdev: 'm1', memmapType: 'spm', spmForm },
    ],
  });
  const v4 = computeLayout(handMachine(spec('v4')));
  const v7 = computeLayout(handMachine(spec('v7')));
  assert.deepEqual(e820Json(v4), e820Json(v7));
  assert.deepEqual(e820Json(v4), [HT, e(0n, 2n * G, RAM), e(4n * G, 4n * G, SOFT)]);
});

test("v7: a node spanning the 4 GiB boundary is QEMU's fatal error, pointed at memmap-type", () => {
  const machine = handMachine({
    ram: 4n * G,
    backends: [ram('m0', G), ram('m1', 3n * G)],
    nodes: [
      { nodeid: 0, memdev: 'm0' },
      { nodeid: 1, memdev: 'm1', memmapType: 'spm' },
    ],
  });
  const layout = computeLayout(machine);
  assert.deepEqual(
    layout.problems.map((p) => [p.code, p.message]),
    [['QL-layout-002', 'NUMA node 1 with memmap-type spans across 4GB boundary, not supported']],
  );
  const memmap = machine.nodes[1].option.props.find((p) => p.key === 'memmap-type')!;
  assert.deepEqual(layout.problems[0].span, memmap.valueSpan);
  assert.deepEqual(e820Json(layout), [HT, e(0n, 2n * G, RAM), e(4n * G, 2n * G, RAM)]);
});

test('v7: a reserved node above 4 GiB becomes E820 RESERVED and gets no SRAT entry', () => {
  const layout = computeLayout(
    handMachine({
      ram: 8n * G,
      backends: [ram('a', 4n * G), ram('b', 4n * G)],
      nodes: [
        { nodeid: 0, memdev: 'a' },
        { nodeid: 1, memdev: 'b', memmapType: 'reserved' },
      ],
    }),
  );
  assert.deepEqual(e820Json(layout), [HT, e(0n, 2n * G, RAM), e(4n * G, 2n * G, RAM), e(6n * G, 4n * G, RES)]);
  assert.deepEqual(sratJson(layout), [...low(0, 2n * G), s(4n * G, 2n * G, 0, 1), PAD]);
});

test('v7: consecutive SPM nodes: the second retype splits the remainder the first re-appended', () => {
  // Node 1 takes [4G,5G) out of the above-4G RAM entry and re-appends [5G,6G) as RAM at the
  // end; node 2's range is that whole re-appended entry, which is removed and appended retyped.
  const machine = handMachine({
    ram: 4n * G,
    backends: [ram('a', 2n * G), ram('b', G), ram('c', G)],
    nodes: [
      { nodeid: 0, memdev: 'a' },
      { nodeid: 1, memdev: 'b', memmapType: 'spm' },
      { nodeid: 2, memdev: 'c', memmapType: 'spm' },
    ],
  });
  const layout = computeLayout(machine);
  assert.deepEqual(layout.problems, []);
  assert.deepEqual(e820Json(layout), [HT, e(0n, 2n * G, RAM), e(4n * G, G, SOFT), e(5n * G, G, SOFT)]);
});

const v8Base: HandSpec = {
  ram: 4n * G,
  slots: 2n,
  maxmem: 12n * G,
  backends: [ram('m0', 4n * G), ram('h0', 2n * G), ram('h1', 2n * G), ram('d0', G)],
  nodes: [{ nodeid: 0, memdev: 'm0' }, { nodeid: 1 }, { nodeid: 2 }],
};
// Device memory: base ROUND_UP(4G + 2G, 1G) = 6G, size 8G + 2 slots × 1G = 10G → [6G, 16G).
const DM_END = 16n * G;

test('v8: two spm-memory devices packed tight; E820 entries newest first (QLIST_INSERT_HEAD)', () => {
  const layout = computeLayout(
    handMachine({
      ...v8Base,
      devices: [
        { driver: 'spm-memory', id: 'spm0', memdev: 'h0', node: 1 },
        { driver: 'spm-memory', id: 'spm1', memdev: 'h1', node: 2 },
      ],
    }),
  );
  assert.deepEqual(devicesJson(layout), [
    { id: 'spm0', type: 'spm-memory', start: h(6n * G), length: h(2n * G), node: 1 },
    { id: 'spm1', type: 'spm-memory', start: h(8n * G), length: h(2n * G), node: 2 },
  ]);
  assert.deepEqual(e820Json(layout), [
    HT,
    e(0n, 2n * G, RAM),
    e(4n * G, 2n * G, RAM),
    e(8n * G, 2n * G, SOFT),
    e(6n * G, 2n * G, SOFT),
  ]);
  assert.deepEqual(sratJson(layout), [
    ...low(0, 2n * G),
    s(4n * G, 2n * G, 0, 1),
    PAD,
    PAD,
    s(6n * G, 2n * G, 1, 1),
    s(8n * G, 2n * G, 2, 1),
    s(10n * G, DM_END - 10n * G, 2, 3),
  ]);
});

test('v8: two spm-memory devices with explicit addr= and gaps: HOTPLUGGABLE chunks around them', () => {
  const layout = computeLayout(
    handMachine({
      ...v8Base,
      devices: [
        { driver: 'spm-memory', id: 'spm0', memdev: 'h0', node: 1, addr: 8n * G },
        { driver: 'spm-memory', id: 'spm1', memdev: 'h1', node: 2, addr: 12n * G },
      ],
    }),
  );
  assert.deepEqual(sratJson(layout).slice(5), [
    s(6n * G, 2n * G, 2, 3),
    s(8n * G, 2n * G, 1, 1),
    s(10n * G, 2n * G, 2, 3),
    s(12n * G, 2n * G, 2, 1),
    s(14n * G, 2n * G, 2, 3),
  ]);
});

test('v8: spm-memory and a pc-dimm on different nodes: the DIMM stays inside a HOTPLUGGABLE chunk', () => {
  const layout = computeLayout(
    handMachine({
      ...v8Base,
      devices: [
        { driver: 'pc-dimm', id: 'dimm0', memdev: 'd0', node: 1 },
        { driver: 'spm-memory', id: 'spm0', memdev: 'h0', node: 2 },
      ],
    }),
  );
  assert.deepEqual(devicesJson(layout), [
    { id: 'dimm0', type: 'dimm', start: h(6n * G), length: h(G), node: 1 },
    { id: 'spm0', type: 'spm-memory', start: h(7n * G), length: h(2n * G), node: 2 },
  ]);
  assert.deepEqual(e820Json(layout).slice(3), [e(7n * G, 2n * G, SOFT)]);
  assert.deepEqual(sratJson(layout).slice(5), [
    s(6n * G, G, 2, 3),
    s(7n * G, 2n * G, 2, 1),
    s(9n * G, DM_END - 9n * G, 2, 3),
  ]);
});

test("v8: explicit addr= overlapping an earlier device is QEMU's conflict error, at the addr value", () => {
  const machine = handMachine({
    ...v8Base,
    devices: [
      { driver: 'pc-dimm', id: 'dimm0', memdev: 'd0', node: 1 },
      { driver: 'spm-memory', id: 'spm0', memdev: 'h0', node: 2, addr: 6n * G },
      { driver: 'spm-memory', id: 'spm1', memdev: 'h1', node: 2 },
    ],
  });
  const layout = computeLayout(machine);
  assert.deepEqual(
    layout.problems.map((p) => [p.code, p.message]),
    [['QL-place-008', "address range conflicts with memory device id='dimm0'"]],
  );
  const addr = machine.devices[1].option.props.find((p) => p.key === 'addr')!;
  assert.deepEqual(layout.problems[0].span, addr.valueSpan);
  // The refused device takes no room: the next one is still placed, right after the DIMM.
  assert.deepEqual(
    devicesJson(layout).map((d) => [d.id, d.start]),
    [
      ['dimm0', h(6n * G)],
      ['spm1', h(7n * G)],
    ],
  );
});

test('upstream sp-mem: same placement and SRAT as v8, E820 entries in plug (command-line) order', () => {
  const spec = (driver: string): HandSpec => ({
    ...v8Base,
    devices: [
      { driver, id: 'a', memdev: 'h0', node: 1 },
      { driver, id: 'b', memdev: 'h1', node: 2 },
    ],
  });
  const v8 = computeLayout(handMachine(spec('spm-memory')));
  const up = computeLayout(handMachine(spec('sp-mem')));
  assert.deepEqual(sratJson(up), sratJson(v8));
  assert.deepEqual(
    devicesJson(up).map((d) => [d.start, d.type]),
    [
      [h(6n * G), 'sp-mem'],
      [h(8n * G), 'sp-mem'],
    ],
  );
  assert.deepEqual(e820Json(up).slice(3), [e(6n * G, 2n * G, SOFT), e(8n * G, 2n * G, SOFT)]);
});
