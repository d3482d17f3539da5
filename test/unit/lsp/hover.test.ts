import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-types';
import { hover } from '../../../server/src/features/hover';
import { analyse, at, fixture, ready } from './helpers';

before(() => ready);

function hoverText(text: string, needle: string, delta = 1, settings = {}, nth = 0): string {
  const h = hover(analyse(text, settings), at(text, needle, delta, nth));
  assert.ok(h, `a hover at ${needle}`);
  return (h.contents as MarkupContent).value;
}

// Expected ranges are rows of the worked SPM examples in test/fixtures/spm/ (v8 explicit addr; v7 SPM in the middle).
test('on an SPM device: where it lands, with its E820 type and SRAT flags', () => {
  const text = fixture('v8-addr.sh');
  assert.match(
    hoverText(text, 'spm-memory,', 3),
    /\[0x200000000-0x27fffffff\] 2 GiB, node 1, E820 SOFT_RESERVED, SRAT ENABLED/,
  );
});

test('on the backend id and on memdev=: the backend lands where its user does', () => {
  const text = fixture('v8-addr.sh');
  const expected = /\[0x200000000-0x27fffffff\] 2 GiB, node 1, E820 SOFT_RESERVED, SRAT ENABLED/;
  assert.match(hoverText(text, 'id=hbm', 4), expected);
  assert.match(hoverText(text, 'memdev=hbm', 8), expected);
});

test('on a v7 SPM node and on the RAM node after it', () => {
  const text = fixture('v7-middle.sh');
  assert.match(
    hoverText(text, 'nodeid=1', 7),
    /\[0x180000000-0x27fffffff\] 4 GiB, node 1, E820 SOFT_RESERVED, SRAT ENABLED/,
  );
  assert.match(hoverText(text, 'memdev=c', 7), /\[0x280000000-0x37fffffff\] 4 GiB, node 2, E820 RAM, SRAT ENABLED/);
});

test('on -m: a compact address map of the invocation (the reference E820 rows)', () => {
  const text = fixture('v7-middle.sh');
  const md = hoverText(text, '-m 12G', 1);
  assert.match(md, /RAM 12 GiB/);
  assert.match(md, /\| 0x0 \| 0x7fffffff \| 2 GiB \| RAM \|/);
  assert.match(md, /\| 0x180000000 \| 0x27fffffff \| 4 GiB \| SOFT\\_RESERVED \|/);
  assert.match(md, /\| 0x280000000 \| 0x37fffffff \| 4 GiB \| RAM \|/);
  assert.match(md, /\*\*-m\*\*/);
});

test('on -machine with -cpu host: the note that the CPU vendor was assumed', () => {
  const text = 'qemu-system-x86_64 -machine q35 -accel kvm -cpu host -m 2G\n';
  const md = hoverText(text, '-machine', 2, { hostCpuVendor: 'intel' });
  assert.match(md, /CPU vendor assumed Intel/);
  const plain = hoverText('qemu-system-x86_64 -machine q35 -m 2G\n', '-machine', 2);
  assert.doesNotMatch(plain, /assumed/);
});

test('documentation of an option, a property and a type', () => {
  const text = fixture('v8-addr.sh');
  assert.match(hoverText(text, '-numa', 2), /\*\*-numa\*\*/);
  assert.match(hoverText(text, 'slots=', 1), /`slots`/);
  assert.match(
    hoverText('qemu-system-x86_64 -m 2G -object memory-backend-ram,id=m,size=2G,prealloc=on\n', 'prealloc', 2),
    /`prealloc`: bool/,
  );
  assert.match(
    hoverText('qemu-system-x86_64 -m 1G,slots=1,maxmem=2G -device pc-dimm,id=d\n', 'pc-dimm', 2),
    /`pc-dimm` — DIMM memory module/,
  );
});

test('ids from the script are escaped in the markdown', () => {
  const text = 'qemu-system-x86_64 -m 2G -object memory-backend-ram,id=a_b*c,size=1G -numa node,memdev=a_b*c\n';
  const md = hover(analyse(text), at(text, '-m', 1));
  const value = (md!.contents as MarkupContent).value;
  assert.doesNotMatch(value, /a_b\*c/);
});

test('outside a QEMU command, and past the end: no hover', () => {
  assert.equal(hover(analyse('echo hi\n'), { line: 0, character: 1 }), null);
  assert.equal(hover(analyse(fixture('v8-addr.sh')), { line: 999, character: 0 }), null);
});
