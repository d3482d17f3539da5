// A memory device QEMU refuses is listed in `map` (text and --json) with QEMU's reason, never
// just left out of the tables. The messages were recorded with Debian's QEMU 7.2.22:
//   qemu-system-x86_64 -machine pc -accel tcg -display none -nodefaults -S <line>
// and the placed device's address with tools/qemu_oracle.py on the line without the refused one
// (query-memory-devices: dimm id=d0 addr=0x100000000 size=1G node=0 slot=0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempFiles } from './runCli';

const BASE =
  'qemu-system-x86_64 -machine pc -m 2G,slots=2,maxmem=4G -object memory-backend-ram,id=m0,size=1G -device pc-dimm,id=d0,memdev=m0';
// "-device pc-dimm,id=d1,memdev=m1,addr=0x40000000: can't add memory device [0x40000000:0x20000000],
//  usable range for memory devices [0x100000000:0x100000000]"
const OUTSIDE = `${BASE} -object memory-backend-ram,id=m1,size=512M -device pc-dimm,id=d1,memdev=m1,addr=0x40000000`;
// "-device pc-dimm,id=d2,memdev=m2: no free slots available"
const NO_SLOT =
  `${BASE} -object memory-backend-ram,id=m1,size=1G -device pc-dimm,id=d1,memdev=m1 ` +
  '-object memory-backend-ram,id=m2,size=1G -device pc-dimm,id=d2,memdev=m2';

const OUTSIDE_MSG =
  "can't add memory device [0x40000000:0x20000000], usable range for memory devices [0x100000000:0x100000000]";

interface Unplaced {
  id: string;
  type: string;
  line: number;
  reason: { code: string; message: string } | null;
}
interface Inv {
  memoryDevices: { id: string; start: string; length: string }[];
  unplaced: Unplaced[];
}

test('map --json: an unplaced list with id, type, line and QEMU reason', () => {
  const t = tempFiles({ 'a.sh': `${OUTSIDE}\n${NO_SLOT}\n${BASE}\n` });
  try {
    const r = runCli(['map', '--json', t.path('a.sh')]);
    const [outside, noSlot, fine] = (JSON.parse(r.stdout) as { invocations: Inv[] }).invocations;
    assert.deepEqual(outside.unplaced, [
      { id: 'd1', type: 'dimm', line: 1, reason: { code: 'QL-place-006', message: OUTSIDE_MSG } },
    ]);
    assert.deepEqual(
      outside.memoryDevices.map((d) => [d.id, d.start, d.length]),
      [['d0', '0x100000000', '0x40000000']],
    );
    assert.deepEqual(
      noSlot.unplaced.map((u) => [u.id, u.reason?.message]),
      [['d2', 'no free slots available']],
    );
    assert.deepEqual(
      noSlot.memoryDevices.map((d) => d.id),
      ['d0', 'd1'],
    );
    assert.deepEqual(fine.unplaced, []);
  } finally {
    t.cleanup();
  }
});

test('map text: a "not placed" table under the memory devices', () => {
  const t = tempFiles({ 'a.sh': `${OUTSIDE}\n` });
  try {
    const out = runCli(['map', t.path('a.sh')]).stdout;
    const lines = out.split('\n');
    const at = lines.indexOf('  Memory devices not placed (QEMU refuses them):');
    assert.ok(at > 0, out);
    assert.match(lines[at + 1], /^\s+id\s+type\s+line\s+reason$/);
    assert.match(lines[at + 2], new RegExp(`^\\s+d1\\s+dimm\\s+1\\s+QL-place-006 ${escape(OUTSIDE_MSG)}$`));
  } finally {
    t.cleanup();
  }
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
