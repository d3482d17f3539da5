// An edit re-reads only the top-level statements it touched or whose inputs it changed
// (server/src/analysis/shell/statementMemo.ts); every other statement is replayed from the
// previous version's record. Counted here (no timing), and the result is always what a fresh
// analysis of the new text gives.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, AnalysisCache, initShellParser } from '../../../server/src/analysis/index';
import { parseShell, reparse } from '../../../server/src/analysis/shell/parser';
import { findInvocationsStrict, walkTuning } from '../../../server/src/analysis/shell/invocations';
import { defaultSettings } from '../../../server/src/analysis/types';
import { assertSameAsFresh } from './sameAsFresh';
import { benchScript } from '../benchScript';

let script = '';

before(async () => {
  await initShellParser();
  script = await benchScript(1000);
});

const tuning = walkTuning.eventsPerStatementUpTo;
after(() => {
  walkTuning.eventsPerStatementUpTo = tuning;
});

interface Counts {
  statements: { replayed: number; substituted: number; read: number };
  commands: { replayed: number; substituted: number; expanded: number };
}

/** Opens `text`, then makes each edit (at the first match of `find`), counting what each analysis did. */
function edit(text: string, edits: { find: string | RegExp; remove: number; insert: string }[]): Counts[] {
  const cache = new AnalysisCache();
  let tree = parseShell(text);
  analyze(text, defaultSettings, tree, cache);
  const counts: Counts[] = [];
  try {
    for (const e of edits) {
      const at = typeof e.find === 'string' ? text.indexOf(e.find) : text.search(e.find);
      assert.ok(at >= 0, `${String(e.find)} is in the script`);
      const next = text.slice(0, at) + e.insert + text.slice(at + e.remove);
      const newTree = reparse(tree, text, next, [{ start: at, oldEnd: at + e.remove, newText: e.insert }]);
      tree.delete();
      tree = newTree;
      text = next;
      assertSameAsFresh(analyze(text, defaultSettings, tree, cache));
      counts.push({ statements: { ...cache.commands.statements.stats }, commands: { ...cache.commands.stats } });
    }
  } finally {
    tree.delete();
  }
  return counts;
}

/** Top-level statements of the generated script that are not comments (functions, assignments, set, case). */
function statementCount(text: string): number {
  const tree = parseShell(text);
  try {
    return tree.rootNode.children.filter((c) => c && c.type !== 'comment').length;
  } finally {
    tree.delete();
  }
}

test('an edit inside one guest function reads that statement again and replays the others', () => {
  const total = statementCount(script);
  const [c] = edit(script, [{ find: /size=8G/, remove: 'size=8'.length, insert: 'size=4' }]);
  assert.deepStrictEqual(c.statements, { replayed: total - 1, substituted: 0, read: 1 });
  // The edited command expanded again; every other command carried over with its statement.
  assert.equal(c.commands.expanded, 1);
  assert.equal(c.commands.substituted, 0);
});

test('an edit of a comment above everything moves every statement and reads none', () => {
  const total = statementCount(script);
  const [c] = edit(script, [{ find: '# Settings every guest reads', remove: 0, insert: '# edited\n' }]);
  assert.deepStrictEqual(c.statements, { replayed: total, substituted: 0, read: 0 });
  assert.equal(c.commands.expanded, 0);
});

