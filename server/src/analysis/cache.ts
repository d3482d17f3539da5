// Reuse of the previous version's per-invocation work (options → machine → layout → checks).
// One keystroke changes one QEMU command at most; the other commands of a 10,000-line script
// come out of findInvocations with the same words, only moved by the length of the edit. Their
// analysis is a pure function of the invocation (its words, with spans relative to where the
// command starts), the settings and the text around it that fixes read for indentation, so the
// old result with every span moved by the same delta is exactly what analysing again would give.
// A command that differs from a cached one only in the text of arguments no later layer reads
// (inertOptions.ts: `-drive file=$IMAGES/…` after an edit of IMAGES=) re-uses that result with the
// new text patched into its words. Counts of what each analysis did are in `stats` (tests).
// Bounded: a cache holds the entries of one analysis (the previous version) and nothing older.
import type { Complete, Invocation, Settings, Span, Word } from './types';
import type { Analysis } from './result';
import type { InvocationResult, Layers } from './invocationResult';
import { CommandMemo, type MemoEntry } from './shell/commandMemo';
import { invocationOf, type ShellItem } from './shell/invocations';
import { detach } from './detach';
import { isInertOptionWord } from './inertOptions';

/** What one analysis did with each command (testable without timing). */
export interface CacheStats {
  /** Analysed from scratch (options → machine → layout → checks). */
  fresh: number;
  /** Re-used with only the text of inert arguments patched in. */
  patched: number;
  /** Re-used as it was (moved when the command moved). */
  reused: number;
}

interface Entry {
  /** Its bucket (hashInvocation: equal for commands that differ only in inert arguments). */
  key: number;
  /** invocation.span.start in the text it was analysed in. */
  base: number;
  result: InvocationResult;
  /**
   * Every distinct Span object in result (moved in place when the command moves). Collected when
   * the entry first moves (collect()), not when it is made: most results never move, and
   * collecting every span of every command cost as much as analysing it on didOpen. Eager only
   * for results whose words reach outside their command (arrays), which may share span objects.
   */
  spans?: Span[];
  /** False when a span lies outside the window (a constant like {0, 0}): reusable only unmoved. */
  movable?: boolean;
  /**
   * The result's layers when `spans` were collected (undefined: none were made yet). Layers made
   * later (a feature read them) hold spans of their own: the next move collects again.
   */
  spansLayers?: Layers;
  /** The text fixes may read (see textWindow), relative to base, and whether it touched the ends. */
  windowStart: number;
  windowText: string;
  atStart: boolean;
  atEnd: boolean;
  /** Taken by a command of the analysis under way (found either way, it serves one command). */
  used?: boolean;
}

/**
 * Held by the caller (one per document) and passed to every analyze() of that document.
 * Results are reused by moving their spans in place: an Analysis made with a cache is valid
 * until the next analyze() with the same cache (the server drops the old version's analysis
 * when a new text arrives, so nothing reads it after that).
 */
export class AnalysisCache {
  /** The shell front end's share: each QEMU command's expanded words (shell/commandMemo.ts). */
  readonly commands = new CommandMemo();
  private settingsKey = '';
  /** By hash of the invocation (see hashInvocation); a hit is confirmed field by field. */
  private entries = new Map<number, Entry[]>();
  private next = new Map<number, Entry[]>();
  /** By the memo entry whose words the invocation had: found without hashing or comparing. */
  private byMemo = new Map<MemoEntry, Entry>();
  private nextByMemo = new Map<MemoEntry, Entry>();
  /** Which fresh entry of this analysis holds each span: a span in two results cannot move twice. */
  private claims = new Map<Span, Entry>();
  /** Counts of the analysis under way (or the last one). */
  stats: CacheStats = { fresh: 0, patched: 0, reused: 0 };

  /** Starts one analysis: entries of other settings are useless. */
  begin(settings: Settings): void {
    const key = JSON.stringify(settings);
    if (key !== this.settingsKey) {
      this.entries.clear();
      this.byMemo.clear();
    }
    this.settingsKey = key;
    this.next = new Map();
    this.nextByMemo = new Map();
    this.claims = new Map();
    this.stats = { fresh: 0, patched: 0, reused: 0 };
  }

