// Incremental analysis (an AnalysisCache reusing the previous version's per-command results,
// and the tree re-parsed incrementally as the server does) must give exactly what a fresh
// analyze() of the new text gives: every diagnostic with its span, fixes, related spans, the
// options, machine and layout of every command, and the address-map JSON.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze, AnalysisCache, initShellParser } from '../../../server/src/analysis/index';
import { parseShell, reparse } from '../../../server/src/analysis/shell/parser';
import { defaultSettings, type Settings } from '../../../server/src/analysis/types';
import { COMPARED_FIELDS } from '../../../server/src/analysis/cache';
import { assertSameAsFresh, observable } from './sameAsFresh';

before(async () => {
  await initShellParser();
});

/**
 * Pieces of launch scripts, chosen to cross the cache's edges: words from arrays and variables
 * assigned far from the command (spans outside it), two commands sharing one array, fixes that
 * copy indentation from neighbouring lines, commands missing options (constant spans), loops,
 * identical commands, unresolved words.
 */
const PIECES = [
  'qemu-system-x86_64 -m 4G -smp 2 \\\n  -object memory-backend-ram,id=m0,size=4G \\\n  -numa node,nodeid=0,memdev=m0\n',
  'qemu-system-x86_64 -m 4G -smp 2 \\\n  -object memory-backend-ram,id=m0,size=4G \\\n  -numa node,nodeid=0,memdev=m0\n',
  'qemu-system-x86_64 -machine q35 -m 8G,slots=2,maxmem=16G \\\n    -object memory-backend-ram,id=r0,size=4G \\\n    -object memory-backend-ram,id=r1,size=4G \\\n    -numa node,nodeid=0,cpus=0-1,memdev=r0 \\\n    -numa node,nodeid=1,cpus=2-3,memdev=r1 \\\n    -numa node,nodeid=2 \\\n    -object memory-backend-ram,id=h0,size=2G \\\n    -device spm-memory,id=s0,memdev=h0,node=2 \\\n    -numa dist,src=0,dst=1,val=21\n',
  'ARGS=(-m 2G -object memory-backend-ram,id=a0,size=2G -numa node,memdev=a0)\n',
  'ARGS+=(-smp 4)\n',
  'qemu-system-x86_64 "${ARGS[@]}" -nographic\n',
  'MEM=4G\n',
  'qemu-system-x86_64 -m $MEM -numa node,memdev=x\n',
  'qemu-system-x86_64 -m "$(cat size)" -device pc-dimm,memdev=nope\n',
  'start() {\n  local name=g\n  qemu-system-x86_64 -name "$name" -m 1G -object memory-backend-ram,id=q,size=2G -numa node,memdev=q\n}\n',
  'for n in 0 1; do\n  NUMA+=(-numa node,nodeid=$n)\ndone\nqemu-system-x86_64 -m 2G "${NUMA[@]}"\n',
  'qemu-system-x86_64 -m 1G -numa node,nodeid=0,spm=on -machine memmap-type=spm\n',
  'qemu-system-x86_64\n',
  'qemu-system-x86_64 -m 2G \\\n  -numa node,nodeid=0,mem=2G\n',
  '# a comment\n',
  '\n',
  'echo done\n',
  // Inert arguments (inertOptions.ts): a variable only -drive/-name read, so an edit of it
  // patches the cached results instead of analysing again.
  'IMG=/var/lib/images\n',
  'qemu-system-x86_64 -m 2G -name "g-$IMG" -drive file="$IMG/a.qcow2",if=virtio -numa node,memdev=x\n',
  'qemu-system-x86_64 -m $IMG -drive file=$IMG/b.qcow2 -name $IMG\n',
  // Top-level statements replayed whole (shell/statementMemo.ts): defaults, heredocs, subshells,
  // functions with locals and arrays, case, export/unset, loops that read or build variables.
  ': "${MEM:=2G}"\n',
  'cat <<EOF\nqemu-system-x86_64 -m 1G\nEOF\n',
  'unset MEM\n',
  '(MEM=8G; qemu-system-x86_64 -m $MEM)\n',
  'f() {\n  local -a A=(-smp 2)\n  MEM=3G\n  qemu-system-x86_64 -m $MEM "${A[@]}"\n}\n',
  'case $1 in\n  a) qemu-system-x86_64 -m $MEM -numa node,memdev=$IMG ;;\nesac\n',
  'export MEM=1G\n',
  'while read x; do qemu-system-x86_64 -m $x; done\n',
  'for i in 1 2; do qemu-system-x86_64 -m ${i}G; done\n',
  'for i in 1 2; do ARGS+=(-smp $i); MEM=${i}G; done\n',
  // Statements replayed with new input values (shell/provenance.ts, statementSubstitute.ts):
  // templates built from templates, a global built from one, a local that shadows an input, a
  // template value read opaquely (loop values, an operator), one feeding a memory option.
  'DIR=/srv/img\n',
  'DISK=$DIR/d.qcow2\n',
  'g() {\n  local d=${DIR}-x\n  local e="$d/$IMG"\n  qemu-system-x86_64 -m 1G -drive file="$e" -name $d\n}\n',
  'h() {\n  local d=$DIR\n  for x in $d; do :; done\n  qemu-system-x86_64 -m 1G -name $d -drive file=${d%/}\n}\n',
  'j() {\n  local d=$DIR/j\n  local -a A=(-name $d)\n  qemu-system-x86_64 -m 1G "${A[@]}" -drive file=$IMG\n}\n',
  'l() {\n  local d=$DIR/l\n  local n=${d%/l}\n  qemu-system-x86_64 -m 1G -name "$n" -drive file=$IMG\n}\n',
  'o() {\n  local n=${DIR#/}\n  qemu-system-x86_64 -m 1G -name "$n" -drive file=$IMG\n}\n',
  'k() {\n  local DIR=/tmp\n  qemu-system-x86_64 -m 1G -name $DIR\n}\nqemu-system-x86_64 -m 1G -name "$DIR" -drive file=$DISK\n',
  'M="$MEM"\nqemu-system-x86_64 -m $M -name $DIR$M\n',
  'T=$DIR~x\nqemu-system-x86_64 -m 1G -name "$T"\n',
];

