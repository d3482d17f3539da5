import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDiagnosticsDoc } from '../../../tools/docs/diagnostics';
import { RULES } from '../../../server/src/analysis/checks/catalog';

const root = join(__dirname, '../../..');

test('docs/diagnostics.md is what `npm run gen-docs` renders from the rule catalogue (run it after changing a rule)', async () => {
  const checkedIn = readFileSync(join(root, 'docs/diagnostics.md'), 'utf8');
  assert.equal(checkedIn, await renderDiagnosticsDoc(root), 'docs/diagnostics.md is stale: run `npm run gen-docs`');
});

test('docs/diagnostics.md lists every catalogued code once, with its severity', () => {
  const doc = readFileSync(join(root, 'docs/diagnostics.md'), 'utf8');
  for (const r of RULES) {
    const rows = doc.split('\n').filter((l) => l.startsWith(`| \`${r.code}\``));
    assert.equal(rows.length, 1, r.code);
    assert.match(rows[0], new RegExp(`\\| ${r.severity} +\\|`), r.code);
  }
});
