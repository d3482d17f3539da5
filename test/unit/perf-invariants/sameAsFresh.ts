// The invariant every incremental path is held to: what it produces equals a fresh analyze() of
// the same text with the same settings.
import assert from 'node:assert/strict';
import { analyze, type Analysis } from '../../../server/src/analysis/index';
import { fileMapJson } from '../../../server/src/analysis/mapJson';

/**
 * Everything a user sees of an analysis: the text, every command's layers, every diagnostic. The
 * layers are read through their getters (made again when first read: invocationResult.ts), which a
 * deep comparison of the results themselves would not call.
 */
export function observable(a: Analysis): unknown {
  const invocations = a.invocations.map((r) => ({
    invocation: r.invocation,
    options: r.options,
    machine: r.machine,
    layout: r.layout,
    unplaced: r.unplaced,
    diagnostics: r.diagnostics,
  }));
  return { text: a.text, settings: a.settings, invocations, diagnostics: a.diagnostics };
}

/** Asserts `incremental` equals a fresh analysis of its text (and returns nothing of the fresh one). */
export function assertSameAsFresh(incremental: Analysis, compareTrees = false): void {
  const fresh = analyze(incremental.text, incremental.settings);
  try {
    if (compareTrees) assert.equal(incremental.tree.rootNode.toString(), fresh.tree.rootNode.toString());
    assert.deepStrictEqual(observable(incremental), observable(fresh));
    assert.deepStrictEqual(fileMapJson('f.sh', incremental), fileMapJson('f.sh', fresh));
  } finally {
    fresh.tree.delete();
  }
}