  /** The analysis of one command found by the shell front end: reused if it can be, else fresh(). */
  analyze(item: ShellItem, text: string, fresh: (invocation: Invocation) => InvocationResult): InvocationResult {
    const memo = item.memo;
    // Expanded from the same memo entry as a command of the previous version whose analysis is
    // linked to it, every span inside the command: the same invocation moved as one piece. Or
    // from that entry with new values substituted (commandMemo.ts): patched in when only inert
    // arguments changed, without copying, hashing or comparing the words.
    const r = item.replay;
    if (r && memo && memo.inside) {
      const e = this.byMemo.get(r.from ?? memo);
      const base = item.span.start;
      if (e && !e.used) {
        const window = textWindow(text, base + memo.minRel, base + memo.maxRel);
        const patch = r.changed && patchable(e.result, memo.program, r.changed);
        if (windowMatches(e, window, base, text) && (!r.changed || patch) && this.move(e, base - e.base)) {
          if (patch) for (const [word, i] of patch) patchText(word, memo.words[i]);
          const next = movedEntry(e, base);
          this.add(e.key, next);
          this.nextByMemo.set(memo, next);
          if (patch) this.stats.patched++;
          else this.stats.reused++;
          return e.result;
        }
      }
    }
    const invocation = invocationOf(item);
    const { result, entry } = this.store(this.lookup(invocation, text), text, () => fresh(invocation));
    if (memo) this.nextByMemo.set(memo, entry);
    return result;
  }

  /** Ends the analysis: its entries replace the previous version's. */
  end(): void {
    this.entries = this.next;
    this.byMemo = this.nextByMemo;
    this.next = new Map();
    this.nextByMemo = new Map();
    this.claims = new Map();
  }

  /**
   * Takes the results of an analysis made without this cache as the previous version's, so the
   * next analyze() with the cache reuses them (found by hash: the command memo is still empty).
   * The server makes a document's first analysis that way: the first diagnostics do not wait for
   * the bookkeeping (hashes, text windows, the memo's copies of every word) only edits need.
   */
  adopt(analysis: Pick<Analysis, 'text' | 'settings' | 'invocations'>): void {
    this.reset();
    this.begin(analysis.settings);
    for (const r of analysis.invocations) this.store(this.lookup(r.invocation, analysis.text), analysis.text, () => r);
    this.end();
  }

  /** Forgets every result (after a failure part way through an analysis). */
  reset(): void {
    this.entries = new Map();
    this.byMemo = new Map();
    this.end();
  }

  /** Moves an entry's spans by delta and takes it; false when it cannot move. */
  private move(e: Entry, delta: number): boolean {
    if (delta !== 0) {
      if (e.spans === undefined || e.spansLayers !== e.result.madeLayers()) collect(e);
      if (!e.movable) return false;
      for (const s of e.spans as Span[]) {
        s.start += delta;
        s.end += delta;
      }
    }
    e.used = true;
    return true;
  }

  /**
   * The previous result for this invocation, moved to where it is now, if there is one: the same
   * invocation, or one that differs only in the text of inert arguments (patched in place).
   */
  private lookup(invocation: Invocation, text: string): Lookup {
    const base = invocation.span.start;
    const { key, min, max } = hashInvocation(invocation, base);
    const window = textWindow(text, min, max);
    // Every word inside the command: its spans are its own (see Entry.spans).
    const own = min === base && max === invocation.span.end;
    const bucket = this.entries.get(key);
    if (!bucket) return { key, window, own };
    for (const entry of bucket) {
      if (
        entry.used ||
        !sameInvocation(entry.result.invocation, entry.base, invocation, base) ||
        !windowMatches(entry, window, base, text)
      )
        continue;
      if (this.move(entry, base - entry.base)) {
        this.stats.reused++;
        return { key, window, own, entry };
      }
    }
    for (const entry of bucket) {
      if (entry.used || !windowMatches(entry, window, base, text)) continue;
      const changed = inertDifferences(entry.result, entry.base, invocation, base);
      if (!changed || !this.move(entry, base - entry.base)) continue;
      const words = entry.result.invocation.args;
      for (const i of changed) patchText(words[i], invocation.args[i]);
      this.stats.patched++;
      return { key, window, own, entry };
    }
    return { key, window, own };
  }

