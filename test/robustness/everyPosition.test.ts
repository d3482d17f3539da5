// Every position of every example and fixture script: completion's replace range is one line
// holding the cursor (VS Code drops the item otherwise; an inverted range is malformed), and
// hover, highlight and prepareRename answer ranges that are ordered and inside the document.
// Found: before a quoted argument (-machine |"q35") completion answered an inverted range.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Range } from 'vscode-languageserver-types';
import { analyze, initShellParser } from '../../server/src/analysis/index';
import { completion } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { documentHighlights, prepareRename } from '../../server/src/features/navigation';

before(() => initShellParser());

function scripts(): [string, string][] {
  const out: [string, string][] = [];
  for (const dir of ['examples', 'test/fixtures/lsp', 'test/fixtures/regressions']) {
    for (const f of readdirSync(dir).sort())
      if (f.endsWith('.sh')) out.push([join(dir, f), readFileSync(join(dir, f), 'utf8')]);
  }
  return out;
}

for (const [name, text] of scripts()) {
  test(`every position of ${name}`, () => {
    const a = analyze(text);
    const lines = text.split(/\r\n|\r|\n/);
    const problems: string[] = [];
    const ordered = (r: Range, what: string) => {
      const ok = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
      const inDoc = [r.start, r.end].every(
        (p) => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length,
      );
      if (!ok || !inDoc) problems.push(`${what}: ${JSON.stringify(r)}`);
    };
    for (let offset = 0; offset <= text.length && problems.length < 10; offset++) {
      if (text[offset - 1] === '\r' && text[offset] === '\n') continue; // not a position a client can name
      const p = a.lines.positionAt(offset);
      const at = `${p.line}:${p.character}`;
      for (const item of completion(a, p)) {
        const r = item.textEdit && 'range' in item.textEdit ? item.textEdit.range : undefined;
        if (!r) continue;
        ordered(r, `completion ${item.label} at ${at}`);
        if (!(
          r.start.line === p.line &&
          r.end.line === p.line &&
          r.start.character <= p.character &&
          p.character <= r.end.character
        )) {
          problems.push(`completion ${item.label} at ${at}: ${JSON.stringify(r)} does not hold the cursor`);
          break;
        }
      }
      const h = hover(a, p);
      if (h?.range) ordered(h.range, `hover at ${at}`);
      for (const hl of documentHighlights(a, p)) ordered(hl.range, `highlight at ${at}`);
      const pr = prepareRename(a, p);
      if (pr) ordered('range' in pr ? pr.range : pr, `prepareRename at ${at}`);
    }
    assert.deepEqual(problems, []);
  });
}
