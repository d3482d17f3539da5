// A memory device QEMU refuses says so where the user looks at it: the hover on the device and on
// its backend, the hover's address map on the program, and an inlay hint after the device.
// QEMU 7.2.22 on the line (qemu-system-x86_64 -machine pc -accel tcg -display none -nodefaults -S …):
//   "-device pc-dimm,id=d1,memdev=m1,addr=0x40000000: can't add memory device
//    [0x40000000:0x20000000], usable range for memory devices [0x100000000:0x100000000]"
// and tools/qemu_oracle.py places d0 alone at 0x100000000 (1 GiB, node 0).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-types';
import { hover } from '../../../server/src/features/hover';
import { inlayHints } from '../../../server/src/features/inlayHints';
import { analyse, at, ready } from './helpers';

before(() => ready);

const TEXT =
  'qemu-system-x86_64 -machine pc -m 2G,slots=2,maxmem=4G \\\n' +
  '  -object memory-backend-ram,id=m0,size=1G -device pc-dimm,id=d0,memdev=m0 \\\n' +
  '  -object memory-backend-ram,id=m1,size=512M -device pc-dimm,id=d1,memdev=m1,addr=0x40000000\n';
const REASON =
  "can't add memory device [0x40000000:0x20000000], usable range for memory devices [0x100000000:0x100000000]";

function hoverText(needle: string, delta = 1): string {
  const h = hover(analyse(TEXT), at(TEXT, needle, delta));
  assert.ok(h, `a hover at ${needle}`);
  return (h.contents as MarkupContent).value;
}

test('hover on the refused device and on its backend: not placed, with QEMU message', () => {
  // Markdown escapes the brackets of QEMU's message.
  const reason = REASON.replace(/[[\]]/g, '\\$&');
  for (const needle of ['pc-dimm,id=d1', 'id=m1']) {
    const md = hoverText(needle, 4);
    assert.ok(md.includes('**Not placed**'), md);
    assert.ok(md.includes('`QL-place-006` ' + reason), md);
    assert.doesNotMatch(md, /Lands at/);
  }
  // The placed one still lands where QEMU puts it.
  assert.match(hoverText('pc-dimm,id=d0', 4), /Lands at.*\[0x100000000-0x13fffffff\] 1 GiB, node 0/);
});

test('hover on the program: the address map lists the device that is not placed', () => {
  const md = hoverText('qemu-system', 2);
  assert.match(md, /\*\*Not placed\*\* \(QEMU refuses them\)/);
  assert.ok(md.includes('| d1 | dimm | QL-place-006 ' + REASON.replace(/[[\]]/g, '\\$&') + ' |'), md);
});

test('inlay hints: "not placed" after the refused device, its tooltip QEMU reason', () => {
  const a = analyse(TEXT);
  const hints = inlayHints(a, { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } });
  const byLine = hints.map((h) => [h.position.line, h.label, h.tooltip]);
  assert.deepEqual(
    byLine.filter(([line]) => line === 2),
    [[2, '⟶ not placed', `not placed: QL-place-006 ${REASON}`]],
  );
  assert.ok(
    byLine.some(([line, label]) => line === 1 && label === '⟶ 0x1_0000_0000–0x1_3fff_ffff'),
    JSON.stringify(byLine),
  );
});