interface Edit {
  /** Where, as a fraction of the text length. */
  at: number;
  /** Characters removed. */
  remove: number;
  insert: string;
}

const INSERTS = ['\t', '7', '1', 'G', ',', ' ', '\n', '\\\n', '-m 2G ', '$', '"', '#', 'x', ',size=1G', ...PIECES];

const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 40 })),
  insert: fc.oneof(fc.constant(''), fc.constantFrom(...INSERTS)),
});

const scriptArb = fc
  .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 14 })
  .map((p) => `#!/bin/bash\n${p.join('')}`);

/** What must be equal: everything but the tree and the line table (rebuilt either way). */

function check(script: string, edits: Edit[], settings: Settings = defaultSettings): void {
  checkEdits(script, edits, settings, (at, length) => Math.min(length, Math.floor(at * length)));
}

/** check() with each edit's `at` an offset instead of a fraction. */
function checkAt(script: string, edits: Edit[]): void {
  checkEdits(script, edits, defaultSettings, (at) => at);
}

function checkEdits(
  script: string,
  edits: Edit[],
  settings: Settings,
  offset: (at: number, length: number) => number,
): void {
  const cache = new AnalysisCache();
  let text = script;
  let tree = parseShell(text);
  analyze(text, settings, tree, cache);
  try {
    for (const e of edits) {
      const start = offset(e.at, text.length);
      const end = Math.min(text.length, start + e.remove);
      const next = text.slice(0, start) + e.insert + text.slice(end);
      const newTree = reparse(tree, text, next, [{ start, oldEnd: end, newText: e.insert }]);
      tree.delete();
      tree = newTree;
      text = next;
      assertSameAsFresh(analyze(text, settings, tree, cache));
    }
  } finally {
    tree.delete();
  }
}

