// Maps a sub-range of a Word's expanded text back to the document. Every key and value range
// the options layer reports goes through here, so continuations, quotes and escapes never
// shift a diagnostic by a character.
import type { Segment, Span, Word } from '../types';

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.max(lo, Math.min(hi, Math.trunc(n))) : lo;
}

function mapStart(seg: Segment, from: number): number {
  return seg.verbatim ? seg.src.start + (from - seg.from) : seg.src.start;
}

function mapEnd(seg: Segment, to: number): number {
  return seg.verbatim ? seg.src.start + (to - seg.from) : seg.src.end;
}

/** Index of the first segment ending after `offset` (segments tile the text in order). */
function firstEndingAfter(segs: Segment[], offset: number): number {
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid].to <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Source span of `word.text[from, to)`: exact inside verbatim segments, the whole source of a
 * non-verbatim one ($VAR, an escape). An empty range maps to an empty span at that point. When
 * the range covers segments whose sources are not in document order (text pieced together from
 * an array literal and the use site), the word's own span is the honest answer.
 */
export function wordSpan(word: Word, from: number, to: number): Span {
  const lo = clamp(Math.min(from, to), 0, word.text.length);
  const hi = clamp(Math.max(from, to), 0, word.text.length);
  const segs = word.segments;
  if (lo === hi) {
    const i = firstEndingAfter(segs, lo);
    if (i < segs.length && segs[i].from <= lo) {
      const at = mapStart(segs[i], lo);
      return { start: at, end: at };
    }
    // At the end of a segment (or of the word): just after that segment's source.
    if (i > 0 && segs[i - 1].to === lo) {
      const at = mapEnd(segs[i - 1], lo);
      return { start: at, end: at };
    }
    return lo === 0 ? { start: word.span.start, end: word.span.start } : { start: word.span.end, end: word.span.end };
  }
  let start = -1;
  let end = -1;
  let prevEnd = -Infinity;
  for (let i = firstEndingAfter(segs, lo); i < segs.length; i++) {
    const seg = segs[i];
    if (seg.from >= hi) break;
    if (seg.to <= lo) continue;
    const s = mapStart(seg, Math.max(lo, seg.from));
    const e = mapEnd(seg, Math.min(hi, seg.to));
    if (s < prevEnd) return { start: word.span.start, end: word.span.end };
    prevEnd = e;
    if (start === -1) start = s;
    end = e;
  }
  if (start === -1) return { start: word.span.start, end: word.span.end };
  return { start, end: Math.max(start, end) };
}
