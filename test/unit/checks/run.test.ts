import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checks, dedupe, runChecks } from '../../../server/src/analysis/checks/run';
import { RULES } from '../../../server/src/analysis/checks/catalog';
import type { Diagnostic } from '../../../server/src/analysis/types';
import { contextFor } from './harness';

const BROKEN =
  'qemu-system-x86_64 -machine q35,acpi=off -m 4G,slots=2 -object memory-backend-ram,id=m0 -object memory-backend-ram,id=m0,size=1G -numa node,memdev=m0 -numa node,memdev=m0,nodeid=0 -device pc-dimm,memdev=nosuch,node=7 -device nvdimm';

test('results do not depend on the order of the checks', () => {
  const ctx = contextFor(BROKEN);
  const forward = runChecks(ctx);
  const saved = [...checks];
  try {
    checks.reverse();
    assert.deepEqual(runChecks(contextFor(BROKEN)), forward);
  } finally {
    checks.splice(0, checks.length, ...saved);
  }
  assert.ok(forward.length >= 8, JSON.stringify(forward.map((d) => d.code)));
});

test('same code on the same span is reported once', () => {
  const d: Diagnostic = { code: 'QL-x-001', severity: 'error', span: { start: 1, end: 2 }, message: 'b' };
  const out = dedupe([d, { ...d, message: 'a' }, { ...d, span: { start: 1, end: 3 } }]);
  assert.equal(out.length, 2);
  assert.equal(out[0].message, 'a');
});

test('every diagnostic range lies inside the command and is not the whole line', () => {
  for (const d of runChecks(contextFor(BROKEN))) {
    assert.ok(d.span.start >= 0 && d.span.end <= BROKEN.length && d.span.end > d.span.start, d.code);
    assert.ok(d.span.end - d.span.start < 40, `${d.code} covers ${BROKEN.slice(d.span.start, d.span.end)}`);
  }
});

test('every code the analysis emits is in the catalogue (docs/diagnostics.md), and every catalogued code exists', () => {
  const dirs = [
    'server/src/analysis/checks',
    'server/src/analysis/layout',
    'server/src/analysis/options',
    'server/src/analysis/shell',
    'server/src/analysis/machine',
  ];
  const found = new Set<string>();
  for (const dir of dirs) {
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.ts') || f === 'catalog.ts') continue;
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/'(QL-[a-z]+-\d{3})'/g)) found.add(m[1]);
    }
  }
  const catalogued = new Set(RULES.map((r) => r.code));
  assert.deepEqual([...found].filter((c) => !catalogued.has(c)).sort(), []);
  assert.deepEqual([...catalogued].filter((c) => !found.has(c)).sort(), []);
  assert.equal(catalogued.size, RULES.length, 'no code twice');
});

test('rules that need an unresolved value stay silent; others still report', () => {
  const t = 'qemu-system-x86_64 -m $MEM,maxmem=2G -object memory-backend-ram,id=m0 -numa node,memdev=$DEV';
  const codes = runChecks(contextFor(t)).map((d) => d.code);
  assert.deepEqual(codes, ['QL-backend-002']);
  const withProblem = runChecks(
    contextFor(t, {}, [{ code: 'QL-place-002', message: 'x', span: { start: 0, end: 1 } }]),
  );
  assert.ok(!withProblem.some((d) => d.code === 'QL-place-002'));
});
