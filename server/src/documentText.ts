// The text of an open document and its line table, kept up to date by LSP content changes the way
// vscode-languageserver-textdocument does (same ranges, same clamping, same resulting text), but
// without ever rescanning or copying the whole text for a small edit, whichever way the client
// sends it. A whole-text change (full sync: the client resends all 340 KB of a 10,000-line script
// for every keystroke) is diffed against the previous text to recover the one edited range; the
// client's string becomes the document's text as it is, and the line table is updated for that
// range as an incremental change would update it. Every change also yields the edit the
// tree-sitter tree needs.
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { LineIndex, type Position, type TextReplacement } from './analysis/text';

/** One change as applied: the edit, in the coordinates of the text it was applied to (`before`). */
export interface AppliedChange {
  readonly edit: TextReplacement;
  readonly before: LineIndex;
}

export class DocumentText {
  /** Immutable, one per version: an analysis may keep it while the document moves on. */
  private index: LineIndex;

  constructor(
    private currentVersion: number,
    text: string,
  ) {
    this.index = new LineIndex(text);
  }

  get version(): number {
    return this.currentVersion;
  }

  /** Line starts of the current text. */
  get lines(): LineIndex {
    return this.index;
  }

  getText(): string {
    return this.index.text;
  }

  /**
   * Applies LSP content changes in order, each in the coordinates the previous one left, and
   * sets the version (also when there are none, as the library does). Returns the edits as applied.
   */
  apply(changes: readonly TextDocumentContentChangeEvent[], version: number): AppliedChange[] {
    const applied: AppliedChange[] = [];
    for (const change of changes) {
      const before = this.index;
      const old = before.text;
      let edit: TextReplacement;
      let text: string;
      if ('range' in change) {
        // As vscode-languageserver-textdocument: a reversed range is read forwards, positions
        // past a line's end or the text's end are clamped.
        const { start, end } = wellFormed(change.range.start, change.range.end);
        edit = { start: before.offsetAt(start), oldEnd: before.offsetAt(end), newText: change.text };
        text = old.slice(0, edit.start) + change.text + old.slice(edit.oldEnd);
      } else {
        edit = diffEdit(old, change.text);
        text = change.text;
      }
      this.index = before.edited(edit, text);
      applied.push({ edit, before });
    }
    this.currentVersion = version;
    return applied;
  }
}

function wellFormed(start: Position, end: Position): { start: Position; end: Position } {
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) {
    return { start: end, end: start };
  }
  return { start, end };
}

/** Characters compared at once by the native string comparison (see commonPrefix). */
const BLOCK = 1024;

/**
 * The one edit that turns `before` into `after`: everything between their longest common prefix
 * and longest common suffix (which do not overlap). Never splits a surrogate pair.
 */
export function diffEdit(before: string, after: string): TextReplacement {
  const max = Math.min(before.length, after.length);
  let start = commonPrefix(before, after, max);
  let suffix = commonSuffix(before, after, max - start);
  // Never split a surrogate pair: the edit covers whole characters.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return { start, oldEnd: before.length - suffix, newText: after.slice(start, after.length - suffix) };
}

/**
 * Length of the common prefix of `a` and `b`, at most `max`. Whole blocks are compared first with
 * `===` on substrings (which V8 compares natively without copying), then the differing block
 * character by character: about 0.03 ms for a 340 KB text, against 0.7 ms for a charCodeAt loop
 * over all of it.
 */
function commonPrefix(a: string, b: string, max: number): number {
  let i = 0;
  while (i + BLOCK <= max && a.substring(i, i + BLOCK) === b.substring(i, i + BLOCK)) i += BLOCK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix of `a` and `b`, at most `max`; blocks first, as commonPrefix. */
function commonSuffix(a: string, b: string, max: number): number {
  const aEnd = a.length;
  const bEnd = b.length;
  let n = 0;
  while (n + BLOCK <= max && a.substring(aEnd - n - BLOCK, aEnd - n) === b.substring(bEnd - n - BLOCK, bEnd - n)) {
    n += BLOCK;
  }
  while (n < max && a.charCodeAt(aEnd - 1 - n) === b.charCodeAt(bEnd - 1 - n)) n++;
  return n;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