test('random edits: incremental analysis equals a fresh analysis of the new text', () => {
  fc.assert(
    fc.property(scriptArb, fc.array(editArb, { minLength: 1, maxLength: 12 }), (script, edits) => check(script, edits)),
    { seed: Number(process.env.QL_FUZZ_SEED ?? 20261125), numRuns: Number(process.env.QL_FUZZ_RUNS ?? 150) },
  );
});

/** The repository's own scripts: examples and the LSP/map fixtures (arrays, functions, loops, SPM forms). */
function repoScripts(): string[] {
  const out: string[] = [];
  for (const dir of ['examples', 'test/fixtures/lsp', 'test/fixtures/maps']) {
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.sh')) out.push(readFileSync(join(dir, f), 'utf8'));
  }
  return out;
}

test('random edits of the example and fixture scripts: incremental equals fresh', () => {
  const scripts = repoScripts();
  assert.ok(scripts.length >= 10);
  fc.assert(
    fc.property(fc.constantFrom(...scripts), fc.array(editArb, { minLength: 1, maxLength: 8 }), (script, edits) =>
      check(script, edits),
    ),
    { seed: 4242, numRuns: 80 },
  );
});

/** An edit inside the value of one of the script's top-level `NAME=value` lines (the nth, modulo their count). */
const valueEditArb = fc.record({
  nth: fc.nat(),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof(fc.constant(0), fc.constant(1)),
  insert: fc.constantFrom('', 'x', 'X', '7', '/', '-', ' ', '*', '$', '"', '.qcow2'),
});

