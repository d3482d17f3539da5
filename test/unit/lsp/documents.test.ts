// The document store: incremental edits keep text, tree and analysis equal to a fresh parse;
// one analysis per version, shared; settings changes invalidate.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentStore } from '../../../server/src/documents';
import { parseShell, type Tree } from '../../../server/src/analysis/shell/parser';
import { defaultSettings } from '../../../server/src/analysis/types';
import { analyse, fixture, ready } from './helpers';

before(() => ready);
const URI = 'file:///d.sh';

test('incremental edits give the same diagnostics as analysing the final text from scratch', () => {
  const store = new DocumentStore();
  const text = fixture('v8-addr.sh');
  store.open(URI, 'shellscript', 1, text);
  store.analysis(URI, defaultSettings); // builds the tree, so the next edits re-parse incrementally
  const line = text.split('\n').findIndex((l) => l.includes('id=hbm'));
  const col = text.split('\n')[line].indexOf('size=2G') + 'size='.length;
  // Two changes in one notification, the second in the coordinates left by the first.
  store.change(URI, 2, [
    { range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: '16' },
    { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\r\n' },
  ]);
  const state = store.get(URI)!;
  const expected = text.replace('id=hbm,size=2G', 'id=hbm,size=16G').replace(/^/, '# edited\r\n');
  assert.equal(state.document.getText(), expected);
  assert.equal(state.document.version, 2);
  const incremental = store.analysis(URI, defaultSettings)!;
  const fresh = analyse(expected);
  assert.deepEqual(incremental.diagnostics, fresh.diagnostics);
  assert.equal(incremental.tree.rootNode.toString(), fresh.tree.rootNode.toString());
  fresh.tree.delete();
  store.close(URI);
});

test('one analysis per version and settings; a new version or new settings recompute', () => {
  const store = new DocumentStore();
  store.open(URI, 'shellscript', 1, fixture('v7-middle.sh'));
  const a = store.analysis(URI, defaultSettings);
  assert.ok(a);
  assert.equal(store.analysis(URI, defaultSettings), a);
  const b = store.analysis(URI, { ...defaultSettings, spmForm: 'v8' });
  assert.notEqual(b, a);
  store.change(URI, 2, [{ text: 'qemu-system-x86_64 -m 1G\n' }]);
  const c = store.analysis(URI, defaultSettings)!;
  assert.equal(c.invocations.length, 1);
  assert.equal(c.invocations[0].machine.ramSize, 1n << 30n);
  store.close(URI);
  assert.equal(store.analysis(URI, defaultSettings), undefined);
});

test('only shell scripts, or documents that mention QEMU, are analysed', () => {
  const store = new DocumentStore();
  store.open('file:///a.txt', 'plaintext', 1, 'hello');
  assert.equal(store.analysis('file:///a.txt', defaultSettings), undefined);
  store.open('file:///b.txt', 'plaintext', 1, 'qemu-system-x86_64 -m 1G\n');
  assert.equal(store.analysis('file:///b.txt', defaultSettings)!.invocations.length, 1);
  store.open('file:///c.sh', 'shellscript', 1, 'echo hi\n');
  assert.equal(store.analysis('file:///c.sh', defaultSettings)!.invocations.length, 0);
});

test('changes to a document that is not open are ignored', () => {
  const store = new DocumentStore();
  assert.equal(store.change('file:///none.sh', 2, [{ text: 'x' }]), undefined);
});

test('random edit sequences: text and tree stay equal to a fresh parse of the same text', () => {
  const pieces = [
    'qemu-system-x86_64 ',
    '-m 2G ',
    '\\\n  ',
    '\n',
    '\r\n',
    '-numa node,memdev=m0 ',
    '"',
    "'",
    'A=$B; ',
    '🦀',
    '漢',
    ',',
    '=',
    ' ',
    '#x\n',
  ];
  const insert = fc.array(fc.constantFrom(...pieces), { maxLength: 4 }).map((p) => p.join(''));
  const edit = fc.record({ at: fc.nat(), len: fc.nat({ max: 12 }), text: insert });
  fc.assert(
    fc.property(
      fc.constantFrom(fixture('v8-addr.sh'), fixture('two-guests.sh'), ''),
      fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { maxLength: 8 }),
      (start, batches) => {
        const store = new DocumentStore();
        store.open(URI, 'shellscript', 1, start);
        store.analysis(URI, defaultSettings);
        let version = 1;
        let expected = start;
        for (const batch of batches) {
          const changes = [];
          for (const e of batch) {
            // Each change is in the coordinates of the text left by the previous one, as LSP sends them.
            const doc = TextDocument.create(URI, 'shellscript', 0, expected);
            const from = e.at % (expected.length + 1);
            const to = Math.min(expected.length, from + e.len);
            changes.push({ range: { start: doc.positionAt(from), end: doc.positionAt(to) }, text: e.text });
            expected = TextDocument.applyEdits(doc, [
              { range: { start: doc.positionAt(from), end: doc.positionAt(to) }, newText: e.text },
            ]);
          }
          store.change(URI, ++version, changes);
          store.analysis(URI, defaultSettings);
        }
        const state = store.get(URI)!;
        assert.equal(state.document.getText(), expected);
        const fresh = parseShell(expected);
        assert.equal(state.tree!.rootNode.toString(), fresh.rootNode.toString());
        fresh.delete();
        store.close(URI);
      },
    ),
    { seed: 4242, numRuns: 150 },
  );
});

