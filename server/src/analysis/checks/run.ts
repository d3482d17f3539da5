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
import { checkCpu } from './cpu';

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
  checkCpu,
];

/** A rule that threw: a bug in that rule, never the user's fault. */
export interface RuleFailure {
  /** The rule family's function name (checkNuma, ...). */
  rule: string;
  error: unknown;
}

/**
 * Who hears of a rule that threw. By default nobody catches it: the exception propagates, so a
 * test (or any caller that did not choose otherwise) fails on it. The language server and the CLI
 * install a reporter that logs it (server log, stderr) and carry on without that rule's findings.
 */
let reportRuleFailure: ((failure: RuleFailure) => void) | undefined;

/** Install (or, with undefined, remove) the reporter of rules that throw. */
export function onRuleFailure(report: ((failure: RuleFailure) => void) | undefined): void {
  reportRuleFailure = report;
}

export function runChecks(ctx: CheckContext): Diagnostic[] {
  const all: Diagnostic[] = [];
  for (const check of checks) {
    try {
      for (const d of check(ctx)) all.push(d); // push(...) overflows the stack past ~100k diagnostics
    } catch (error) {
      // With a reporter, a rule that trips over an input it did not foresee loses its own findings, not everyone's.
      if (!reportRuleFailure) throw error;
      reportRuleFailure({ rule: check.name, error });
    }
  }
  return supersede(dedupe(all));
}

/** For a log: the rule and the error, with where it was thrown when `stack` is asked for. */
export function describeRuleFailure(f: RuleFailure, stack = false): string {
  const e = f.error;
  const detail = e instanceof Error ? (stack && e.stack) || `${e.name}: ${e.message}` : String(e);
  return `rule ${f.rule || '(anonymous)'} threw and was skipped: ${detail}`;
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
