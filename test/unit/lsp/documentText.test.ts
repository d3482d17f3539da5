// The document text and line table the server keeps (documentText.ts) against the library LSP
// servers use (vscode-languageserver-textdocument): the same text and version after any sequence
// of changes, incremental or whole-text; a line table equal to one built from scratch; and edits
// that turn each text into the next. The table is updated in place of a rescan, so a mistake at a
// CR LF joined or split by an edit would only show here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { DocumentText, diffEdit } from '../../../server/src/documentText';
import { LineIndex } from '../../../server/src/analysis/text';

const URI = 'file:///t.sh';

/** Every line start of `lines`, read through its public offsetAt. */
function lineStarts(lines: LineIndex): number[] {
  const starts: number[] = [];
  for (let line = 0; line < lines.lineCount; line++) starts.push(lines.offsetAt({ line, character: 0 }));
  return starts;
}

function assertSameLines(actual: LineIndex, text: string): void {
  assert.equal(actual.text, text);
  const fresh = new LineIndex(text);
  assert.deepEqual(lineStarts(actual), lineStarts(fresh));
  for (let offset = 0; offset <= text.length; offset++) {
    assert.deepEqual(actual.positionAt(offset), fresh.positionAt(offset), `positionAt(${offset})`);
  }
}

// Line breaks of every kind, and characters of two UTF-16 units.
const pieces = ['a', 'bc ', '\n', '\r', '\r\n', '\n\r', '🦀', '-m 2G', '\\\n', ' '];
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((p) => p.join(''));
const position = fc.record({ line: fc.nat(), character: fc.nat({ max: 10 }) });
const change: fc.Arbitrary<TextDocumentContentChangeEvent> = fc.oneof(
  // Ranges may be reversed or reach past a line's end (both sides clamp); lines are taken modulo
  // the line count below (the library's line table breaks on a line past the end).
  fc.record({ range: fc.record({ start: position, end: position }), text }),
  fc.record({ text }),
);

/** The batch with every range's lines inside the text each change is applied to. */
function inRange(start: string, batch: TextDocumentContentChangeEvent[]): TextDocumentContentChangeEvent[] {
  const doc = TextDocument.create(URI, 'shellscript', 0, start);
  return batch.map((c) => {
    const fixed =
      'range' in c
        ? {
            range: {
              start: { ...c.range.start, line: c.range.start.line % doc.lineCount },
              end: { ...c.range.end, line: c.range.end.line % doc.lineCount },
            },
            text: c.text,
          }
        : c;
    TextDocument.update(doc, [fixed], 0);
    return fixed;
  });
}

test('any changes leave the same text and version as vscode-languageserver-textdocument, and a fresh line table', () => {
  fc.assert(
    fc.property(text, fc.array(fc.array(change, { maxLength: 3 }), { maxLength: 6 }), (start, batches) => {
      const ours = new DocumentText(1, start);
      const theirs = TextDocument.create(URI, 'shellscript', 1, start);
      let version = 1;
      for (const raw of batches) {
        const batch = inRange(ours.getText(), raw);
        version++;
        const applied = ours.apply(batch, version);
        TextDocument.update(theirs, batch, version);
        assert.equal(ours.getText(), theirs.getText());
        assert.equal(ours.version, theirs.version);
        assert.equal(applied.length, batch.length);
        // Each edit turns the text it was applied to into the next one.
        for (let i = 0; i < applied.length; i++) {
          const { edit, before } = applied[i];
          const after = i + 1 < applied.length ? applied[i + 1].before.text : ours.getText();
          assert.ok(0 <= edit.start && edit.start <= edit.oldEnd && edit.oldEnd <= before.text.length);
          assert.equal(before.text.slice(0, edit.start) + edit.newText + before.text.slice(edit.oldEnd), after);
        }
        assertSameLines(ours.lines, ours.getText());
      }
    }),
    { seed: 1717, numRuns: 400 },
  );
});

test('a line table edited at a CR LF it joins or splits equals a fresh one', () => {
  const cases: [string, number, number, string][] = [
    ['a\r\nb', 2, 2, 'x'], // splits CR LF: the CR alone now ends a line
    ['a\rx\nb', 2, 3, ''], // joins CR and LF into one break
    ['a\r', 2, 2, '\n'], // completes a CR at the end
    ['\r\n', 0, 1, ''], // removes the CR
    ['\n\n\n', 1, 2, '\r'], // replaces a break by another
    ['', 0, 0, 'a\r\n\rb\n'],
    ['a\nb\nc', 0, 5, ''],
  ];
  for (const [before, start, oldEnd, newText] of cases) {
    const after = before.slice(0, start) + newText + before.slice(oldEnd);
    assertSameLines(new LineIndex(before).edited({ start, oldEnd, newText }, after), after);
  }
});

test('a whole-text change becomes the edit of the range that changed, and the client string is kept as the text', () => {
  const doc = new DocumentText(1, 'qemu-system-x86_64 \\\n  -m 2G\n');
  const next = 'qemu-system-x86_64 \\\n  -m 16G\n';
  const [applied] = doc.apply([{ text: next }], 2);
  assert.deepEqual(applied.edit, { start: 26, oldEnd: 27, newText: '16' });
  assert.equal(doc.getText(), next);
  assert.equal(doc.version, 2);
  // No change in a notification: nothing applied, the version moves on (as the library's does).
  assert.deepEqual(doc.apply([], 3), []);
  assert.equal(doc.getText(), next);
  assert.equal(doc.version, 3);
});

test('diffEdit finds the edit across whole compared blocks, at every distance from either end', () => {
  const base = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(97 + (i % 23))).join('');
  for (const at of [0, 1, 1023, 1024, 1025, 2048, 2500, 3975, 3976, 4999]) {
    for (const [remove, insert] of [
      [0, 'X'],
      [1, ''],
      [1, 'YZ'],
    ] as const) {
      const after = base.slice(0, at) + insert + base.slice(at + remove);
      const e = diffEdit(base, after);
      assert.equal(base.slice(0, e.start) + e.newText + base.slice(e.oldEnd), after);
      // Minimal: nothing around the edit is reported as changed except what repeats.
      assert.ok(e.oldEnd - e.start <= remove + 1 && e.newText.length <= insert.length + 1, `${at} ${remove} ${insert}`);
    }
  }
  assert.deepEqual(diffEdit(base, base), { start: 5000, oldEnd: 5000, newText: '' });
});