/** Every node of the tree with its offsets and tree-sitter points (which toString leaves out). */
function nodes(tree: Tree): string[] {
  const out: string[] = [];
  const cursor = tree.walk();
  for (;;) {
    const n = cursor.currentNode;
    out.push(
      `${n.type} ${n.startIndex}-${n.endIndex} ${n.startPosition.row}:${n.startPosition.column}-${n.endPosition.row}:${n.endPosition.column}`,
    );
    if (cursor.gotoFirstChild() || cursor.gotoNextSibling()) continue;
    while (cursor.gotoParent() && !cursor.gotoNextSibling());
    if (cursor.currentNode.equals(tree.rootNode)) break;
  }
  cursor.delete();
  return out;
}

test('random edits, incremental or whole-text, with LF, CR LF or lone CR line ends: every node keeps the offsets and rows a fresh parse gives', () => {
  // tree-sitter counts rows at LF only; the store's line table also breaks at a lone CR, so the
  // edit's points are taken from the table only when the text has no CR at all.
  const pieces = ['qemu-system-x86_64 ', '-m 2G ', '\\\n  ', '\n', '\r\n', '\r', '🦀', 'A=$B; ', '#x\n', '"'];
  const insert = fc.array(fc.constantFrom(...pieces), { maxLength: 4 }).map((p) => p.join(''));
  const edit = fc.record({ at: fc.nat(), len: fc.nat({ max: 12 }), text: insert, whole: fc.boolean() });
  fc.assert(
    fc.property(
      fc.constantFrom(fixture('v8-addr.sh'), fixture('v8-addr.sh').replaceAll('\n', '\r\n'), ''),
      fc.array(edit, { maxLength: 8 }),
      (start, edits) => {
        const store = new DocumentStore((m) => assert.fail(m));
        store.open(URI, 'shellscript', 1, start);
        store.analysis(URI, defaultSettings);
        let version = 1;
        let expected = start;
        for (const e of edits) {
          const doc = TextDocument.create(URI, 'shellscript', 0, expected);
          const from = e.at % (expected.length + 1);
          const to = Math.min(expected.length, from + e.len);
          const range = { start: doc.positionAt(from), end: doc.positionAt(to) };
          expected = TextDocument.applyEdits(doc, [{ range, newText: e.text }]);
          store.change(URI, ++version, [e.whole ? { text: expected } : { range, text: e.text }]);
          assert.equal(store.get(URI)!.document.getText(), expected);
          const tree = store.get(URI)!.tree!;
          const fresh = parseShell(expected);
          assert.deepEqual(nodes(tree), nodes(fresh));
          fresh.delete();
        }
        store.close(URI);
      },
    ),
    { seed: 2323, numRuns: 150 },
  );
});

test("each document's first analysis is reported once, with its time and command count; a reopened one again", () => {
  const lines: string[] = [];
  const store = new DocumentStore(undefined, (m) => lines.push(m));
  const text = fixture('v8-addr.sh');
  store.open(URI, 'shellscript', 1, text);
  const first = store.analysis(URI, defaultSettings)!;
  store.analysis(URI, defaultSettings); // the same version again: cached
  store.change(URI, 2, [{ text: `${text}# edited\n` }]);
  store.analysis(URI, defaultSettings);
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(
    lines[0],
    new RegExp(`^first analysis of file:///d\\.sh: \\d+ ms \\(${first.invocations.length} QEMU commands\\)$`),
  );
  assert.ok(first.invocations.length > 0);
  store.open(URI, 'shellscript', 1, text);
  store.analysis(URI, defaultSettings);
  assert.equal(lines.length, 2);
  store.close(URI);
});
