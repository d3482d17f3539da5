// The edits `npm run bench` times (first line, the variable block every guest reads, the middle,
// the last line), sent as incremental changes and as whole texts (full sync, recovered by
// diffing), must leave the document store with exactly the analysis and the tree a fresh parse
// and analyze() of the same text give.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { DocumentStore } from '../../../server/src/documents';
import { diffEdit } from '../../../server/src/documentText';
import { initShellParser } from '../../../server/src/analysis/index';
import { defaultSettings } from '../../../server/src/analysis/types';
import { LineIndex } from '../../../server/src/analysis/text';
import { assertSameAsFresh } from './sameAsFresh';
import { benchScript } from '../benchScript';

before(async () => {
  await initShellParser();
});

const URI = 'file:///bench.sh';

function lineStarts(lines: LineIndex): number[] {
  return Array.from({ length: lines.lineCount }, (_, line) => lines.offsetAt({ line, character: 0 }));
}

/** Offset of an edit position of the bench, in `text`. */
const POSITIONS: Record<string, (text: string) => number> = {
  'end of the first line': (t) => t.indexOf('\n'),
  'a variable every guest reads': (t) => t.indexOf('/var/lib/images') + '/var/lib/'.length,
  middle: (t) => t.indexOf('size=', Math.floor(t.length / 2)) + 'size='.length,
  'end of the last line': (t) => t.length - 1,
  'start of the text': () => 0,
};

/** One edit at `offset`: insert, replace, delete again (every edit a user makes, in small). */
const EDITS: { remove: number; insert: string }[] = [
  { remove: 0, insert: 'x' },
  { remove: 1, insert: '7' },
  { remove: 1, insert: '' },
  { remove: 0, insert: '\n# a comment\n' },
  { remove: 0, insert: ' \\\n  -m 2G' },
];

for (const sync of ['incremental', 'full'] as const) {
  for (const [where, offsetOf] of Object.entries(POSITIONS)) {
    test(`${sync} sync, edits at ${where}: the store's analysis equals a fresh one`, async () => {
      let text = await benchScript(300);
      const store = new DocumentStore((m) => assert.fail(m));
      store.open(URI, 'shellscript', 1, text);
      store.analysis(URI, defaultSettings); // the tree exists: later edits re-parse incrementally
      let version = 1;
      for (const e of EDITS) {
        const start = offsetOf(text);
        const end = Math.min(text.length, start + e.remove);
        const next = text.slice(0, start) + e.insert + text.slice(end);
        const doc = TextDocument.create(URI, 'shellscript', version, text);
        const change: TextDocumentContentChangeEvent =
          sync === 'incremental'
            ? { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: e.insert }
            : { text: next };
        store.change(URI, ++version, [change]);
        text = next;
        const state = store.get(URI)!;
        assert.equal(state.document.getText(), text);
        assert.ok(state.tree, 'the tree was re-parsed incrementally, not dropped');
        const incremental = store.analysis(URI, defaultSettings)!;
        assertSameAsFresh(incremental, true);
        // The analysis reads the store's line table, edited in place of a rescan: it must be the one
        // a fresh analysis builds.
        assert.equal(incremental.lines, state.document.lines);
        assert.deepEqual(lineStarts(incremental.lines), lineStarts(new LineIndex(text)));
      }
      store.close(URI);
    });
  }
}

test('diffEdit recovers the edited range between two texts', () => {
  const apply = (before: string, after: string) => {
    const e = diffEdit(before, after);
    assert.ok(0 <= e.start && e.start <= e.oldEnd && e.oldEnd <= before.length);
    assert.equal(before.slice(0, e.start) + e.newText + before.slice(e.oldEnd), after);
    return e;
  };
  assert.deepEqual(apply('abc', 'abc'), { start: 3, oldEnd: 3, newText: '' });
  assert.deepEqual(apply('abc', 'abXc'), { start: 2, oldEnd: 2, newText: 'X' });
  assert.deepEqual(apply('aaaa', 'aaa'), { start: 3, oldEnd: 4, newText: '' }); // repeated text: no overlap
  assert.deepEqual(apply('', 'new'), { start: 0, oldEnd: 0, newText: 'new' });
  assert.deepEqual(apply('old', ''), { start: 0, oldEnd: 3, newText: '' });
  assert.deepEqual(apply('x-m 1G', 'x-m 2G'), { start: 4, oldEnd: 5, newText: '2' });
  // A surrogate pair is never split: 😀 (d83d de00) against 😃 (d83d de03).
  const e = apply('# 😀 end', '# 😃 end');
  assert.deepEqual(e, { start: 2, oldEnd: 4, newText: '😃' });
  const f = apply('a😀', 'a😀😀');
  assert.equal(f.newText.length % 2, 0);
});
