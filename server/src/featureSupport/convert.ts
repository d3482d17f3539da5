// Small conversions between the analysis core's offsets and LSP shapes, shared by the features.
import type { Range } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/index';
import type { InvocationResult } from '../analysis/invocationResult';
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
 * The invocation the offset belongs to: the command itself (a cursor on a trailing continuation
 * line, `\` then only blanks, still belongs to the command above it), or, for commands built in
 * an array (`args=(-m 4G ...); qemu "${args[@]}"`), an argument's own text in the array or a blank
 * place between those arguments.
 */
export function invocationAt(analysis: Analysis, offset: number): InvocationResult | undefined {
  let best: InvocationResult | undefined;
  for (const inv of analysis.invocations) {
    const span = inv.invocation.span;
    if (span.start > offset) continue;
    if (offset <= span.end || onlyBlank(analysis.text, span.end, offset, false)) {
      if (!best || span.start >= best.invocation.span.start) best = inv;
    }
  }
  if (best) return best;
  // Elsewhere in the text (array elements): the argument written there, or the one nearest before
  // the offset if only blanks separate them.
  let nearest: { inv: InvocationResult; end: number } | undefined;
  for (const inv of analysis.invocations) {
    const span = inv.invocation.span;
    for (const w of inv.invocation.args) {
      if (w.span.start >= span.start && w.span.end <= span.end) continue;
      if (w.span.start <= offset && offset <= w.span.end) return inv;
      if (w.span.end < offset && (!nearest || w.span.end > nearest.end)) nearest = { inv, end: w.span.end };
    }
  }
  if (nearest && onlyBlank(analysis.text, nearest.end, offset, true)) return nearest.inv;
  return undefined;
}

/**
 * Only blanks and `\`-newline pairs between from and to (the command has not ended yet); inside an
 * array literal newlines and comments separate elements too.
 */
function onlyBlank(text: string, from: number, to: number, inArray: boolean): boolean {
  if (to - from > 4096) return false;
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === ' ' || c === '\t') i++;
    else if (c === '\\' && text[i + 1] === '\n') i += 2;
    else if (c === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') i += 3;
    else if (inArray && (c === '\n' || c === '\r')) i++;
    else if (inArray && c === '#') {
      while (i < to && text[i] !== '\n') i++;
    } else return false;
  }
  return true;
}

/** The invocation at the offset, else the nearest one by distance (for the address-map request). */
export function nearestInvocation(analysis: Analysis, offset: number): InvocationResult | undefined {
  const at = invocationAt(analysis, offset);
  if (at) return at;
  let best: InvocationResult | undefined;
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
