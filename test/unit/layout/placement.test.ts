// The memory-device allocator (memory_device_get_free_addr, pc_dimm_get_free_slot).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeLayout } from '../../../server/src/analysis/layout/compute';
import { handMachine, G, M } from './handMachine';
import type { HandSpec } from './handMachine';
import { devicesJson } from './tables';

const h = (n: bigint) => '0x' + n.toString(16);
// q35 -m 2G,slots=S,maxmem=...: device memory starts at 4 GiB.
const base = (extra: Partial<HandSpec>): HandSpec => ({ ram: 2n * G, slots: 4n, maxmem: 10n * G, ...extra });

test('first fit in address order: a later auto DIMM fills the gap below an explicit one', () => {
  const layout = computeLayout(
    handMachine(
      base({
        backends: [
          { id: 'a', size: G },
          { id: 'b', size: 512n * M },
          { id: 'c', size: G },
        ],
        devices: [
          { driver: 'pc-dimm', id: 'a', memdev: 'a', addr: 5n * G },
          { driver: 'pc-dimm', id: 'b', memdev: 'b' },
          { driver: 'pc-dimm', id: 'c', memdev: 'c' },
        ],
      }),
    ),
  );
  assert.deepEqual(
    devicesJson(layout).map((d) => [d.id, d.start]),
    [
      ['b', h(4n * G)],
      ['a', h(5n * G)],
      ['c', h(6n * G)],
    ],
  );
  assert.deepEqual(
    layout.memoryDevices.map((d) => [d.id, d.slot]),
    [
      ['b', 1],
      ['a', 0],
      ['c', 2],
    ],
  );
});

test("alignment is the backend's: a 1 GiB-aligned backend skips to the next GiB", () => {
  const layout = computeLayout(
    handMachine(
      base({
        backends: [
          { id: 'a', size: 512n * M },
          { id: 'b', size: G, alignment: G },
        ],
        devices: [
          { driver: 'pc-dimm', id: 'a', memdev: 'a' },
          { driver: 'pc-dimm', id: 'b', memdev: 'b' },
        ],
      }),
    ),
  );
  assert.deepEqual(
    devicesJson(layout).map((d) => d.start),
    [h(4n * G), h(5n * G)],
  );
});

test('a backend alignment above the base alignment only warns, and placement starts aligned', () => {
  // -m 3G on q35: device memory at ROUND_UP(4G + 1G, 1G) = 5G, not 2 GiB-aligned.
  const layout = computeLayout(
    handMachine({
      ram: 3n * G,
      slots: 1n,
      maxmem: 8n * G,
      backends: [{ id: 'a', size: 2n * G, alignment: 2n * G }],
      devices: [{ driver: 'pc-dimm', memdev: 'a' }],
    }),
  );
  assert.deepEqual(
    layout.problems.map((p) => [p.code, p.severity]),
    [['QL-place-004', 'warning']],
  );
  assert.deepEqual(
    devicesJson(layout).map((d) => [d.id, d.start]),
    [['', h(6n * G)]],
  );
});

test('capacity counts device sizes only, not the 1 GiB-per-slot padding', () => {
  const layout = computeLayout(
    handMachine({
      ram: 2n * G,
      slots: 2n,
      maxmem: 3n * G,
      backends: [
        { id: 'a', size: G },
        { id: 'b', size: 2n * M },
      ],
      devices: [
        { driver: 'pc-dimm', id: 'a', memdev: 'a' },
        { driver: 'pc-dimm', id: 'b', memdev: 'b' },
      ],
    }),
  );
  assert.deepEqual(
    layout.problems.map((p) => p.message),
    ['not enough space, currently 0x40000000 in use of total space for memory devices 0x40000000'],
  );
  assert.equal(layout.deviceMemory!.length, 3n * G);
});

test('slots: explicit slot taken later is busy; beyond the range is invalid; none is "no slots"', () => {
  const two = computeLayout(
    handMachine(
      base({
        slots: 2n,
        backends: [
          { id: 'a', size: G },
          { id: 'b', size: G },
          { id: 'c', size: G },
        ],
        devices: [
          { driver: 'pc-dimm', id: 'a', memdev: 'a', slot: 1 },
          { driver: 'pc-dimm', id: 'b', memdev: 'b', slot: 1 },
          { driver: 'pc-dimm', id: 'c', memdev: 'c', slot: 2 },
        ],
      }),
    ),
  );
  assert.deepEqual(
    two.problems.map((p) => [p.code, p.message]),
    [
      ['QL-place-012', 'slot 1 is busy'],
      ['QL-place-010', 'invalid slot number 2, valid range is [0-1]'],
    ],
  );
  const none = computeLayout(
    handMachine({
      ram: 2n * G,
      maxmem: 4n * G,
      backends: [{ id: 'a', size: G }],
      devices: [{ driver: 'pc-dimm', memdev: 'a', slot: 0 }],
    }),
  );
  assert.deepEqual(
    none.problems.map((p) => p.message),
    ['invalid slot number 0, valid range is [0-18446744073709551615]'],
  );
});

test('no device memory (maxmem = size): "not prepared"', () => {
  const layout = computeLayout(
    handMachine({
      ram: 2n * G,
      backends: [{ id: 'v', size: G }],
      devices: [{ driver: 'virtio-mem-pci', id: 'vm', memdev: 'v' }],
    }),
  );
  assert.deepEqual(
    layout.problems.map((p) => p.code),
    ['QL-place-001'],
  );
  assert.equal(layout.deviceMemory, null);
});

test("addr= hint: misaligned and out-of-range hints are refused with QEMU's numbers", () => {
  const layout = computeLayout(
    handMachine(
      base({
        backends: [
          { id: 'a', size: G },
          { id: 'b', size: G },
        ],
        devices: [
          { driver: 'pc-dimm', id: 'a', memdev: 'a', addr: 4n * G + 0x1000n },
          { driver: 'pc-dimm', id: 'b', memdev: 'b', addr: 16n * G },
        ],
      }),
    ),
  );
  assert.deepEqual(
    layout.problems.map((p) => p.message),
    [
      'address must be aligned to 0x200000 bytes',
      "can't add memory device [0x400000000:0x40000000], usable range for memory devices [0x100000000:0x300000000]",
    ],
  );
});

test('nvdimm: label-size is cut from the end and the rest aligned down; SRAT gets ENABLED|NON_VOLATILE', () => {
  const layout = computeLayout(
    handMachine({
      ram: 2n * G,
      slots: 2n,
      maxmem: 8n * G,
      nvdimm: true,
      backends: [{ id: 'n', size: G }],
      devices: [{ driver: 'nvdimm', id: 'nv', memdev: 'n', labelSize: 128n * 1024n }],
    }),
  );
  assert.deepEqual(devicesJson(layout), [
    { id: 'nv', type: 'nvdimm', start: h(4n * G), length: '0x3fe00000', node: 0 },
  ]);
  assert.deepEqual(
    layout.srat.find((e) => e.flags === 5),
    { start: 4n * G, length: 0x3fe00000n, node: 0, flags: 5 },
  );
});
