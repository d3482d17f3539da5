// e820_update_entry_type as the v7 patch writes it, and the base table of pc_memory_init.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { E820Table, baseE820 } from '../../../server/src/analysis/layout/e820';
import { computeLayout } from '../../../server/src/analysis/layout/compute';
import {
  E820_RAM as RAM,
  E820_RESERVED as RES,
  E820_SOFT_RESERVED as SOFT,
} from '../../../server/src/analysis/layout/addressMap';
import { handMachine, G } from './handMachine';

const table = (...entries: [bigint, bigint, number][]) => {
  const t = new E820Table();
  for (const [a, l, ty] of entries) t.add(a, l, ty);
  return t;
};

test('KVM puts the EPT identity map + TSS entry first, then the AMD hole, then RAM', () => {
  const t = baseE820({ kvm: true, reserveHtRange: true, below4g: 2n * G, above4g: G, above4gStart: 4n * G });
  assert.deepEqual(t.entries, [
    { start: 0xfeffc000n, length: 0x4000n, type: RES },
    { start: 0xfd00000000n, length: 0x300000000n, type: RES },
    { start: 0n, length: 2n * G, type: RAM },
    { start: 4n * G, length: G, type: RAM },
  ]);
});

test('retyping the middle of an entry removes it and appends lead, range and tail at the end', () => {
  const t = table([0n, 2n * G, RAM], [4n * G, 8n * G, RAM], [0xfd00000000n, 0x300000000n, RES]);
  assert.equal(t.updateEntryType(6n * G, 2n * G, SOFT), true);
  assert.deepEqual(
    t.entries.map((e) => [e.start, e.length, e.type]),
    [
      [0n, 2n * G, RAM],
      [0xfd00000000n, 0x300000000n, RES],
      [4n * G, 2n * G, RAM],
      [6n * G, 2n * G, SOFT],
      [8n * G, 4n * G, RAM],
    ],
  );
});

test('SOFT_RESERVED must lie inside one RAM entry; RESERVED only needs a containing entry', () => {
  const t = table([0n, 2n * G, RAM], [0xfd00000000n, 0x300000000n, RES]);
  assert.equal(t.updateEntryType(0xfd00000000n, G, SOFT), false);
  assert.equal(t.updateEntryType(G, 2n * G, SOFT), false);
  assert.equal(t.entries.length, 2);
  assert.equal(t.updateEntryType(0xfd00000000n, G, RES), true);
  assert.deepEqual(t.entries.at(-1), { start: 0xfd40000000n, length: 0x2c0000000n, type: RES });
});

test("a failed retype is QEMU's warning (QL-layout-003) and leaves the table alone", () => {
  // Node sizes that overrun RAM (QEMU would refuse the NUMA sum first; the checks say so).
  const layout = computeLayout(
    handMachine({
      ram: 4n * G,
      backends: [
        { id: 'a', size: 2n * G },
        { id: 'b', size: 4n * G },
      ],
      nodes: [
        { nodeid: 0, memdev: 'a' },
        { nodeid: 1, memdev: 'b', memmapType: 'spm' },
      ],
    }),
  );
  assert.deepEqual(
    layout.problems.map((p) => [p.code, p.severity, p.message]),
    [['QL-layout-003', 'warning', 'Failed to update E820 entry for node 1 at 0x100000000 length 0x100000000']],
  );
  assert.equal(layout.e820.filter((e) => e.type === SOFT).length, 0);
});
