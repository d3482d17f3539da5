import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import {
  definition,
  documentHighlights,
  prepareRename,
  references,
  rename,
} from '../../../server/src/features/navigation';
import { parseShell } from '../../../server/src/analysis/shell/parser';
import { analyse, applyEdits, at, fixture, ready } from './helpers';

before(() => ready);
const URI = 'file:///t.sh';

function renamed(text: string, needle: string, delta: number, newName: string, nth = 0): string {
  const result = rename(analyse(text), URI, at(text, needle, delta, nth), newName) as WorkspaceEdit;
  assert.ok(result && typeof result === 'object', JSON.stringify(result));
  return applyEdits(text, result.changes![URI]);
}

test('rename a backend id: the definition and every memdev= of that invocation', () => {
  const text = fixture('two-guests.sh');
  const out = renamed(text, 'id=m0', 4, 'fast0');
  assert.match(out, /id=fast0,size=1G/);
  assert.match(out, /nodeid=0,memdev=fast0 /);
  // The second function's m0 is another QEMU process: untouched.
  assert.match(out, /id=m0,size=4G/);
  assert.match(out, /-numa node,nodeid=0,memdev=m0\n/);
  const tree = parseShell(out);
  assert.equal(tree.rootNode.hasError, false);
  tree.delete();
});

test('rename from a use (memdev=) renames the definition too', () => {
  const text = fixture('v8-addr.sh');
  const out = renamed(text, 'memdev=hbm', 8, 'hbm0');
  assert.match(out, /id=hbm0,size=2G/);
  assert.match(out, /memdev=hbm0,node=1/);
});

test('rename a node id: nodeid=, dist src=/dst=', () => {
  const text = fixture('two-guests.sh');
  const out = renamed(text, 'nodeid=1', 7, '5');
  assert.match(out, /nodeid=5,memdev=m1/);
  assert.match(out, /dist,src=0,dst=5,val=20/);
});

test('invalid new names are refused with a reason', () => {
  const text = fixture('two-guests.sh');
  assert.equal(typeof rename(analyse(text), URI, at(text, 'id=m0', 4), '0bad'), 'string');
  assert.equal(typeof rename(analyse(text), URI, at(text, 'id=m0', 4), 'a b'), 'string');
  assert.equal(typeof rename(analyse(text), URI, at(text, 'nodeid=1', 7), 'x'), 'string');
});

test('prepareRename: the id range on an id, null elsewhere', () => {
  const text = fixture('v8-addr.sh');
  const r = prepareRename(analyse(text), at(text, 'id=spm0', 5));
  assert.ok(r);
  assert.equal(r.placeholder, 'spm0');
  assert.equal(prepareRename(analyse(text), at(text, 'size=4G', 6)), null);
});

test('a value built by a variable is not renamed silently', () => {
  const text = 'B=m0\nqemu-system-x86_64 -m 1G -object memory-backend-ram,id=m0,size=1G -numa node,memdev=$B\n';
  const result = rename(analyse(text), URI, at(text, 'id=m0', 4), 'm9');
  assert.equal(typeof result, 'string');
});

test('definition, references, highlights', () => {
  const text = fixture('v8-addr.sh');
  const a = analyse(text);
  const defs = definition(a, URI, at(text, 'memdev=hbm', 8));
  assert.equal(defs.length, 1);
  assert.deepEqual(defs[0].range.start, at(text, 'id=hbm', 3));
  assert.equal(references(a, URI, at(text, 'id=hbm', 4), true).length, 2);
  assert.equal(references(a, URI, at(text, 'id=hbm', 4), false).length, 1);
  const hl = documentHighlights(a, at(text, 'nodeid=1', 7));
  assert.equal(hl.length, 2); // nodeid=1 and node=1 of the device
  assert.deepEqual(hl.map((h) => h.kind).sort(), [2, 3]);
});