  /** The reused result, or the fresh one, recorded for the next version. */
  private store(
    found: Lookup,
    text: string,
    fresh: () => InvocationResult,
  ): { result: InvocationResult; entry: Entry } {
    const { key, window } = found;
    if (found.entry) {
      const e = found.entry;
      const entry = movedEntry(e, e.result.invocation.span.start);
      this.add(key, entry);
      return { result: e.result, entry };
    }
    const result = fresh();
    this.stats.fresh++;
    const base = result.invocation.span.start;
    const entry: Entry = {
      key,
      base,
      result,
      windowStart: window.start - base,
      windowText: detach(text.slice(window.start, window.end)),
      atStart: window.start === 0,
      atEnd: window.end === text.length,
    };
    if (found.own) {
      this.add(key, entry);
      return { result, entry };
    }
    entry.spans = collectSpans(result);
    entry.movable = true;
    for (const s of entry.spans) {
      if (s.start < window.start || s.end > window.end) entry.movable = false;
      // Two results holding one span object (a word of an array two commands use, a constant):
      // moving it for one would move it for the other, so neither moves.
      const other = this.claims.get(s);
      if (other === undefined) this.claims.set(s, entry);
      else if (other !== entry) other.movable = entry.movable = false;
    }
    this.add(key, entry);
    return { result, entry };
  }

  private add(key: number, entry: Entry): void {
    const bucket = this.next.get(key);
    if (bucket) bucket.push(entry);
    else this.next.set(key, [entry]);
  }
}

/** What lookup found, for store(). */
interface Lookup {
  key: number;
  window: TextWindow;
  /** Every span of the invocation's words lies inside the command. */
  own: boolean;
  entry?: Entry;
}

/**
 * An entry's spans and whether all lie inside its window, collected when it first moves. Spans
 * made for one command (its words, what the layers built from them) belong to its result alone;
 * a constant would lie outside the window (only an entry whose window starts at 0 could hold
 * one inside, and nothing before offset 0 can move it), so the entry is not movable.
 */
function collect(e: Entry): void {
  const layers = e.result.madeLayers();
  const spans = collectSpans(layers ? [e.result, layers] : e.result);
  const start = e.base + e.windowStart;
  const end = start + e.windowText.length;
  // Once not movable (a span outside the window, or one another result holds), never again.
  let movable = e.movable !== false;
  for (const s of spans) if (s.start < start || s.end > end) movable = false;
  e.spans = spans;
  e.movable = movable;
  e.spansLayers = layers;
}

/**
 * The next version's entry for one taken from this version, its result now at `base`: written
 * out rather than spread (which V8 copies through its generic path), one per command per edit.
 */
function movedEntry(e: Entry, base: number): Entry {
  const moved: Complete<Entry> = {
    key: e.key,
    base,
    result: e.result,
    spans: e.spans,
    movable: e.movable,
    spansLayers: e.spansLayers,
    windowStart: e.windowStart,
    windowText: e.windowText,
    atStart: e.atStart,
    atEnd: e.atEnd,
    used: false,
  };
  return moved;
}

/** The entry was analysed with the same text around it (relative to its base) as `window` holds now. */
function windowMatches(e: Entry, window: TextWindow, base: number, text: string): boolean {
  return (
    e.windowStart === window.start - base &&
    e.atStart === (window.start === 0) &&
    e.atEnd === (window.end === text.length) &&
    e.windowText.length === window.end - window.start &&
    // `===` on a substring compares natively without copying; startsWith at an offset went
    // character by character, 1.6 against 0.05 ms for the 359 windows of the 10,000-line script.
    text.slice(window.start, window.end) === e.windowText
  );
}

