// The `$qemu-launch` problem matcher contributed in package.json, applied the way VS Code's task
// system applies it (src/vs/workbench/contrib/tasks/common/problemMatcher.ts): each output line
// of `qemu-launch check` is tested with the pattern's JavaScript RegExp, the numbered groups give
// file, line, column, severity, code and message, and the severity word is mapped as VS Code maps
// it ('error', 'warning'/'warn', 'info'; then 'hint' and 'note' as info; anything else falls back
// to the matcher's default, error). What it must find is what `check --format json` reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runCli } from '../unit/cli/runCli';

interface Pattern {
  regexp: string;
  file: number;
  line: number;
  column: number;
  severity: number;
  code: number;
  message: number;
}
interface Matcher {
  name: string;
  owner: string;
  fileLocation: string[];
  pattern: Pattern;
}

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { problemMatchers?: Matcher[] };
};
const BROKEN = 'examples/broken-placement.sh';

type VsSeverity = 'error' | 'warning' | 'info';
function vscodeSeverity(word: string): VsSeverity {
  const w = word.toLowerCase();
  if (w === 'error') return 'error';
  if (w === 'warning' || w === 'warn') return 'warning';
  if (w === 'info' || w === 'hint' || w === 'note') return 'info';
  return 'error';
}
/** What VS Code's Problems panel shows for each of our severities. */
const EXPECTED: Record<string, VsSeverity> = { error: 'error', warning: 'warning', information: 'info', hint: 'info' };

function matcher(): Matcher {
  const m = manifest.contributes.problemMatchers?.find((p) => p.name === 'qemu-launch');
  assert.ok(m, 'package.json contributes no problem matcher named qemu-launch');
  return m;
}

function apply(m: Matcher, output: string) {
  const re = new RegExp(m.pattern.regexp);
  return output
    .split('\n')
    .map((line) => re.exec(line))
    .filter((g): g is RegExpExecArray => g !== null)
    .map((g) => ({
      file: g[m.pattern.file],
      line: Number(g[m.pattern.line]),
      column: Number(g[m.pattern.column]),
      severity: vscodeSeverity(g[m.pattern.severity]),
      code: g[m.pattern.code],
      message: g[m.pattern.message],
    }));
}

test('$qemu-launch finds every finding of `qemu-launch check` on the broken example, with its place and code', () => {
  const m = matcher();
  assert.equal(m.owner, 'qemu-launch');
  // autoDetect: a relative path is taken from the workspace folder, an absolute one as it is.
  assert.deepEqual(m.fileLocation, ['autoDetect', '${workspaceFolder}']);

  const text = runCli(['check', BROKEN]);
  assert.equal(text.status, 1, text.stderr);
  const json = runCli(['check', '--format', 'json', BROKEN]);
  const report = JSON.parse(json.stdout) as {
    file: string;
    diagnostics: { line: number; column: number; severity: string; code: string; message: string }[];
  }[];
  const expected = report.flatMap((f) =>
    f.diagnostics.map((d) => ({
      file: f.file,
      line: d.line,
      column: d.column,
      severity: EXPECTED[d.severity],
      code: d.code,
      message: d.message.replace(/\r?\n/g, ' '),
    })),
  );
  const problems = apply(m, text.stdout);
  assert.ok(problems.filter((p) => p.severity === 'error').length >= 2, 'fewer than two errors matched');
  assert.ok(
    problems.some((p) => p.message.includes("memory backend 'hbm' is already in use")),
    'QEMU\'s "already in use" error is not among the problems',
  );
  assert.deepEqual(problems, expected);
  for (const p of problems)
    assert.ok(existsSync(join(repoRoot, p.file)), `${p.file} does not resolve from the workspace`);
  // Related-location lines ("note:") are part of the finding above them, not problems of their own.
  assert.ok(/: note: /.test(text.stdout), 'the example no longer has related locations to skip');
});

test('$qemu-launch maps information and hint findings to info, never to error', () => {
  const m = matcher();
  const re = new RegExp(m.pattern.regexp);
  for (const [word, severity] of Object.entries(EXPECTED)) {
    const g = re.exec(`a.sh:3:5: ${word}[QL-x-001]: text`);
    assert.ok(g, `${word} lines are not matched`);
    assert.equal(vscodeSeverity(g[m.pattern.severity]), severity, word);
    assert.equal(g[m.pattern.code], 'QL-x-001');
    assert.equal(g[m.pattern.message], 'text');
  }
});
