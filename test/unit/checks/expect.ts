// Assertions shared by the rule tests.
import assert from 'node:assert/strict';
import type { Diagnostic, Settings } from '../../../server/src/analysis/types';
import { check } from './harness';

export function only(text: string, code: string, settings: Partial<Settings> = {}): Diagnostic {
  const all = check(text, settings);
  const found = all.filter((d) => d.code === code);
  assert.equal(found.length, 1, `${code} once in ${JSON.stringify(all.map((d) => d.code))}`);
  return found[0];
}

export function none(text: string, code: string, settings: Partial<Settings> = {}): void {
  assert.deepEqual(
    check(text, settings)
      .filter((d) => d.code === code)
      .map((d) => d.message),
    [],
  );
}

export function noErrors(text: string, settings: Partial<Settings> = {}): void {
  assert.deepEqual(
    check(text, settings)
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.code} ${d.message}`),
    [],
  );
}
