// Reuse of the previous version's expansion of each QEMU command. Expanding a command's words
// (marshalling its tree-sitter nodes, quote removal, parameter expansion) is most of what the
// shell front end costs on a long script, and one keystroke changes one command at most. A
// command's words are a function of its source text and of the variables its expansion read;
// the expansion records which ones (Env.recording), so a later version whose command has the
// same text and whose variables hold the same values gets the same words, with the spans inside
// the command moved to where it is now. When the only variables whose values changed are plain
// scalars the command reads as `$X`/`${X}` alone (`-drive file="$disk"` after an edit of a path
// every guest reads), the old words get the new values substituted instead (substitute()).
// Bounded: one version's entries, nothing older.
import type { Complete, Segment, Span, Word } from '../types';
import { describeValue as describe, isDescribedAs, type Env, type Recording, type Value } from './env';
import { detach } from '../detach';
import { findProgram } from './prefixes';
import { StatementMemo } from './statementMemo';
import { copyWord } from './wordCopy';

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
  /**
   * Each variable's mentions in the command's text, for substitute() (a function of the text,
   * which every entry made from this one shares: computed once, not per keystroke).
   */
  mentions?: Map<string, Span[] | null>;
  /**
   * Where the words' segments come from, for substitute(): by where a segment's source starts
   * relative to start, its word and segment indices, in pairs. Substitution changes texts and
   * offsets, never sources or counts, so every entry made from this one shares it too.
   */
  segmentsAt?: Map<number, number[]>;
}

/** A command expanded as before: its words are the entry's, moved by delta (copied on demand). */
export interface Replay {
  entry: MemoEntry;
  delta: number;
  /** Made by substitute(): the previous version's entry and the indices of the words it changed. */
  from?: MemoEntry;
  changed?: number[];
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
  /** The walk's other share: each top-level statement's reading (statementMemo.ts). */
  readonly statements = new StatementMemo();
  private entries = new Map<string, MemoEntry[]>();
  private next = new Map<string, MemoEntry[]>();
  /** What the walk under way (or the last one) did with each command it expanded (tests count these). */
  stats = { replayed: 0, substituted: 0, expanded: 0 };

  begin(): void {
    this.next = new Map();
    this.stats = { replayed: 0, substituted: 0, expanded: 0 };
    this.statements.begin();
  }

  end(): void {
    this.entries = this.next;
    this.next = new Map();
    this.statements.end();
  }

