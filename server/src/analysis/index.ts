// analyze(text, settings) → Analysis: the one entry point of the pure core.
// shell → options → machine → layout → checks, once per document version. The CLI, the
// language server and the tests all call this; nothing here imports LSP or VS Code.
import type { Tree } from 'web-tree-sitter';
import type { Diagnostic, Invocation, Settings } from './types';
import { defaultSettings } from './types';
import { LineIndex } from './text';
import { parseShell } from './shell/parser';
import { findInvocations, findInvocationsIncremental } from './shell/invocations';
import { runChecks } from './checks/run';
import { InvocationResult, layersOf } from './invocationResult';
import type { AnalysisCache } from './cache';
import type { Analysis } from './result';

export type { Analysis, InvocationAnalysis } from './result';

export { initShellParser } from './shell/parser';
export { AnalysisCache } from './cache';
export { onRuleFailure, describeRuleFailure, type RuleFailure } from './checks/run';

/**
 * Analyse a whole document. `tree` may be an incrementally re-parsed tree for this exact text
 * (the server keeps one per document); without it the text is parsed from scratch.
 * The shell parser must have been initialised once with `await initShellParser()`.
 * `cache` (one per document, kept by the caller) lets commands the last edit did not touch reuse
 * the previous version's results; the answer is the same with or without it.
 */
export function analyze(
  text: string,
  settings: Settings = defaultSettings,
  tree?: Tree,
  cache?: AnalysisCache,
  /** The line table of `text` when the caller keeps one (the server's documents); else built here. */
  lines: LineIndex = new LineIndex(text),
): Analysis {
  const shellTree = tree ?? parseShell(text);
  const diagnostics: Diagnostic[] = [];
  const invocations: InvocationResult[] = [];
  const add = (result: InvocationResult) => {
    invocations.push(result);
    for (const d of result.diagnostics) diagnostics.push(d); // push(...own) overflows the stack past ~100k diagnostics
  };
  if (cache) {
    const shell = findInvocationsIncremental(shellTree, text, cache.commands);
    for (const d of shell.diagnostics) diagnostics.push(d);
    cache.begin(settings);
    try {
      for (const item of shell.items)
        add(cache.analyze(item, text, (invocation) => analyzeInvocation(invocation, settings, text)));
    } catch (e) {
      cache.reset(); // entries half moved: none may be trusted again
      throw e;
    }
    cache.end();
  } else {
    const shell = findInvocations(shellTree, text);
    for (const d of shell.diagnostics) diagnostics.push(d);
    for (const invocation of shell.invocations) add(analyzeInvocation(invocation, settings, text));
  }
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { text, lines, tree: shellTree, settings, invocations, diagnostics };
}

/** Everything after the shell front end, for one command: a pure function of its arguments. */
function analyzeInvocation(invocation: Invocation, settings: Settings, text: string): InvocationResult {
  const layers = layersOf(invocation, settings);
  const { options, machine, layout } = layers;
  const own = [...layers.diagnostics, ...runChecks({ invocation, options, machine, layout, settings, text })];
  return new InvocationResult(invocation, own, settings, layers);
}