export interface TextWindow {
  start: number;
  end: number;
}

/** The fields sameInvocation() compares; test/unit/perf-invariants checks real output has no others. */
export const COMPARED_FIELDS = {
  invocation: ['program', 'args', 'span'],
  word: ['text', 'span', 'segments', 'unknown'],
  segment: ['from', 'to', 'src', 'verbatim', 'unknown'],
  unknown: ['reason', 'span'],
} as const;

/** FNV-1a step over a 32-bit value. */
function mix(h: number, x: number): number {
  return Math.imul(h ^ (x | 0), 16777619);
}

function mixText(h: number, s: string): number {
  h = mix(h, s.length);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h;
}

/**
 * A hash of the invocation with every span relative to `base` (only to find candidates; a hit is
 * confirmed by sameInvocation or inertDifferences), plus the extent of all its spans. The text
 * of a word after an inert option's name is left out, so such commands share a bucket. Words from arrays assigned
 * elsewhere keep spans far from the command: an edit between them changes their relative
 * offsets, so the command no longer matches and is analysed again.
 */
function hashInvocation(invocation: Invocation, base: number): { key: number; min: number; max: number } {
  let min = base;
  let max = invocation.span.end;
  let h = mix(0x811c9dc5, invocation.span.end - base);
  h = mix(h, invocation.args.length);
  for (let i = -1; i < invocation.args.length; i++) {
    const w = i < 0 ? invocation.program : invocation.args[i];
    const sp = w.span;
    if (sp.start < min) min = sp.start;
    if (sp.end > max) max = sp.end;
    // The argument of -drive, -name, ...: its text may differ in a result the cache re-uses.
    const mayBeInert = i > 0 && isInertOptionWord(invocation.args[i - 1].text);
    h = mix(mix(mayBeInert ? h : mixText(h, w.text), sp.start - base), sp.end - base);
    if (w.unknown) {
      const u = w.unknown.span;
      if (u.start < min) min = u.start;
      if (u.end > max) max = u.end;
    }
    const segs = w.segments;
    h = mix(h, segs.length);
    for (let k = 0; k < segs.length; k++) {
      const src = segs[k].src;
      if (src.start < min) min = src.start;
      if (src.end > max) max = src.end;
      h = mix(h, src.start - base);
    }
  }
  return { key: h >>> 0, min, max };
}

function sameSpan(a: Span, aBase: number, b: Span, bBase: number): boolean {
  return a.start - aBase === b.start - bBase && a.end - aBase === b.end - bBase;
}

function sameWord(a: Word, aBase: number, b: Word, bBase: number): boolean {
  if (a.text !== b.text || !sameSpan(a.span, aBase, b.span, bBase)) return false;
  if (a.unknown || b.unknown) {
    if (
      !a.unknown ||
      !b.unknown ||
      a.unknown.reason !== b.unknown.reason ||
      !sameSpan(a.unknown.span, aBase, b.unknown.span, bBase)
    )
      return false;
  }
  if (a.segments.length !== b.segments.length) return false;
  for (let i = 0; i < a.segments.length; i++) {
    const x = a.segments[i];
    const y = b.segments[i];
    if (
      x.from !== y.from ||
      x.to !== y.to ||
      x.verbatim !== y.verbatim ||
      x.unknown !== y.unknown ||
      !sameSpan(x.src, aBase, y.src, bBase)
    )
      return false;
  }
  return true;
}

/** Equal as analysis input: same words, every span at the same place relative to the base. */
function sameInvocation(a: Invocation, aBase: number, b: Invocation, bBase: number): boolean {
  if (a.args.length !== b.args.length || !sameSpan(a.span, aBase, b.span, bBase)) return false;
  if (!sameWord(a.program, aBase, b.program, bBase)) return false;
  for (let i = 0; i < a.args.length; i++) if (!sameWord(a.args[i], aBase, b.args[i], bBase)) return false;
  return true;
}

/**
 * The argument indices where `b` differs from the analysed `a` only in text (and so in where the
 * segments' text falls), each an inert argument of a's parsed options; undefined when anything
 * else differs or nothing does. Every span, segment source and unresolved part must match.
 */
