// The layout's problems become diagnostics with fixes. Problems are written here as the layout
// reports them (code, QEMU message, span), so this tests the translation, not the placement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LayoutProblem } from '../../../server/src/analysis/layout/addressMap';
import { applyFix, at, check, parseLine } from './harness';

function problemOn(text: string, code: string, message: string, needle: string, fromEnd = false): LayoutProblem {
  const start = fromEnd ? text.lastIndexOf(needle) : text.indexOf(needle);
  return { code, message, span: { start, end: start + needle.length } };
}

test('QL-place-005: misaligned addr; fix rounds it up to the alignment QEMU names', () => {
  const t =
    'qemu-system-x86_64 -machine q35 -m 2G,slots=2,maxmem=4G -object memory-backend-ram,id=d,size=1G -device pc-dimm,memdev=d,addr=0x100001000';
  const p = problemOn(t, 'QL-place-005', 'address must be aligned to 0x200000 bytes', '0x100001000');
  const [d] = check(t, {}, [p]);
  assert.equal(d.code, 'QL-place-005');
  assert.equal(d.severity, 'error');
  assert.equal(at(t, d), '0x100001000');
  assert.equal(d.message, 'address must be aligned to 0x200000 bytes');
  assert.equal(applyFix(t, d.fixes![0].edits), t.replace('0x100001000', '0x100200000'));
  assert.equal(applyFix(t, d.fixes![1].edits), t.replace(',addr=0x100001000', ''));
});

test('QL-place-001: no device memory; fix adds maxmem and slots for the DIMMs', () => {
  const t = 'qemu-system-x86_64 -machine q35 -m 2G -object memory-backend-ram,id=d,size=1G -device pc-dimm,memdev=d';
  const opts = parseLine(t);
  const dev = opts.find((o) => o.name === 'device')!;
  const p: LayoutProblem = {
    code: 'QL-place-001',
    message:
      'the configuration is not prepared for memory devices (e.g., for memory hotplug), consider specifying the maxmem option',
    span: dev.argSpan!,
  };
  const [d] = check(t, {}, [p]);
  assert.equal(at(t, d), 'pc-dimm'); // narrowed from the whole argument to the device name
  assert.equal(applyFix(t, d.fixes![0].edits), t.replace('-m 2G', '-m 2G,slots=1,maxmem=3G'));
});

test('QL-place-002: not enough space; fix raises maxmem to RAM + devices', () => {
  const t =
    'qemu-system-x86_64 -machine q35 -m 2G,slots=2,maxmem=3G -object memory-backend-ram,id=d,size=2G -device pc-dimm,memdev=d';
  const p = problemOn(
    t,
    'QL-place-002',
    'not enough space, currently 0x0 in use of total space for memory devices 0x40000000',
    'd',
    true,
  );
  const [d] = check(t, {}, [p]);
  assert.equal(d.message, 'not enough space, currently 0x0 in use of total space for memory devices 0x40000000');
  assert.equal(applyFix(t, d.fixes![0].edits), t.replace('maxmem=3G', 'maxmem=4G'));
});

test('QL-place-013 / 012: slots; fixes raise slots or drop slot=', () => {
  let t =
    'qemu-system-x86_64 -m 2G,slots=1,maxmem=4G -object memory-backend-ram,id=d0,size=512M -object memory-backend-ram,id=d1,size=512M -device pc-dimm,memdev=d0 -device pc-dimm,memdev=d1';
  let [d] = check(t, {}, [problemOn(t, 'QL-place-013', 'no free slots available', 'pc-dimm,memdev=d1')]);
  assert.equal(applyFix(t, d.fixes![0].edits), t.replace('slots=1', 'slots=2'));
  t =
    'qemu-system-x86_64 -m 2G,slots=2,maxmem=4G -object memory-backend-ram,id=d0,size=512M -object memory-backend-ram,id=d1,size=512M -device pc-dimm,memdev=d0,slot=0 -device pc-dimm,memdev=d1,slot=0';
  [d] = check(t, {}, [problemOn(t, 'QL-place-012', 'slot 0 is busy', '0', true)]);
  assert.equal(applyFix(t, d.fixes![0].edits), t.replace('memdev=d1,slot=0', 'memdev=d1'));
});

test('warnings stay warnings', () => {
  const t = 'qemu-system-x86_64 -m 2G,maxmem=4G';
  const [d] = check(t, {}, [
    {
      ...problemOn(
        t,
        'QL-place-004',
        "the alignment (0x40000000) exceeds the expected maximum alignment, memory will get fragmented and not all 'maxmem' might be usable for memory devices.",
        '4G',
      ),
      severity: 'warning',
    },
  ]);
  assert.equal(d.severity, 'warning');
});
