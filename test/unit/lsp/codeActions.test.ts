// Every quick fix offered on a set of broken scripts is applied through the LSP conversion,
// the result re-analysed: the diagnostic it fixes is gone and the script still parses as bash.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { codeActions } from '../../../server/src/features/codeActions';
import { parseShell } from '../../../server/src/analysis/shell/parser';
import { analyse, applyEdits, ready } from './helpers';

before(() => ready);
const URI = 'file:///t.sh';

const BROKEN: Record<string, string> = {
  'memdev names no backend':
    'qemu-system-x86_64 -machine q35 -m 2G \\\n  -object memory-backend-ram,id=m0,size=1G \\\n  -numa node,nodeid=0,memdev=m0 \\\n  -numa node,nodeid=1,memdev=m1\n',
  'v4 spm=on':
    'qemu-system-x86_64 -machine q35 -m 4G \\\n  -object memory-backend-ram,id=m0,size=2G \\\n  -object memory-backend-ram,id=m1,size=2G \\\n  -numa node,nodeid=0,memdev=m0 \\\n  -numa node,nodeid=1,memdev=m1,spm=on\n',
  'pc-dimm without maxmem':
    'qemu-system-x86_64 -machine q35 -m 2G \\\n  -object memory-backend-ram,id=d0,size=1G \\\n  -device pc-dimm,id=dimm0,memdev=d0\n',
  'distance below 10':
    'qemu-system-x86_64 -m 2G \\\n  -object memory-backend-ram,id=m0,size=1G \\\n  -object memory-backend-ram,id=m1,size=1G \\\n  -numa node,nodeid=0,memdev=m0 \\\n  -numa node,nodeid=1,memdev=m1 \\\n  -numa dist,src=0,dst=1,val=5\n',
  'misaligned addr':
    'qemu-system-x86_64 -machine q35 -m 2G,slots=2,maxmem=8G \\\n  -object memory-backend-ram,id=d0,size=1G \\\n  -device pc-dimm,id=dimm0,memdev=d0,addr=0x100001000\n',
  'duplicate node id':
    'qemu-system-x86_64 -m 2G \\\n  -object memory-backend-ram,id=m0,size=1G \\\n  -object memory-backend-ram,id=m1,size=1G \\\n  -numa node,nodeid=0,memdev=m0 \\\n  -numa node,nodeid=0,memdev=m1\n',
  'v7 to device form':
    'qemu-system-x86_64 -machine q35 -m 6G \\\n  -object memory-backend-ram,id=m0,size=2G \\\n  -object memory-backend-ram,id=m1,size=4G \\\n  -numa node,nodeid=0,memdev=m0 \\\n  -numa node,nodeid=1,memdev=m1,memmap-type=spm\n',
};

const whole = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };

for (const [name, text] of Object.entries(BROKEN)) {
  for (const spmForm of ['auto', 'v8', 'upstream'] as const) {
    test(`quick fixes re-check clean: ${name} (spmForm ${spmForm})`, () => {
      const before = analyse(text, { spmForm });
      const actions = codeActions(before, URI, whole);
      assert.ok(actions.length > 0, `${name}: at least one quick fix`);
      const source = parseShell(text);
      const parsedBefore = !source.rootNode.hasError;
      source.delete();
      for (const action of actions) {
        const fixed = action.diagnostics![0];
        const after = applyEdits(text, action.edit!.changes![URI]);
        const countBefore = before.diagnostics.filter((d) => d.code === fixed.code).length;
        const reanalysed = analyse(after, { spmForm });
        const countAfter = reanalysed.diagnostics.filter((d) => d.code === fixed.code).length;
        assert.ok(
          countAfter < countBefore,
          `"${action.title}" removes ${fixed.code}:\n${after}\n${JSON.stringify(reanalysed.diagnostics.map((d) => d.code + ' ' + d.message))}`,
        );
        // ... and brings in no error that was not there before.
        const errorsBefore = new Set(before.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code));
        const newErrors = reanalysed.diagnostics.filter((d) => d.severity === 'error' && !errorsBefore.has(d.code));
        assert.deepEqual(
          newErrors.map((d) => `${d.code} ${d.message}`),
          [],
          `"${action.title}" introduces no new error:\n${after}`,
        );
        const tree = parseShell(after);
        if (parsedBefore)
          assert.equal(tree.rootNode.hasError, false, `"${action.title}" keeps the script valid bash:\n${after}`);
        tree.delete();
      }
    });
  }
}

test('only=[refactor] asks for no quick fixes', () => {
  const a = analyse(BROKEN['memdev names no backend']);
  assert.deepEqual(codeActions(a, URI, whole, ['refactor']), []);
  assert.ok(codeActions(a, URI, whole, ['quickfix']).length > 0);
});

test('the action carries the diagnostic it fixes, and only actions for diagnostics in range', () => {
  const text = BROKEN['distance below 10'];
  const a = analyse(text);
  const line = text.split('\n').findIndex((l) => l.includes('val=5'));
  const actions = codeActions(a, URI, { start: { line, character: 0 }, end: { line, character: 40 } });
  assert.deepEqual(
    actions.map((x) => x.title),
    ['Set val=20'],
  );
  assert.equal(actions[0].kind, 'quickfix');
  assert.equal(actions[0].diagnostics![0].code, 'QL-numa-014');
  assert.equal(actions[0].diagnostics![0].source, 'qemu-launch');
  assert.equal(applyEdits(text, actions[0].edit!.changes![URI]), text.replace('val=5', 'val=20'));
  const none = codeActions(a, URI, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
  assert.equal(none.length, 0);
});
