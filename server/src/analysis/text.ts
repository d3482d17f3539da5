// Offsets ⇄ LSP positions (line, UTF-16 character). Built once per document version.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** One replacement in a text: [start, oldEnd) of the text before it becomes `newText`. */
export interface TextReplacement {
  readonly start: number;
  readonly oldEnd: number;
  readonly newText: string;
}

export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly starts: readonly number[];

  /** `starts` only from `edited`, which derived them for exactly this text. */
  constructor(
    readonly text: string,
    starts?: readonly number[],
  ) {
    this.starts = starts ?? lineStarts(text);
  }

  /**
   * The index of `text`, which is this index's text with `edit` applied, equal to
   * `new LineIndex(text)`: the line starts before the edit are kept, those after it are shifted,
   * and only the replaced stretch is scanned (a CR LF may be joined or split at either end). An
   * edit of a 10,000-line script costs a copy of 10,000 numbers instead of a scan of 340 KB.
   */
  edited(edit: TextReplacement, text: string): LineIndex {
    const { start, oldEnd, newText } = edit;
    const old = this.text;
    const delta = newText.length - (oldEnd - start);
    const insertedEnd = start + newText.length;
    // Characters of the new text, read from the pieces it is made of.
    const at = (i: number): number =>
      i < start ? old.charCodeAt(i) : i < insertedEnd ? newText.charCodeAt(i - start) : old.charCodeAt(i - delta);
    const starts = this.starts;
    const result: number[] = [];
    // A start s is decided by the characters at s - 1 and s: those before the edit keep theirs.
    const kept = Math.max(1, firstAtLeast(starts, start));
    for (let k = 0; k < kept; k++) result.push(starts[k]);
    for (let i = Math.max(0, start - 1); i < insertedEnd; i++) {
      const c = at(i);
      if (c === 10 || (c === 13 && at(i + 1) !== 10)) result.push(i + 1); // past the end: NaN
    }
    for (let k = firstAtLeast(starts, oldEnd + 1); k < starts.length; k++) result.push(starts[k] + delta);
    return new LineIndex(text, result);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    // The last line starting at or before o (the first always starts at 0).
    const line = firstAtLeast(this.starts, o + 1) - 1;
    return { line, character: o - this.starts[line] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const lineStart = this.starts[pos.line];
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    let lineEnd = next;
    // A position past the end of a line means the end of that line, not the next line.
    if (lineEnd > lineStart && this.text.charCodeAt(lineEnd - 1) === 10) lineEnd--;
    if (lineEnd > lineStart && this.text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    return Math.min(lineStart + Math.max(0, pos.character), lineEnd);
  }

  range(span: { start: number; end: number }): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}

/** Offset of the first character of each line: after LF, CR LF, or a CR alone. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

/** Index of the first element of the ascending `values` that is ≥ `bound` (length if none). */
function firstAtLeast(values: readonly number[], bound: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