test('an edit of a variable every guest reads reads only the assignment; every guest gets the new value put in', () => {
  const total = statementCount(script);
  const guests = (script.match(/^start_guest_\d+\(\) \{$/gm) ?? []).length;
  assert.ok(guests > 10);
  const [c, back] = edit(script, [
    { find: 'IMAGES=/var/lib/images', remove: 'IMAGES=/var/lib/i'.length, insert: 'IMAGES=/var/lib/I' },
    { find: 'IMAGES=/var/lib/Images', remove: 'IMAGES=/var/lib/I'.length, insert: 'IMAGES=/var/lib/i' },
  ]);
  // The assignment itself is read; every guest function (`local disk=$IMAGES/…` then
  // `-drive file="$disk"`) is replayed with its disk made again from the new path; `set -euo
  // pipefail`, QEMU= and the case are replayed as they were.
  const expected = { replayed: total - 1 - guests, substituted: guests, read: 1 };
  assert.deepStrictEqual(c.statements, expected);
  assert.deepStrictEqual(back.statements, expected);
  // Each guest's command gets the new path put into its words, none is expanded again.
  assert.equal(c.commands.substituted, guests);
  assert.equal(c.commands.expanded, 0);
});

/** Counts of one edit of `DIR=/srv/img` (to `/srv/imgx`) in `body` (after the assignment). */
function dirEdit(body: string): Counts {
  const text = `#!/bin/bash\nDIR=/srv/img\n${body}`;
  return edit(text, [{ find: 'DIR=/srv/img', remove: 'DIR=/srv/img'.length, insert: 'DIR=/srv/imgx' }])[0];
}

test('a statement is replayed with a new value only where every read of it was a template or a command', () => {
  const q = 'qemu-system-x86_64 -m 1G';
  // Templates built from templates, a global built from one and read by a later statement.
  assert.deepStrictEqual(
    dirEdit(
      `f() {\n  local d=$DIR/f\n  local e="\${d}-x"\n  ${q} -drive file="$e"\n}\nDISK=$DIR/d\n${q} -drive file=$DISK\n`,
    ).statements,
    { replayed: 0, substituted: 3, read: 1 },
  );
  // Read opaquely: by an operator (directly or through a template), by a loop's values, into an
  // array, or the command reads it in a way substitution cannot follow: read again.
  for (const body of [
    `f() {\n  local n=\${DIR%/}\n  ${q} -name "$n"\n}\n`,
    `f() {\n  local d=$DIR/f\n  local n=\${d%/f}\n  ${q} -name "$n"\n}\n`,
    `f() {\n  for x in $DIR; do :; done\n  ${q} -name x\n}\n`,
    `f() {\n  local -a A=(-name $DIR)\n  ${q} "\${A[@]}"\n}\n`,
    `f() {\n  ${q} -name "\${DIR}x\${DIR#/}"\n}\n`,
  ])
    assert.deepStrictEqual(dirEdit(body).statements, { replayed: 0, substituted: 0, read: 2 }, body);
  // A value that is no longer one plain field (a space) is never put into a command's words.
  const [spaced] = edit(`#!/bin/bash\nDIR=/srv/img\nf() {\n  local d=$DIR/f\n  ${q} -name $d\n}\n`, [
    { find: 'DIR=/srv/img', remove: 'DIR=/srv/img'.length, insert: 'DIR="/srv/i mg"' },
  ]);
  assert.deepStrictEqual(spaced.statements, { replayed: 0, substituted: 0, read: 2 });
});

test('a statement that builds an array its command reads is read again when it moves', () => {
  const text =
    '#!/bin/bash\nf() {\n  local -a A=(-smp 2)\n  qemu-system-x86_64 -m 1G "${A[@]}"\n}\nqemu-system-x86_64 -m 2G\n';
  const [moved, inPlace] = edit(text, [
    { find: '#!/bin/bash\n', remove: 0, insert: '\n' },
    { find: 'qemu-system-x86_64 -m 2G', remove: 'qemu-system-x86_64 -m 2'.length, insert: 'qemu-system-x86_64 -m 4' },
  ]);
  assert.deepStrictEqual(moved.statements, { replayed: 1, substituted: 0, read: 1 });
  assert.deepStrictEqual(inPlace.statements, { replayed: 1, substituted: 0, read: 1 });
});

test("statements alike at both ends but not in the middle never take each other's record", () => {
  // The memo finds records by length and both ends of the text (statementMemo.ts fingerprint):
  // these two groups share all three, so only comparing the whole text tells them apart.
  const pad = `  # ${'-'.repeat(70)}\n`;
  const group = (m: string) => `{\n${pad}  qemu-system-x86_64 -machine q35 -m ${m} -display none\n${pad}}\n`;
  const text = `#!/bin/bash\n${group('1G')}${group('2G')}`;
  const [differs, same] = edit(text, [
    // The first group's new text has the second's fingerprint: read, not replayed from it.
    { find: '-m 1G', remove: '-m 1'.length, insert: '-m 3' },
    // Now both texts are equal: the first replays the record of the second's text, the second,
    // with no record of its text left, is read.
    { find: '-m 3G', remove: '-m 3'.length, insert: '-m 2' },
  ]);
  assert.deepStrictEqual(differs.statements, { replayed: 1, substituted: 0, read: 1 });
  assert.deepStrictEqual(same.statements, { replayed: 1, substituted: 0, read: 1 });
});

test('events collected per statement and from the whole tree at once give the same commands', () => {
  const texts = [script, ...readdirSync('examples').map((f) => readFileSync(join('examples', f), 'utf8'))];
  for (const text of texts) {
    const tree = parseShell(text);
    try {
      walkTuning.eventsPerStatementUpTo = Infinity;
      const perStatement = findInvocationsStrict(tree, text);
      walkTuning.eventsPerStatementUpTo = 0;
      const wholeTree = findInvocationsStrict(tree, text);
      assert.deepStrictEqual(wholeTree, perStatement);
      assert.ok(perStatement.invocations.length > 0);
    } finally {
      walkTuning.eventsPerStatementUpTo = tuning;
      tree.delete();
    }
  }
});