test('random edits of variable values: statements replayed with the new values equal a fresh analysis', () => {
  // Every statement that reads an edited value is either replayed with the new value put in
  // (provenance.ts) or read again; which one, the result must not tell.
  fc.assert(
    fc.property(scriptArb, fc.array(valueEditArb, { minLength: 1, maxLength: 10 }), (script, picks) => {
      let text = script;
      const edits: Edit[] = [];
      for (const p of picks) {
        const values = [...text.matchAll(/^[A-Z]+=([^\n(]*)$/gm)];
        if (values.length === 0) break;
        const m = values[p.nth % values.length];
        const from = m.index + m[0].length - m[1].length;
        const start = from + Math.floor(p.at * m[1].length);
        const end = Math.min(from + m[1].length, start + p.remove);
        text = text.slice(0, start) + p.insert + text.slice(end);
        edits.push({ at: start, remove: end - start, insert: p.insert });
      }
      checkAt(script, edits);
    }),
    { seed: Number(process.env.QL_FUZZ_SEED ?? 20261206), numRuns: Number(process.env.QL_FUZZ_RUNS ?? 150) },
  );
});

test('a value edited to nothing is read again, not put in: an empty value makes no piece', () => {
  // $DIR~x: with DIR empty the word's first piece is `~x`, which the expansion reads as a tilde.
  const script =
    '#!/bin/bash\nDIR=/srv\nT=$DIR~x\nqemu-system-x86_64 -m 1G -name "$T"\nf() {\n  local d=$DIR\n  qemu-system-x86_64 -m 1G -name "$d"\n}\n';
  const at = script.indexOf('/srv');
  checkAt(script, [
    { at, remove: '/srv'.length, insert: '' },
    { at, remove: 0, insert: '/srv' },
  ]);
});

test('edits above a command move it: its reused diagnostics and fixes move with it', () => {
  const script = `#!/bin/bash\n${PIECES[2]}${PIECES[0]}`;
  check(script, [
    { at: 0.05, remove: 0, insert: '\n\n# moved\n' },
    { at: 0.05, remove: 3, insert: '' },
    { at: 0.3, remove: 0, insert: '7' },
  ]);
});

test('an edit between an array and the command using it is seen by the command', () => {
  const script = `#!/bin/bash\n${PIECES[3]}echo hi\n${PIECES[5]}${PIECES[5]}`;
  // Inside the array (a new size), then between the array and the commands (their words move
  // relative to them), then above everything.
  const at = (s: string) => script.indexOf(s) / script.length;
  check(script, [
    { at: at('size=2G') + 5 / script.length, remove: 1, insert: '8' },
    { at: at('echo hi'), remove: 0, insert: 'echo more\n' },
    { at: 0.01, remove: 0, insert: '\n' },
  ]);
});

test('indentation the fixes copy is part of what must match, not only the words', () => {
  // A tab for a space in front of -numa moves no word, but the fix that turns mem= into a
  // backend inserts `-object ...` on its own line before it, copying that indentation.
  const piece = PIECES.find((p) => p.includes('nodeid=0,mem=2G')) as string;
  const script = `#!/bin/bash\n${piece}`;
  const fresh = analyze(script);
  const fixText = JSON.stringify(fresh.diagnostics.flatMap((d) => d.fixes ?? []));
  fresh.tree.delete();
  assert.ok(
    fixText.includes('"  -object memory-backend-ram,id=ram-node0,size=2G \\\\\\n"'),
    'the fix copies the indentation of -numa',
  );
  const at = script.indexOf('  -numa');
  check(script, [{ at: at / script.length, remove: 1, insert: '\t' }]);
});

test('words from an array assigned above stay where the array is when only the command moves', () => {
  // One command (no other sharing the array's words), its text unchanged: its words are
  // reused, the array elements' spans are not moved with it.
  const script = `#!/bin/bash\n${PIECES[3]}echo hi\n${PIECES[5]}`;
  const at = script.indexOf('echo hi') / script.length;
  check(script, [
    { at, remove: 0, insert: 'echo more\n' },
    { at, remove: 5, insert: '' },
    { at: 0.01, remove: 0, insert: '\n' },
  ]);
});

test('a command whose text is unchanged is expanded again when a variable it reads changes', () => {
  const script = `#!/bin/bash\nMEM=4G\nARGS=(-smp 2)\nqemu-system-x86_64 -m $MEM "\${ARGS[@]}" -numa node,memdev=x\n`;
  const at = (s: string, k = 0) => (script.indexOf(s) + k) / script.length;
  check(script, [
    { at: at('4G'), remove: 1, insert: '8' },
    { at: at('-smp 2', 5), remove: 1, insert: '3' },
    { at: at('MEM=', 0), remove: 0, insert: 'unset MEM\n' },
    { at: at('ARGS=(', 0), remove: 0, insert: '# ' },
  ]);
});

test('a settings change is never answered from the previous settings', () => {
  const cache = new AnalysisCache();
  const text = `#!/bin/bash\n${PIECES[2]}`;
  const v8 = analyze(text, { ...defaultSettings, spmForm: 'v8' }, undefined, cache);
  v8.tree.delete();
  const v4 = analyze(text, { ...defaultSettings, spmForm: 'v4' }, undefined, cache);
  const fresh = analyze(text, { ...defaultSettings, spmForm: 'v4' });
  assert.deepStrictEqual(observable(v4), observable(fresh));
  v4.tree.delete();
  fresh.tree.delete();
});

test('invocations have no fields the cache does not compare', () => {
  // A field added to Invocation/Word/Segment must be added to sameInvocation in cache.ts too,
  // or two commands differing only there would share one result.
  const text = `#!/bin/bash\n${PIECES.join('')}`;
  const a = analyze(text);
  const seen = {
    invocation: new Set<string>(),
    word: new Set<string>(),
    segment: new Set<string>(),
    unknown: new Set<string>(),
  };
  for (const { invocation } of a.invocations) {
    for (const k of Object.keys(invocation)) seen.invocation.add(k);
    for (const w of [invocation.program, ...invocation.args]) {
      for (const k of Object.keys(w)) seen.word.add(k);
      if (w.unknown) for (const k of Object.keys(w.unknown)) seen.unknown.add(k);
      for (const s of w.segments) for (const k of Object.keys(s)) seen.segment.add(k);
    }
  }
  a.tree.delete();
  for (const kind of ['invocation', 'word', 'segment', 'unknown'] as const) {
    const allowed: readonly string[] = COMPARED_FIELDS[kind];
    for (const k of seen[kind]) assert.ok(allowed.includes(k), `${kind}.${k} is not compared by the cache`);
  }
  assert.ok(seen.segment.has('unknown') && seen.word.has('unknown'), 'the sample covers unresolved words');
});
