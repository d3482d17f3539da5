// The analysis core in this process, without LSP: parse and analysis per invocation and per
// MB, and one edit's cost with incremental tree-sitter parsing against a full re-parse.
import { analyze, initShellParser } from '../server/src/analysis/index';
import { parseShell, reparse } from '../server/src/analysis/shell/parser';
import { defaultSettings } from '../server/src/analysis/types';
import { median, now } from './stats';

export interface InProcessFigures {
  name: string;
  bytes: number;
  lines: number;
  invocations: number;
  diagnostics: number;
  /** Full analyze(text): parse + every layer. */
  analyzeMs: number;
  parseMs: number;
  /** analyze() given an already parsed tree: the layers after the parser. */
  analysisOnlyMs: number;
  perInvocationMs: number;
  mbPerSecond: number;
  incrementalParseMs: number;
  fullParseMs: number;
}

export async function initMs(): Promise<number> {
  const started = now();
  await initShellParser();
  return now() - started;
}

function timeMedian(runs: number, body: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = now();
    body();
    times.push(now() - started);
  }
  return median(times);
}

export function benchInProcess(name: string, text: string): InProcessFigures {
  const bytes = Buffer.byteLength(text);
  const runs = bytes > 200_000 ? 15 : 50;
  // Warm up the JIT as a long-running server would be.
  for (let i = 0; i < 3; i++) analyze(text, defaultSettings).tree.delete();

  const sample = analyze(text, defaultSettings);
  const invocations = sample.invocations.length;
  const diagnostics = sample.diagnostics.length;
  sample.tree.delete();

  const analyzeMs = timeMedian(runs, () => analyze(text, defaultSettings).tree.delete());
  const parseMs = timeMedian(runs, () => parseShell(text).delete());
  const tree = parseShell(text);
  const analysisOnlyMs = timeMedian(runs, () => void analyze(text, defaultSettings, tree));

  // One character changed in the middle of the file (a digit of a size, as in the LSP bench).
  const at = text.indexOf('size=', Math.floor(text.length / 2)) + 'size='.length;
  const edited = at > 4 ? text.slice(0, at) + '7' + text.slice(at + 1) : text + '#';
  const edit =
    at > 4 ? { start: at, oldEnd: at + 1, newText: '7' } : { start: text.length, oldEnd: text.length, newText: '#' };
  const incrementalParseMs = timeMedian(runs, () => reparse(tree, text, edited, [edit]).delete());
  const fullParseMs = timeMedian(runs, () => parseShell(edited).delete());
  tree.delete();

  return {
    name,
    bytes,
    lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0),
    invocations,
    diagnostics,
    analyzeMs,
    parseMs,
    analysisOnlyMs,
    perInvocationMs: invocations ? analyzeMs / invocations : NaN,
    mbPerSecond: bytes / (1024 * 1024) / (analyzeMs / 1000),
    incrementalParseMs,
    fullParseMs,
  };
}
