// The rule families, run over one invocation. Each check is a pure function of the context;
// the result is sorted and de-duplicated so it never depends on the order of this list.
import type { Diagnostic } from '../types';
import type { Check, CheckContext } from './context';
import { checkMemory } from './memory';
import { checkBackends } from './backends';
import { checkBackendUse } from './backendUse';
import { checkNuma } from './numa';
import { checkHmatInitiators, checkHmatTables } from './hmat';
import { checkNumaCpus } from './numaCpus';
import { checkDist } from './numaDist';
import { checkDevices } from './devices';
import { checkSpm, checkSpmMigration } from './spm';
import { checkLayoutProblems } from './layoutProblems';
import { checkProperties } from './properties';

export type { CheckContext } from './context';

export const checks: Check[] = [
  checkMemory,
  checkBackends,
  checkBackendUse,
  checkNuma,
  checkNumaCpus,
  checkDist,
  checkHmatInitiators,
  checkHmatTables,
  checkDevices,
  checkSpm,
  checkSpmMigration,
  checkLayoutProblems,
  checkProperties,
];

export function runChecks(ctx: CheckContext): Diagnostic[] {
  const all: Diagnostic[] = [];
  for (const check of checks) {
    try {
      for (const d of check(ctx)) all.push(d); // push(...) overflows the stack past ~100k diagnostics
    } catch {
      // A rule that trips over an input it did not foresee loses its own findings, not everyone's.
    }
  }
  return supersede(dedupe(all));
}

/**
 * QEMU refuses an unknown key or a bad value while parsing, before any semantic check sees it:
 * an option-level error (QL-opt-*) on exactly the same characters is the one report there.
 */
function supersede(diagnostics: Diagnostic[]): Diagnostic[] {
  const parsed = new Set(
    diagnostics
      .filter((d) => d.code.startsWith('QL-opt-') && d.severity === 'error')
      .map((d) => `${d.span.start}:${d.span.end}`),
  );
  return diagnostics.filter(
    (d) => d.code.startsWith('QL-opt-') || d.severity !== 'error' || !parsed.has(`${d.span.start}:${d.span.end}`),
  );
}

/** One diagnostic per (code, span); ties broken by message so the survivor is always the same. */
export function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const sorted = [...diagnostics].sort(
    (a, b) =>
      a.span.start - b.span.start || a.span.end - b.span.end || cmp(a.code, b.code) || cmp(a.message, b.message),
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
