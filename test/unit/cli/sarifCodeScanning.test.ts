// What CI code scanning reads from `qemu-launch check --format sarif` (docs/distribution.md):
// a log valid against the SARIF 2.1.0 schema, every result with a rule id the run declares, a
// rule with a help text, and a location (file + region) GitHub can annotate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { runCli } from './runCli';
import { sarifSchema, sarifViolations } from './sarifSchema';

interface Log {
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        rules: { id: string; shortDescription: { text: string }; help?: { text: string; markdown?: string } }[];
      };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      message: { text: string };
      locations?: {
        physicalLocation: {
          artifactLocation: { uri: string };
          region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
        };
      }[];
    }[];
  }[];
}

const examples = readdirSync('examples')
  .filter((f) => f.endsWith('.sh'))
  .map((f) => `examples/${f}`);

test('the validator is the published SARIF 2.1.0 schema and rejects a broken log', () => {
  assert.match(sarifSchema.title, /SARIF\) Version 2\.1\.0/);
  assert.deepEqual(sarifViolations({ version: '2.1.0', runs: [] }), []);
  assert.notDeepEqual(sarifViolations({ version: '2.1.0', runs: [{ tool: {} }] }), [], 'a run without a driver passed');
  assert.notDeepEqual(sarifViolations({ version: '2.0.0', runs: [] }), [], 'a wrong version passed');
  assert.notDeepEqual(
    sarifViolations({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'x' } },
          results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { region: { startLine: 0 } } }] }],
        },
      ],
    }),
    [],
    'a region with startLine 0 passed',
  );
});

test('check --format sarif over every example: schema-valid, rules with help, every result located', () => {
  const r = runCli(['check', '--format', 'sarif', ...examples]);
  assert.equal(r.status, 1, 'the broken example makes check exit 1');
  const log = JSON.parse(r.stdout) as Log;
  assert.deepEqual(sarifViolations(log), []);
  const [run] = log.runs;
  assert.equal(run.tool.driver.name, 'qemu-launch');
  assert.match(run.tool.driver.version, /^\d+\.\d+\.\d+$/);
  assert.ok(run.results.length >= 5, `only ${run.results.length} results`);

  const rules = run.tool.driver.rules;
  for (const rule of rules) {
    assert.match(rule.id, /^QL-[a-z]+-\d{3}$/);
    assert.ok(rule.shortDescription.text.length > 0, `${rule.id}: no short description`);
    assert.ok(rule.help && rule.help.text.length > 20, `${rule.id}: no help text`);
    assert.ok(rule.help.markdown?.includes(rule.id), `${rule.id}: help markdown does not name the rule`);
  }
  for (const result of run.results) {
    assert.equal(rules[result.ruleIndex]?.id, result.ruleId, 'ruleIndex does not point at the rule');
    assert.ok(result.message.text.length > 0);
    const loc = result.locations?.[0]?.physicalLocation;
    assert.ok(loc, `${result.ruleId}: result without a location`);
    assert.ok(examples.includes(loc.artifactLocation.uri), `unexpected uri ${loc.artifactLocation.uri}`);
    const { startLine, startColumn, endLine, endColumn } = loc.region;
    assert.ok(startLine >= 1 && startColumn >= 1 && endLine >= startLine && endColumn >= 1, JSON.stringify(loc.region));
  }
  // QEMU's own wording reaches the alert.
  assert.ok(run.results.some((x) => x.message.text.includes("memory backend 'hbm' is already in use")));
});
