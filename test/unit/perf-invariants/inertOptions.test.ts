// The analysis cache re-uses a command's machine, layout and diagnostics when only the text of
// an inert argument changed (server/src/analysis/inertOptions.ts: -drive, -name, ...). That is
// right only while no layer after the option parser reads those arguments' text: these tests
// check that no layer names them, that changing their text changes nothing but the text, and
// count what an edit of a variable they read costs (patched, not analysed again).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, AnalysisCache, initShellParser } from '../../../server/src/analysis/index';
import { INERT_OPTIONS } from '../../../server/src/analysis/inertOptions';
import { collectSpans } from '../../../server/src/analysis/cache';
import { optionInfo } from '../../../server/src/analysis/schema/index';
import { fileMapJson } from '../../../server/src/analysis/mapJson';
import { parseShell, reparse } from '../../../server/src/analysis/shell/parser';
import { defaultSettings, QEMU_VERSIONS } from '../../../server/src/analysis/types';
import { assertSameAsFresh } from './sameAsFresh';

before(async () => {
  await initShellParser();
});

const MEMORY =
  'qemu-system-x86_64 -machine q35 -m 4G,slots=2,maxmem=12G -smp 2 \\\n' +
  '  -object memory-backend-ram,id=m0,size=4G -numa node,nodeid=0,cpus=0-1,memdev=m0 -numa node,nodeid=1 \\\n' +
  '  -object memory-backend-ram,id=h0,size=2G -device spm-memory,id=s0,memdev=h0,node=1';

test('every inert option takes one argument that no property parser splits', () => {
  // In every release: an option a release lacks would be "invalid option" and its argument a disk image.
  for (const version of QEMU_VERSIONS)
    for (const name of INERT_OPTIONS) {
      const info = optionInfo(name, version);
      assert.ok(info, `-${name} is a QEMU ${version} option`);
      assert.equal(info.takesArg, true, `-${name} takes an argument`);
      assert.equal(info.syntax, 'plain', `-${name}'s argument is not split into properties`);
    }
});

test('no layer after the option parser names an inert option', () => {
  const root = 'server/src/analysis';
  for (const dir of ['machine', 'layout', 'checks']) {
    for (const f of readdirSync(join(root, dir))) {
      const src = readFileSync(join(root, dir, f), 'utf8');
      for (const name of INERT_OPTIONS)
        assert.doesNotMatch(src, new RegExp(`['"\`]${name}['"\`]`), `${dir}/${f} reads -${name}: not inert any more`);
    }
  }
});

test("an inert argument's text changes no diagnostic, machine or address map", () => {
  for (const name of INERT_OPTIONS) {
    const a = analyze(`${MEMORY} -${name} /var/lib/images/a.qcow2,if=virtio\n`);
    const b = analyze(`${MEMORY} -${name} "/srv/other place/b-longer.img",x=y\n`);
    try {
      assert.deepStrictEqual(b.diagnostics, a.diagnostics, `-${name}`);
      assert.deepStrictEqual(fileMapJson('f.sh', b), fileMapJson('f.sh', a), `-${name}`);
      assert.deepStrictEqual(b.invocations[0].layout, a.invocations[0].layout, `-${name}`);
    } finally {
      a.tree.delete();
      b.tree.delete();
    }
  }
});

/** Edits the text at `at` (replace `remove` characters with `insert`) through the cache; returns its stats. */
function editThroughCache(script: string, edits: { find: string; remove: number; insert: string }[]) {
  const cache = new AnalysisCache();
  let text = script;
  let tree = parseShell(text);
  analyze(text, defaultSettings, tree, cache);
  const stats = [];
  try {
    for (const e of edits) {
      const start = text.indexOf(e.find);
      assert.ok(start >= 0, e.find);
      const next = text.slice(0, start) + e.insert + text.slice(start + e.remove);
      const newTree = reparse(tree, text, next, [{ start, oldEnd: start + e.remove, newText: e.insert }]);
      tree.delete();
      tree = newTree;
      text = next;
      const incremental = analyze(text, defaultSettings, tree, cache);
      stats.push({ ...cache.stats, shell: { ...cache.commands.stats } });
      assertSameAsFresh(incremental);
    }
  } finally {
    tree.delete();
  }
  return stats;
}

const GUESTS = [0, 1, 2]
  .map(
    (i) =>
      `guest${i}() {\n  local disk=$IMAGES/g${i}.qcow2\n  ${MEMORY} \\\n  -name g${i} -drive file="$disk",if=virtio\n}\n`,
  )
  .join('');

