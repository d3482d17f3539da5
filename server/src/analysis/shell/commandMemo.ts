// Reuse of the previous version's expansion of each QEMU command. Expanding a command's words
// (marshalling its tree-sitter nodes, quote removal, parameter expansion) is most of what the
// shell front end costs on a long script, and one keystroke changes one command at most. A
// command's words are a function of its source text and of the variables its expansion read;
// the expansion records which ones (Env.recording), so a later version whose command has the
// same text and whose variables hold the same values gets the same words, with the spans inside
// the command moved to where it is now. Bounded: one version's entries, nothing older.
import type { Segment, Span, Word } from '../types';
import type { Env, Recording, Value } from './env';
import { detach } from '../detach';

export interface MemoEntry {
  /** Where the command's text started in the version it was expanded in. */
  start: number;
  end: number;
  /** Each variable read and its value then, serialised (see describe). */
  deps: [string, string][];
  /** The command's words, own copies (the analysis may move the ones it was handed). */
  words: Word[];
  /** Index of the program word, -1 when the command turned out not to run QEMU. */
  program: number;
  /** End of the invocation relative to start. */
  endRel: number;
  /** Budget the expansion spent in all, and the most it was down at any point. */
  spent: number;
  drawdown: number;
  /** Every span of the words lies inside the command: the invocation moves as one piece. */
  inside: boolean;
  /** Extent of the invocation's spans relative to start (for the analysis cache's text window). */
  minRel: number;
  maxRel: number;
}

/** A command expanded as before: its words are the entry's, moved by delta (copied on demand). */
export interface Replay {
  entry: MemoEntry;
  delta: number;
}

/** The words of a replayed command where it is now (fresh objects the caller owns). */
export function replayedWords(r: Replay): Word[] {
  const e = r.entry;
  return e.words.map((w) => copyWord(w, e.start, e.end, r.delta));
}

/** One word of a replayed command where it is now. */
export function replayedWord(r: Replay, w: Word): Word {
  return copyWord(w, r.entry.start, r.entry.end, r.delta);
}

export class CommandMemo {
  private entries = new Map<string, MemoEntry[]>();
  private next = new Map<string, MemoEntry[]>();

  begin(): void {
    this.next = new Map();
  }

  end(): void {
    this.entries = this.next;
    this.next = new Map();
  }

  /** The words of the command text[start, end) if an earlier expansion of it still holds. */
  replay(text: string, start: number, end: number, key: string, env: Env): Replay | undefined {
    const bucket = this.entries.get(key);
    if (!bucket) return undefined;
    for (let i = 0; i < bucket.length; i++) {
      const e = bucket[i];
      if (e.end - e.start !== end - start || env.remaining < e.drawdown) continue;
      if (!e.deps.every(([name, was]) => describe(env.peek(name)) === was)) continue;
      bucket.splice(i, 1);
      // Kept as it is: its words stay in the coordinates of the version that expanded it.
      this.add(key, e);
      env.charge(e.spent);
      return { entry: e, delta: start - e.start };
    }
    return undefined;
  }

  /**
   * Records a fresh expansion, unless it wrote variables or ran out of budget. The words' texts
   * are detached from the document first (detach.ts): the analysis of this command, which keeps
   * substrings of them, may be cached for many versions.
   */
  record(
    key: string,
    start: number,
    end: number,
    rec: Recording,
    env: Env,
    words: Word[],
    program: number,
    invocationEnd: number,
  ): MemoEntry | undefined {
    for (const w of words) {
      w.text = detach(w.text);
      if (w.unknown) w.unknown.reason = detach(w.unknown.reason);
    }
    if (rec.wrote || rec.failed) return undefined;
    const deps: [string, string][] = [];
    for (const name of rec.reads) deps.push([name, detach(describe(env.peek(name)))]);
    // The same extent cache.ts computes from the invocation (its span and every word's spans).
    let min = start;
    let max = invocationEnd;
    const widen = (sp: Span) => {
      if (sp.start < min) min = sp.start;
      if (sp.end > max) max = sp.end;
    };
    for (let i = Math.max(0, program); i < words.length; i++) {
      const w = words[i];
      widen(w.span);
      if (w.unknown) widen(w.unknown.span);
      for (const g of w.segments) widen(g.src);
    }
    let inside = true;
    for (const w of words) {
      if (!within(w.span, start, end) || (w.unknown && !within(w.unknown.span, start, end))) inside = false;
      for (const g of w.segments) if (!within(g.src, start, end)) inside = false;
    }
    const entry: MemoEntry = {
      start,
      end,
      deps,
      words: words.map((w) => copyWord(w, start, end, 0)),
      program,
      endRel: invocationEnd - start,
      spent: rec.start - env.remaining,
      drawdown: rec.start - rec.lowWater,
      inside,
      minRel: min - start,
      maxRel: max - start,
    };
    this.add(key, entry);
    return entry;
  }

  private add(key: string, e: MemoEntry): void {
    const bucket = this.next.get(key);
    if (bucket) bucket.push(e);
    else this.next.set(key, [e]);
  }
}

/**
 * A value as text, spans absolute: array elements keep the spans of where they were assigned,
 * which end up in the words, so an element moved by an edit is a different value.
 */
function describe(v: Value | undefined): string {
  if (v === undefined) return 'never';
  if (v.kind === 'unset') return 'unset';
  if (v.kind === 'scalar') return v.unknown === undefined ? `s${v.text}` : `u${v.unknown}\u0000${v.text}`;
  let out = `a${v.associative ? 'A' : ''}${v.unknown === undefined ? '' : `u${v.unknown}`}\u0000`;
  for (const [k, w] of v.elements) out += `${k}=${JSON.stringify(w)}\u0000`;
  return out;
}

function within(s: Span, start: number, end: number): boolean {
  return s.start >= start && s.end <= end;
}

function copySpan(s: Span, start: number, end: number, delta: number): Span {
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
function copyWord(w: Word, start: number, end: number, delta: number): Word {
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
