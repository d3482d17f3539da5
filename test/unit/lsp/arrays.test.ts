// Commands built in arrays (`args=(...); qemu "${args[@]}"`): the features work where the
// arguments are written, not only on the line that runs QEMU.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent, WorkspaceEdit } from 'vscode-languageserver-types';
import { completion } from '../../../server/src/features/completion';
import { hover } from '../../../server/src/features/hover';
import { rename } from '../../../server/src/features/navigation';
import { documentSymbols } from '../../../server/src/features/symbols';
import { analyse, applyEdits, at, fixture, ready } from './helpers';

before(() => ready);
const text = fixture('array-built.sh');

test('hover on an array element: the DIMM lands in device memory on its node', () => {
  const h = hover(analyse(text), at(text, 'id=dimm0,', 4));
  assert.ok(h);
  // q35, 4 GiB: 2 GiB above 4G end at 0x180000000, where device memory starts (1 GiB aligned).
  assert.match((h.contents as MarkupContent).value, /\[0x180000000-0x1ffffffff\] 2 GiB, node 0/);
});

test('completion inside the array, and on a blank line between its elements', () => {
  const a = analyse(text);
  const items = completion(a, at(text, 'memdev=dimm0-mem', 'memdev='.length));
  assert.ok(items.some((i) => i.label === 'dimm0-mem'));
  const blank = text.indexOf('node=0\n\n') + 'node=0\n'.length;
  const lines = text.slice(0, blank).split('\n');
  const names = completion(a, { line: lines.length - 1, character: 0 }).map((i) => i.label);
  assert.ok(names.includes('-device') && names.includes('-numa'), names.slice(0, 10).join(' '));
});

test('outside the arrays and the command, nothing', () => {
  assert.deepEqual(completion(analyse(text), { line: 1, character: 3 }), []);
});

test('rename across the array elements', () => {
  const edit = rename(analyse(text), 'file:///t.sh', at(text, 'id=ram1', 4), 'slow') as WorkspaceEdit;
  const out = applyEdits(text, edit.changes!['file:///t.sh']);
  assert.match(out, /id=slow,size=2G/);
  assert.match(out, /nodeid=1,memdev=slow\n/);
});

test('the outline covers the arrays: every part of the machine is a child', () => {
  const [s] = documentSymbols(analyse(text));
  assert.deepEqual(
    s.children!.map((c) => c.name),
    ['machine q35', 'ram0', 'ram1', 'node 0', 'node 1', 'dimm0-mem', 'dimm0'],
  );
  assert.equal(s.range.start.line, 3);
});