  /** The words of the command text[start, end) if an earlier expansion of it still holds. */
  replay(text: string, start: number, end: number, key: string, env: Env): Replay | undefined {
    const bucket = this.entries.get(key);
    if (!bucket) return undefined;
    for (let i = 0; i < bucket.length; i++) {
      const e = bucket[i];
      if (e.end - e.start !== end - start || env.remaining < e.drawdown) continue;
      if (!e.deps.every(([name, was]) => isDescribedAs(env.peek(name), was))) continue;
      bucket.splice(i, 1);
      // Kept as it is: its words stay in the coordinates of the version that expanded it.
      this.add(key, e);
      env.charge(e.spent, e.drawdown);
      for (const [name] of e.deps) env.noteRead(name);
      this.stats.replayed++;
      return { entry: e, delta: start - e.start };
    }
    for (let i = 0; i < bucket.length; i++) {
      const from = bucket[i];
      const s = substitute(from, text, start, end, env);
      if (!s) continue;
      bucket.splice(i, 1);
      this.add(key, s.entry);
      env.charge(s.entry.spent, s.entry.drawdown);
      for (const [name] of s.entry.deps) env.noteRead(name);
      this.stats.substituted++;
      return { entry: s.entry, delta: start - from.start, from, changed: s.changed };
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
    this.stats.expanded++;
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

  /**
   * Keeps an entry for the next version without looking at it: its command lies in a top-level
   * statement replayed whole (statementMemo.ts), which vouches for its text and variables. With
   * `from`, the entry that replay made from it with new values (statementSubstitute.ts) takes its
   * place.
   */
  carry(key: string, e: MemoEntry, from?: MemoEntry): void {
    const bucket = this.entries.get(key);
    const i = bucket ? bucket.indexOf(from ?? e) : -1;
    if (i >= 0) (bucket as MemoEntry[]).splice(i, 1);
    this.add(key, e);
    if (from) this.stats.substituted++;
    else this.stats.replayed++;
  }

  private add(key: string, e: MemoEntry): void {
    const bucket = this.next.get(key);
    if (bucket) bucket.push(e);
    else this.next.set(key, [e]);
  }
}

/** A value substitute() may put in place of another: no field splitting, globbing or quoting can tell them apart. */
const PLAIN_VALUE = /^[A-Za-z0-9_./:,=+@%-]+$/;

/**
 * The entry's expansion with the values of the variables that changed put in, when that is
 * exactly what expanding the command again would give: every changed variable was and is a
 * plain scalar (PLAIN_VALUE: one field, no glob, never empty), the command mentions it only as
 * `$X` or `${X}`, and each mention made one segment holding the old value (so none sits inside
 * $(...), quotes that keep it literal, or an operator). Spans do not change, only texts and the
 * segments' offsets; the budget spent changes by the difference in length. A new entry, in the
 * coordinates of the old one; undefined when anything else differs.
 */
function substitute(
  e: MemoEntry,
  text: string,
  start: number,
  end: number,
  env: Env,
): { entry: MemoEntry; changed: number[] } | undefined {
  if (e.end - e.start !== end - start) return undefined;
  const s = substituteValues(e, text.slice(start, end), (name) => env.peek(name));
  return s && env.remaining >= s.entry.drawdown ? s : undefined;
}

/**
 * substitute() for the command whose text is `source`, with each variable's value now given by
 * `valueOf` (by name and index in e.deps; null: the value the entry read, unchanged). The budget is the caller's to check.
 */
export function substituteValues(
  e: MemoEntry,
  source: string,
  valueOf: (name: string, dep: number) => Value | undefined | null,
): { entry: MemoEntry; changed: number[] } | undefined {
  if (e.program < 0) return undefined;
  /** By where each mention starts (the entry's coordinates): its end, old and new value. */
  const at = new Map<number, { end: number; from: string; to: string }>();
  const deps = new Array<[string, string]>(e.deps.length);
  for (let dep = 0; dep < e.deps.length; dep++) {
    const [name, was] = e.deps[dep];
    const v = valueOf(name, dep);
    // (Unchanged reads keep the old entry's pair: nothing changes one once made.)
    if (v === null || isDescribedAs(v, was)) {
      deps[dep] = e.deps[dep];
      continue;
    }
    const now = describe(v);
    deps[dep] = [name, now];
    if (v?.kind !== 'scalar' || v.unknown !== undefined || !PLAIN_VALUE.test(v.text)) return undefined;
    if (was[0] !== 's' || !PLAIN_VALUE.test(was.slice(1))) return undefined;
    const known = (e.mentions ??= new Map<string, Span[] | null>());
    let mentions = known.get(name);
    if (mentions === undefined) known.set(name, (mentions = plainMentions(source, name) ?? null));
    if (mentions === null) return undefined;
    for (const m of mentions) at.set(e.start + m.start, { end: e.start + m.end, from: was.slice(1), to: v.text });
  }
  if (at.size === 0) return undefined;
  // The segments each mention made, found through the index rather than by visiting every
  // segment of every word; the words holding none are shared with the old entry.
  const index = (e.segmentsAt ??= indexSegments(e));
  const hitWords: number[] = [];
  let found = 0;
  for (const [mention, c] of at) {
    const pairs = index.get(mention - e.start);
    if (pairs === undefined) continue;
    for (let i = 0; i < pairs.length; i += 2) {
      if (e.words[pairs[i]].segments[pairs[i + 1]].src.end !== c.end) continue;
      found++;
      if (!hitWords.includes(pairs[i])) hitWords.push(pairs[i]);
    }
  }
  // Every mention accounted for by one segment: none was swallowed by $(...) or an operator.
  if (found !== at.size) return undefined;
  hitWords.sort((a, b) => a - b);
  // The words and segments below are copied field by field, not spread (V8 copies a spread
  // through its generic path): a few per guest at each edit of a variable every guest reads.
  let grow = 0;
  const words = e.words.slice();
  for (const i of hitWords) {
    const w = e.words[i];
    const segments = w.segments.slice();
    let text = w.text;
    let shift = 0;
    for (let k = 0; k < segments.length; k++) {
      const g = segments[k];
      const hit = at.get(g.src.start);
      const c = hit !== undefined && hit.end === g.src.end ? hit : undefined;
      if (!c) {
        if (shift !== 0) segments[k] = segmentAt(g, g.from + shift, g.to + shift);
        continue;
      }
      // The mention made exactly the old value, as an expansion (not literal text).
      if (g.verbatim || g.unknown || w.text.slice(g.from, g.to) !== c.from) return undefined;
      const from = g.from + shift;
      text = text.slice(0, from) + c.to + text.slice(g.to + shift);
      segments[k] = segmentAt(g, from, from + c.to.length);
      shift += c.to.length - c.from.length;
    }
    const out: Word = { text: detach(text), span: w.span, segments };
    if ('unknown' in w) out.unknown = w.unknown;
    grow += shift;
    words[i] = out;
  }
  for (const w of words) if (w.unknown) return undefined;
  // The program is found left to right and read no further: words after it cannot move it.
  if (hitWords[0] <= e.program && findProgram(words) !== e.program) return undefined;
  const spent = e.spent + grow;
  const drawdown = e.drawdown + Math.max(0, grow);
  // Written out rather than spread (which copies through a slow generic path): one per guest
  // at each edit of a variable every guest reads.
  const entry: Complete<MemoEntry> = {
    start: e.start,
    end: e.end,
    deps,
    words,
    program: e.program,
    endRel: e.endRel,
    spent,
    drawdown,
    inside: e.inside,
    minRel: e.minRel,
    maxRel: e.maxRel,
    mentions: e.mentions,
    segmentsAt: e.segmentsAt,
  };
  return { entry, changed: hitWords };
}

/** The segment with its text at [from, to) of its word; absent optional fields stay absent. */
function segmentAt(g: Segment, from: number, to: number): Segment {
  const out: Segment = { from, to, src: g.src, verbatim: g.verbatim };
  if ('unknown' in g) out.unknown = g.unknown;
  return out;
}

/** The entry's segments by where their sources start (MemoEntry.segmentsAt). */
function indexSegments(e: MemoEntry): Map<number, number[]> {
  const index = new Map<number, number[]>();
  for (let i = 0; i < e.words.length; i++) {
    const segments = e.words[i].segments;
    for (let k = 0; k < segments.length; k++) {
      const rel = segments[k].src.start - e.start;
      const pairs = index.get(rel);
      if (pairs) pairs.push(i, k);
      else index.set(rel, [i, k]);
    }
  }
  return index;
}

/** The pattern that finds a variable's name, per name (a script has few; substitute() asks per command). */
const MENTION = new Map<string, RegExp>();

/** Every mention of `name` in the command's text, if each is exactly `$name` or `${name}`. */
function plainMentions(source: string, name: string): Span[] | undefined {
  const out: Span[] = [];
  let re = MENTION.get(name);
  if (!re) MENTION.set(name, (re = new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`, 'g')));
  re.lastIndex = 0;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const at = m.index;
    if (source[at - 1] === '$') out.push({ start: at - 1, end: at + name.length });
    else if (source[at - 1] === '{' && source[at - 2] === '$' && source[at + name.length] === '}')
      out.push({ start: at - 2, end: at + name.length + 1 });
    else return undefined;
  }
  return out;
}

function within(s: Span, start: number, end: number): boolean {
  return s.start >= start && s.end <= end;
}
