// Quick fixes and renames never turn a script that parses as bash into one that does not:
// every code action and every rename (at every id, to a few new names) on every example and
// fixture script, under every SPM-form setting, is applied and the result re-parsed with
// tree-sitter. ERROR/MISSING nodes may not appear where there were none, nor grow in number,
// and the edited script must still hold as many QEMU invocations.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import { analyze, initShellParser } from '../../server/src/analysis/index';
import { parseShell } from '../../server/src/analysis/shell/parser';
import { defaultSettings, type SpmFormSetting } from '../../server/src/analysis/types';
import { codeActions } from '../../server/src/features/codeActions';
import { prepareRename, rename } from '../../server/src/features/navigation';
import { script } from './scripts';

before(() => initShellParser());

const URI = 'file:///t.sh';
const FORMS: SpmFormSetting[] = ['auto', 'v7', 'v8', 'upstream'];
const NEW_NAMES = ['m9', 'hbm-0', 'n.e_w'];

/** ERROR and MISSING nodes in the tree of `text`. */
function syntaxErrors(text: string): number {
  const tree = parseShell(text);
  try {
    if (!tree.rootNode.hasError) return 0;
    let count = 0;
    const cursor = tree.walk();
    let more = true;
    while (more) {
      const n = cursor.currentNode;
      if (n.type === 'ERROR' || n.isMissing) count++;
      if (n.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          more = false;
          break;
        }
      }
    }
    cursor.delete();
    return count;
  } finally {
    tree.delete();
  }
}

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create(URI, 'shellscript', 1, text), edits);
}

function scripts(): [string, string][] {
  const out: [string, string][] = [];
  for (const dir of ['examples', 'test/fixtures/lsp', 'test/fixtures/maps', 'test/fixtures/regressions']) {
    for (const f of readdirSync(dir).sort())
      if (f.endsWith('.sh')) out.push([join(dir, f), readFileSync(join(dir, f), 'utf8')]);
  }
  // Generated launch scripts (arrays, variables, CRLF, every SPM form) with a fixed seed.
  fc.sample(script, { seed: 42, numRuns: 40 }).forEach(({ text }, i) => out.push([`generated #${i}`, text]));
  return out;
}

/** Every edit a client could apply to `text`: each quick fix, each rename at each id. */
function edits(text: string, spmForm: SpmFormSetting): { what: string; edits: TextEdit[] }[] {
  const a = analyze(text, { ...defaultSettings, spmForm });
  const out: { what: string; edits: TextEdit[] }[] = [];
  const whole = { start: { line: 0, character: 0 }, end: a.lines.positionAt(text.length) };
  for (const action of codeActions(a, URI, whole))
    out.push({ what: `fix "${action.title}"`, edits: action.edit?.changes?.[URI] ?? [] });
  const seen = new Set<string>();
  for (const m of text.matchAll(/(?:id|memdev|node|nodeid)=/g)) {
    const pos = a.lines.positionAt(m.index + m[0].length);
    const target = prepareRename(a, pos);
    if (!target) continue;
    const range = 'range' in target ? target.range : target;
    const key = JSON.stringify(range);
    if (seen.has(key)) continue;
    seen.add(key);
    for (const name of NEW_NAMES) {
      const r = rename(a, URI, pos, name);
      if (r && typeof r === 'object')
        out.push({ what: `rename at ${pos.line}:${pos.character} to ${name}`, edits: r.changes?.[URI] ?? [] });
    }
  }
  return out;
}

test('quick fixes and renames keep every script parseable', () => {
  const problems: string[] = [];
  let applied = 0;
  for (const [name, text] of scripts()) {
    const errorsBefore = syntaxErrors(text);
    const invocationsBefore = analyze(text).invocations.length;
    for (const spmForm of FORMS) {
      for (const e of edits(text, spmForm)) {
        applied++;
        const after = apply(text, e.edits);
        const errorsAfter = syntaxErrors(after);
        if (errorsAfter > errorsBefore)
          problems.push(`${name} (${spmForm}) ${e.what}: ${errorsBefore} → ${errorsAfter} syntax errors`);
        const invocationsAfter = analyze(after).invocations.length;
        if (invocationsAfter !== invocationsBefore)
          problems.push(`${name} (${spmForm}) ${e.what}: ${invocationsBefore} → ${invocationsAfter} invocations`);
      }
    }
  }
  assert.deepEqual(problems, []);
  // The check must have had something to check.
  assert.ok(applied > 100, `${applied} edits applied`);
});

test('the parse check itself sees a broken script', () => {
  assert.equal(syntaxErrors('qemu-system-x86_64 -m 1G\n'), 0);
  assert.ok(syntaxErrors('qemu-system-x86_64 -m "1G\nif then fi )\n') > 0);
});