function inertDifferences(a: InvocationResult, aBase: number, b: Invocation, bBase: number): number[] | undefined {
  const x = a.invocation;
  if (x.args.length !== b.args.length || !sameSpan(x.span, aBase, b.span, bBase)) return undefined;
  if (!sameWord(x.program, aBase, b.program, bBase)) return undefined;
  let changed: number[] | undefined;
  let inert: ReadonlySet<Word> | undefined;
  for (let i = 0; i < x.args.length; i++) {
    const v = x.args[i];
    const w = b.args[i];
    if (sameWord(v, aBase, w, bBase)) continue;
    inert ??= a.inertWords();
    if (!inert.has(v) || w.unknown || !sameShape(v, aBase, w, bBase)) return undefined;
    (changed ??= []).push(i);
  }
  return changed;
}

/** The same word but for its text: spans, segment sources, verbatim and unresolved flags. */
function sameShape(a: Word, aBase: number, b: Word, bBase: number): boolean {
  if (!sameSpan(a.span, aBase, b.span, bBase) || !!a.unknown !== !!b.unknown) return false;
  if (a.segments.length !== b.segments.length) return false;
  for (let i = 0; i < a.segments.length; i++) {
    const x = a.segments[i];
    const y = b.segments[i];
    if (x.verbatim !== y.verbatim || x.unknown !== y.unknown || !sameSpan(x.src, aBase, y.src, bBase)) return false;
  }
  return true;
}

/**
 * The result's words to patch with the memo words at `changed` (indices among the command's
 * words, the program at `program`), if each is an inert argument; else undefined.
 */
function patchable(result: InvocationResult, program: number, changed: number[]): [Word, number][] | undefined {
  const inert = result.inertWords();
  const out: [Word, number][] = [];
  for (const i of changed) {
    const word = i > program ? result.invocation.args[i - program - 1] : undefined;
    if (!word || !inert.has(word)) return undefined;
    out.push([word, i]);
  }
  return out;
}

/** Gives the cached word the new word's text (its spans are the cached ones, moved with the result). */
function patchText(cached: Word, now: Word): void {
  cached.text = now.text;
  for (let i = 0; i < cached.segments.length; i++) {
    cached.segments[i].from = now.segments[i].from;
    cached.segments[i].to = now.segments[i].to;
  }
}

/**
 * What the checks may read of the document besides the invocation (checks/edits.ts: a new
 * option's line copies the indentation of its neighbours and looks for the `\` before the line):
 * from 3 characters before the line of the first span to the end of the line after the last.
 */
function textWindow(text: string, min: number, max: number): TextWindow {
  const lineStart = text.lastIndexOf('\n', min - 1) + 1;
  const start = Math.max(0, lineStart - 3);
  const lineEnd = text.indexOf('\n', max);
  const nextEnd = lineEnd === -1 ? -1 : text.indexOf('\n', lineEnd + 1);
  const end = nextEnd === -1 ? text.length : nextEnd + 1;
  return { start, end };
}

/**
 * Every distinct Span (an object with numeric start and end) reachable from the result, once
 * each. JSON values written by the user (Prop.json) are data, not spans, whatever their keys.
 */
export function collectSpans(root: unknown): Span[] {
  const spans: Span[] = [];
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === 'object') stack.push(x);
    } else if (v instanceof Map) {
      for (const [k, x] of v) {
        if (k !== null && typeof k === 'object') stack.push(k);
        if (x !== null && typeof x === 'object') stack.push(x);
      }
    } else if (v instanceof Set) {
      for (const x of v) if (x !== null && typeof x === 'object') stack.push(x);
    } else {
      const o = v as Record<string, unknown>;
      if (typeof o.start === 'number' && typeof o.end === 'number') spans.push(o as unknown as Span);
      for (const k in o) {
        const x = o[k];
        if (k !== 'json' && x !== null && typeof x === 'object') stack.push(x);
      }
    }
  }
  return spans;
}
