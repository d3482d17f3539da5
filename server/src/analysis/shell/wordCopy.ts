// Copies of words with the spans of one command moved: the memos (commandMemo.ts,
// statementMemo.ts) keep their own copies, so the analysis may move the ones it was handed.
import type { Segment, Span, Word } from '../types';

export function copySpan(s: Span, start: number, end: number, delta: number): Span {
  // Inside the command: moves with it. Outside: an array element's source, which did not move
  // (describe() keyed the value with its spans).
  return s.start >= start && s.end <= end
    ? { start: s.start + delta, end: s.end + delta }
    : { start: s.start, end: s.end };
}

/**
 * A copy of the word with spans inside [start, end] moved by delta; absent optional fields stay
 * absent. Field by field (cache.ts COMPARED_FIELDS; a test checks words have no others).
 */
export function copyWord(w: Word, start: number, end: number, delta: number): Word {
  const segments = new Array<Segment>(w.segments.length);
  for (let i = 0; i < segments.length; i++) {
    const g = w.segments[i];
    const c: Segment = { from: g.from, to: g.to, src: copySpan(g.src, start, end, delta), verbatim: g.verbatim };
    if ('unknown' in g) c.unknown = g.unknown;
    segments[i] = c;
  }
  const out: Word = { text: w.text, span: copySpan(w.span, start, end, delta), segments };
  if ('unknown' in w)
    out.unknown = w.unknown && { reason: w.unknown.reason, span: copySpan(w.unknown.span, start, end, delta) };
  return out;
}
