// The last steps of bash's word expansion, done on pieces that remember where they came from:
// field splitting of unquoted expansion results, then the checks for expansions we refuse to
// guess (pathname, brace and tilde expansion), then assembly into Words with segments.
import type { Segment, Span, Word } from '../types';

/** A run of expanded text and its source. */
export interface Piece {
  kind: 'piece';
  text: string;
  src: Span;
  /** text equals the document at src character for character. */
  verbatim: boolean;
  /** Inside quotes or escaped: not split, not globbed; an empty quoted piece still makes a word. */
  quoted: boolean;
  /** Written literally in the script (not the result of an expansion): tilde/brace expansion apply. */
  literal: boolean;
  /** Why this text is only the source of something we could not resolve. */
  unknown?: string;
  /** The array element this piece was copied from ("${args[@]}"). */
  element?: Word;
}

/** Ends the current field: the boundary between two elements of "${args[@]}". */
export interface Break {
  kind: 'break';
}

export type Part = Piece | Break;

export const BREAK: Break = { kind: 'break' };

const IFS_RUN = /[ \t\n]+/g;
/** Characters that may start pathname, brace or tilde expansion. */
const SPECIAL = /[*?[{~]/;

/** The part of `piece` at text[a, b). */
function slice(piece: Piece, a: number, b: number): Piece {
  if (a === 0 && b === piece.text.length) return piece;
  const src = piece.verbatim ? { start: piece.src.start + a, end: piece.src.start + b } : piece.src;
  return { ...piece, text: piece.text.slice(a, b), src };
}

/** Splits the parts of one command word into fields, as bash does with the default IFS. */
export function splitFields(parts: Part[]): Piece[][] {
  const out: Piece[][] = [];
  let cur: Piece[] = [];
  // The field exists even if empty (a quoted piece was seen), or has text.
  let keep = false;
  for (const part of parts) {
    if (part.kind === 'break') {
      if (keep) out.push(cur);
      cur = [];
      keep = false;
      continue;
    }
    if (part.quoted || part.literal || part.unknown !== undefined) {
      cur.push(part);
      if (part.quoted || part.unknown !== undefined || part.text.length > 0) keep = true;
      continue;
    }
    // An unquoted expansion result: IFS whitespace separates fields and vanishes.
    const t = part.text;
    let last = 0;
    IFS_RUN.lastIndex = 0;
    for (let m = IFS_RUN.exec(t); m; m = IFS_RUN.exec(t)) {
      if (m.index > last) {
        cur.push(slice(part, last, m.index));
        keep = true;
      }
      if (keep) out.push(cur);
      cur = [];
      keep = false;
      last = m.index + m[0].length;
    }
    if (last < t.length) {
      cur.push(slice(part, last, t.length));
      keep = true;
    }
  }
  if (keep) out.push(cur);
  return out;
}

/** The expansion bash would still do on this field that we will not guess, if any. */
function refusedExpansion(pieces: Piece[]): string | undefined {
  if (!pieces.some((p) => !p.quoted && p.unknown === undefined && SPECIAL.test(p.text))) return undefined;
  let unquoted = '';
  let literal = '';
  for (const p of pieces) {
    const open = !p.quoted && p.unknown === undefined;
    unquoted += open ? p.text : '\u0001';
    literal += open && p.literal ? p.text : '\u0001';
  }
  const first = pieces.find((p) => p.text.length > 0);
  if (first && first.literal && !first.quoted && first.text.startsWith('~')) return 'tilde expansion';
  if (/[*?]|\[[^\]]*\]/.test(unquoted)) return 'pathname expansion';
  if (/\{[^{}]*(,|\.\.)[^{}]*\}/.test(literal)) return 'brace expansion';
  return undefined;
}

/** Where a field's word is, for a field that is not exactly one array element. */
export interface FieldContext {
  /** Source of the whole word at the place it is used. */
  span: Span;
  /** Document text, to quote unresolved parts in messages. */
  text: string;
}

/** Turns one field into a Word. */
export function toWord(pieces: Piece[], ctx: FieldContext): Word {
  let text = '';
  // Sized exactly: the words outlive the analysis, and an array grown by push() keeps room for
  // 16 elements (150 bytes for the usual one segment, 2 MB over a 10,000-line script).
  let count = 0;
  for (const p of pieces) if (p.text.length > 0) count++;
  const segments = new Array<Segment>(count);
  const unknownSrcs: Span[] = [];
  let reason: string | undefined;
  let k = 0;
  for (const p of pieces) {
    if (p.unknown !== undefined) {
      unknownSrcs.push(p.src);
      reason ??= p.unknown;
    }
    if (p.text.length === 0) continue;
    const seg: Segment = { from: text.length, to: text.length + p.text.length, src: p.src, verbatim: p.verbatim };
    if (p.unknown !== undefined) seg.unknown = true;
    segments[k++] = seg;
    text += p.text;
  }
  // Empty pieces (the marker of "") do not make a word any less an element.
  const element = pieces.find((p) => p.element !== undefined)?.element;
  const wholeElement =
    element !== undefined &&
    text === element.text &&
    pieces.every((p) => p.element === element || (p.text === '' && p.unknown === undefined));
  const span = wholeElement ? element.span : ctx.span;
  const word: Word = { text, span, segments };
  const refused = refusedExpansion(pieces);
  if (refused !== undefined) {
    for (const s of segments) s.unknown = true;
    word.unknown = { reason: refused, span };
  } else if (reason !== undefined) {
    word.unknown = { reason, span: unknownHull(unknownSrcs, span) };
  }
  return word;
}

/** One span covering every unresolved part, when they lie in order inside the word; else the first. */
function unknownHull(srcs: Span[], wordSpan: Span): Span {
  const first = srcs[0];
  const start = first.start;
  let end = first.end;
  for (let i = 1; i < srcs.length; i++) {
    if (srcs[i].start < end) return first;
    end = srcs[i].end;
  }
  if (srcs.length > 1 && (start < wordSpan.start || end > wordSpan.end)) return first;
  return { start, end };
}
