// Runs analyze() and every language feature on one document inside a worker thread, so the test
// can put a watchdog and a heap limit around it (a synchronous hang cannot be timed out in-thread).
// Posts a summary of what came back; throws (and so fails the worker) on any malformed result.
import { parentPort, workerData } from 'node:worker_threads';
import type { Position, Range } from 'vscode-languageserver-types';
import { analyze, initShellParser } from '../../server/src/analysis/index';
import { completion } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { codeActions } from '../../server/src/features/codeActions';
import {
  definition,
  documentHighlights,
  prepareRename,
  references,
  rename,
} from '../../server/src/features/navigation';
import { documentSymbols } from '../../server/src/features/symbols';
import { inlayHints } from '../../server/src/features/inlayHints';
import { documentDiagnostics } from '../../server/src/features/diagnostics';
import { addressMap } from '../../server/src/features/addressMap';
import { assertWellFormed } from './wellFormed';

export interface WorkerResult {
  /** Up to five distinct messages per diagnostic code. */
  byCode: Record<string, string[]>;
  invocations: number;
}

function inside(lines: string[], r: Range, what: string): void {
  for (const p of [r.start, r.end]) {
    if (!(p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length)) {
      throw new Error(`${what}: ${JSON.stringify(r)} outside the document`);
    }
  }
}

async function main(): Promise<void> {
  await initShellParser();
  const text: string = workerData.text;
  const uri = 'file:///pathological.sh';
  const a = analyze(text);
  assertWellFormed(a);
  const lines = text.split(/\r\n|\r|\n/);
  const whole = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
  for (const d of documentDiagnostics(a, uri)) inside(lines, d.range, d.code as string);
  for (const s of documentSymbols(a)) inside(lines, s.range, 'symbol');
  for (const h of inlayHints(a, whole)) inside(lines, { start: h.position, end: h.position }, 'inlay hint');
  for (const c of codeActions(a, uri, whole))
    for (const e of c.edit?.changes?.[uri] ?? []) inside(lines, e.range, c.title);
  // A few positions spread over the document, plus the edges.
  const positions: Position[] = [
    { line: 0, character: 0 },
    { line: lines.length + 5, character: 3 },
    { line: 0, character: 1e9 },
  ];
  for (let i = 1; i <= 8; i++) {
    const line = Math.floor(((lines.length - 1) * i) / 8);
    positions.push({ line, character: Math.floor(lines[line].length / 2) }, { line, character: lines[line].length });
  }
  for (const p of positions) {
    for (const c of completion(a, p))
      if (c.textEdit && 'range' in c.textEdit) inside(lines, c.textEdit.range, 'completion');
    const h = hover(a, p);
    if (h?.range) inside(lines, h.range, 'hover');
    for (const l of [...definition(a, uri, p), ...references(a, uri, p, true)]) inside(lines, l.range, 'location');
    for (const l of documentHighlights(a, p)) inside(lines, l.range, 'highlight');
    const pr = prepareRename(a, p);
    if (pr && 'range' in pr) inside(lines, pr.range, 'prepareRename');
    const r = rename(a, uri, p, 'renamed0');
    if (r && typeof r === 'object') for (const e of r.changes?.[uri] ?? []) inside(lines, e.range, 'rename');
    addressMap(a, p);
  }
  const byCode: Record<string, string[]> = {};
  for (const d of a.diagnostics) {
    const seen = (byCode[d.code] ??= []);
    if (seen.length < 5 && !seen.includes(d.message)) seen.push(d.message);
  }
  const result: WorkerResult = { byCode, invocations: a.invocations.length };
  parentPort!.postMessage(result);
}

main().catch((e) => {
  throw e;
});