test('an edit of a variable only -drive reads patches every guest instead of analysing it again', () => {
  const script = `#!/bin/bash\nIMAGES=/var/lib/images\n${GUESTS}`;
  const stats = editThroughCache(script, [
    { find: 'images\n', remove: 1, insert: 'I' }, // same length
    { find: 'Images\n', remove: 0, insert: 'more/' }, // longer: the words' segments move
    { find: 'IMAGES=', remove: 0, insert: '\n# moved\n' }, // every guest moves, no text changes
  ]);
  // Nor expanded again: the new path is substituted into the previous expansion (commandMemo.ts).
  const shell = { replayed: 0, substituted: 3, expanded: 0 };
  assert.deepStrictEqual(stats, [
    { fresh: 0, patched: 3, reused: 0, shell },
    { fresh: 0, patched: 3, reused: 0, shell },
    { fresh: 0, patched: 0, reused: 3, shell: { replayed: 3, substituted: 0, expanded: 0 } },
  ]);
});

test('a variable a memory option reads is analysed again, not patched', () => {
  const script = `#!/bin/bash\nIMAGES=/var/lib/images\nSIZE=2G\n${GUESTS.replace('size=2G', 'size=$SIZE')}`;
  const stats = editThroughCache(script, [{ find: '2G\n', remove: 1, insert: '4' }]);
  // Only the first guest's -object reads $SIZE (the replace above changed the first only): its
  // words are substituted too (a plain value), but its analysis is done again.
  assert.deepStrictEqual(stats, [
    { fresh: 1, patched: 0, reused: 2, shell: { replayed: 2, substituted: 1, expanded: 0 } },
  ]);
});

test('a word that only looks like an inert argument is compared in full', () => {
  // `-name -drive` : -drive is the argument of -name, and x.img after it is a disk image (hda),
  // which the machine does read: its text is not inert, so the command is analysed again.
  const script = `#!/bin/bash\nX=a.img\nqemu-system-x86_64 -m 2G -name -drive $X\n`;
  const stats = editThroughCache(script, [{ find: 'a.img', remove: 1, insert: 'b' }]);
  assert.deepStrictEqual(stats, [
    { fresh: 1, patched: 0, reused: 0, shell: { replayed: 0, substituted: 1, expanded: 0 } },
  ]);
});

test('a value that field splitting or globbing would treat differently is expanded again', () => {
  const script = `#!/bin/bash\nIMAGES=/var/lib/images\n${GUESTS}`;
  const stats = editThroughCache(script, [
    { find: 'images\n', remove: 0, insert: 'a b/' }, // a space: unquoted uses would split
    { find: 'a b/', remove: 4, insert: '*/' }, // a glob character
  ]);
  for (const s of stats) assert.deepStrictEqual(s.shell, { replayed: 0, substituted: 0, expanded: 3 });
});

test('a variable mentioned other than as $X or ${X} is expanded again', () => {
  const script = `#!/bin/bash\nD=/a\nqemu-system-x86_64 -m 2G -drive file="\${D%/}/x.img" -name "$D"\n`;
  const stats = editThroughCache(script, [{ find: '/a\n', remove: 2, insert: '/b' }]);
  assert.deepStrictEqual(stats[0].shell, { replayed: 0, substituted: 0, expanded: 1 });
});

test('a result whose words lie inside its command shares no span object with another result', () => {
  // cache.ts collects such a result's spans only when it first moves and claims none of them:
  // right only while no layer hands two commands the same span object.
  const scripts = ['examples', 'test/fixtures/lsp', 'test/fixtures/maps'].flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.sh'))
      .map((f) => readFileSync(join(dir, f), 'utf8')),
  );
  scripts.push(`#!/bin/bash\nIMAGES=/var/lib/images\n${GUESTS}${GUESTS}`);
  for (const script of scripts) {
    const a = analyze(script);
    try {
      const owner = new Map<object, number>();
      a.invocations.forEach((inv, i) => {
        for (const s of collectSpans(inv)) {
          const other = owner.get(s);
          if (other !== undefined && other !== i) {
            const own = (k: number) => {
              const { span, program, args } = a.invocations[k].invocation;
              return [program, ...args].every((w) => w.span.start >= span.start && w.span.end <= span.end);
            };
            assert.ok(!own(i) && !own(other), `commands ${other} and ${i} share a span object`);
          }
          owner.set(s, i);
        }
      });
    } finally {
      a.tree.delete();
    }
  }
});
