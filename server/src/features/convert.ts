// Small conversions between the analysis core's offsets and LSP shapes, shared by the features.
import type { Range } from 'vscode-languageserver-types';
import type { Analysis, InvocationAnalysis } from '../analysis/index';
import type { Span } from '../analysis/types';

export function toRange(analysis: Analysis, span: Span): Range {
  return analysis.lines.range(span);
}

export function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** True when the document text at `span` is exactly `text` (the value is written there literally). */
export function writtenAt(analysis: Analysis, span: Span, text: string): boolean {
  return span.end - span.start === text.length && analysis.text.slice(span.start, span.end) === text;
}

/**
 * The invocation whose command covers the offset. A cursor on a trailing continuation line
 * (`\` then a line with only blanks) still belongs to the command above it.
 */
export function invocationAt(analysis: Analysis, offset: number): InvocationAnalysis | undefined {
  let best: InvocationAnalysis | undefined;
  for (const inv of analysis.invocations) {
    const span = inv.invocation.span;
    if (span.start > offset) continue;
    if (offset <= span.end || onlyContinuation(analysis.text, span.end, offset)) {
      if (!best || span.start >= best.invocation.span.start) best = inv;
    }
  }
  return best;
}

/** Blanks and `\`-newline pairs only between from and to (the command has not ended yet). */
function onlyContinuation(text: string, from: number, to: number): boolean {
  if (to - from > 4096) return false;
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === ' ' || c === '\t') i++;
    else if (c === '\\' && text[i + 1] === '\n') i += 2;
    else if (c === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') i += 3;
    else return false;
  }
  return true;
}

/** The invocation at the offset, else the nearest one by distance (for the address-map request). */
export function nearestInvocation(analysis: Analysis, offset: number): InvocationAnalysis | undefined {
  const at = invocationAt(analysis, offset);
  if (at) return at;
  let best: InvocationAnalysis | undefined;
  let bestDistance = Infinity;
  for (const inv of analysis.invocations) {
    const { start, end } = inv.invocation.span;
    const d = offset < start ? start - offset : offset - end;
    if (d < bestDistance) {
      bestDistance = d;
      best = inv;
    }
  }
  return best;
}
