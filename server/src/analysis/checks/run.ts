// The rule families, run over one invocation. Each check is a pure function of the context;
// the result is sorted and de-duplicated so it never depends on the order of this list.
import type { Diagnostic } from '../types';
import type { Check, CheckContext } from './context';
import { checkMemory } from './memory';
import { checkBackends } from './backends';
import { checkNuma } from './numa';
import { checkHmatTables } from './hmat';
import { checkDevices } from './devices';
import { checkSpm, checkSpmMigration } from './spm';
import { checkLayoutProblems } from './layoutProblems';

export type { CheckContext } from './context';

export const checks: Check[] = [checkMemory, checkBackends, checkNuma, checkHmatTables, checkDevices, checkSpm, checkSpmMigration, checkLayoutProblems];

export function runChecks(ctx: CheckContext): Diagnostic[] {
  const all: Diagnostic[] = [];
  for (const check of checks) {
    try {
      all.push(...check(ctx));
    } catch {
      // A rule that trips over an input it did not foresee loses its own findings, not everyone's.
    }
  }
  return dedupe(all);
}

/** One diagnostic per (code, span); ties broken by message so the survivor is always the same. */
export function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const sorted = [...diagnostics].sort(
    (a, b) => a.span.start - b.span.start || a.span.end - b.span.end || cmp(a.code, b.code) || cmp(a.message, b.message),
  );
  const seen = new Set<string>();
  return sorted.filter((d) => {
    const key = `${d.code}@${d.span.start}:${d.span.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
