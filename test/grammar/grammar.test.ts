// Runs vscode-tmgrammar-test (offline: vscode-textmate + oniguruma wasm from node_modules) over
// the *.test.sh fixtures, with the injection grammar hosted by a minimal source.shell grammar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, copyFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const here = resolve('test/grammar');
const cli = join(require.resolve('vscode-tmgrammar-test/package.json'), '..', 'dist', 'unit.js');

function runGrammarTests(config: string, pattern: string) {
  return spawnSync(process.execPath, [cli, '--config', config, pattern], { encoding: 'utf8' });
}

test('injection grammar: every assertion in test/grammar/*.test.sh holds', () => {
  const fixtures = readdirSync(here).filter((f) => f.endsWith('.test.sh'));
  assert.ok(fixtures.length >= 2);
  const r = runGrammarTests(join(here, 'grammar-config.json'), join(here, '*.test.sh'));
  assert.equal(r.status, 0, r.stdout + r.stderr);
  for (const f of fixtures) assert.match(r.stdout, new RegExp(`${f.replace('.', '\\.')} run successfuly`));
});

test('injection grammar: a wrong assertion is reported (the harness is not vacuous)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-grammar-'));
  for (const f of ['grammar-config.json', 'shell-stub.tmLanguage.json']) copyFileSync(join(here, f), join(dir, f));
  // The config points at ../../syntaxes; point it at the grammar from the temporary folder.
  const config = JSON.parse(readFileSync(join(here, 'grammar-config.json'), 'utf8'));
  config.contributes.grammars[1].path = relative(dir, resolve('syntaxes/qemu-launch.injection.tmLanguage.json'));
  writeFileSync(join(dir, 'grammar-config.json'), JSON.stringify(config));
  writeFileSync(
    join(dir, 'wrong.test.sh'),
    ['# SYNTAX TEST "source.shell" "wrong on purpose"', 'ls -m 4G', '#  ^^ keyword.other.option.qemu', ''].join('\n'),
  );
  const r = runGrammarTests(join(dir, 'grammar-config.json'), join(dir, 'wrong.test.sh'));
  assert.notEqual(r.status, 0);
  assert.match(r.stdout + r.stderr, /missing required scopes: keyword\.other\.option\.qemu/);
});
