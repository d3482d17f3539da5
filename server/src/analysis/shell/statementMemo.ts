// Reuse of the previous version's reading of each top-level statement. The shell walk reads a
// script in document order, so one keystroke would otherwise cost a walk of every statement of a
// 10,000-line script. A top-level statement (a function definition, an assignment, a case …) is
// a function of its text and of the variables it reads from the statements before it; its
// reading is recorded (the variables it read and their values, the ones it changed and their
// values after it, the QEMU commands it found, the diagnostics it made, the budgets it spent), so
// a later version with the same text, reading the same values, is replayed from the record: the
// variables put back, the commands' memo entries carried over with their spans moved — no
// tree-sitter node of it is visited. Exact by construction; bounded to one version's records.
import type { Diagnostic, Span, Word } from '../types';
import type { MemoEntry } from './commandMemo';
import { copyWord } from './wordCopy';
import { isDescribedAs, type Env, type StatementTrace, type Value } from './env';
import { detach } from '../detach';
import { sourceOf, type Source, type Template } from './provenance';
import { substituted } from './statementSubstitute';

/** A QEMU command (or a command that might have been one) the statement found. */
export interface RecordedCommand {
  /** The command memo's key for it (commandMemo.ts). */
  key: string;
  entry: MemoEntry;
  /** Where the command starts, relative to the statement. */
  rel: number;
  /** Where the value of each variable it read (entry.deps) came from (provenance.ts). */
  sources: Source[];
}

/** What a replay with new input values needs (provenance.ts, statementSubstitute.ts). */
export interface StatementProvenance {
  templates: Template[];
  opaque: Set<Source>;
  /** Where each written value (writes) came from. */
  writeSources: Source[];
}

export interface StatementRecord {
  /** The statement's text (the memo finds it by fingerprint, then compares this). */
  text: string;
  /** Where the statement started in the version it was read in. */
  start: number;
  end: number;
  /** Variables read from before the statement, with their value then (describeValue). */
  reads: [string, string][];
  /** Every variable the statement changed, with its value after it (undefined: unassigned). */
  writes: [string, Value | undefined][];
  /** A written value holds spans (array elements): it is valid only where it was read. */
  pinned: boolean;
  commands: RecordedCommand[];
  /** The unresolved-word diagnostics it made, also those an earlier one had made already. */
  reports: Diagnostic[];
  /** Substitution budget spent, and the most it was down at any point. */
  spent: number;
  drawdown: number;
  /** For loops' unrolling budget spent (never refused inside). */
  unrolled: number;
  provenance?: StatementProvenance;
  /**
   * Set on a record take() made by substituting new values: for each command, the entry it was
   * made from and the words that changed (for the analysis cache), or undefined when unchanged.
   */
  substituted?: ({ from: MemoEntry; entry: MemoEntry; changed: number[] } | undefined)[];
}

/** What the walk found while reading one statement, to record. */
export interface StatementReading {
  commands: RecordedCommand[];
  reports: Diagnostic[];
  unrolled: number;
  /** Something inside cannot be replayed (a parse error, an expansion not memoised, a refused budget). */
  spoiled: boolean;
}

export class StatementMemo {
  /** By fingerprint of the text (fingerprint()); a hit is confirmed by comparing the whole text. */
  private records = new Map<string, StatementRecord[]>();
  private next = new Map<string, StatementRecord[]>();
  /** What the walk under way (or the last one) did with each top-level statement (tests count these). */
  stats = { replayed: 0, substituted: 0, read: 0 };

  begin(): void {
    this.next = new Map();
    this.stats = { replayed: 0, substituted: 0, read: 0 };
  }

  end(): void {
    this.records = this.next;
    this.next = new Map();
  }

  /**
   * The record of a statement with this text that holds where it is now: every variable it read
   * has the value it had then, and the budgets it spent can be paid. Taken (one use per version).
   */
  take(key: string, start: number, env: Env, unrollBudget: number, text: string): StatementRecord | undefined {
    const bucket = this.records.get(fingerprint(key));
    if (!bucket) return undefined;
    for (let i = 0; i < bucket.length; i++) {
      const r = bucket[i];
      if (r.text !== key || (r.pinned && r.start !== start)) continue;
      if (env.remaining < r.drawdown || unrollBudget < r.unrolled) continue;
      if (!r.reads.every(([name, was]) => isDescribedAs(env.peek(name), was))) continue;
      bucket.splice(i, 1);
      this.stats.replayed++;
      return r;
    }
    // None read the same values: one that only read other plain values, put in where they went.
    for (let i = 0; i < bucket.length; i++) {
      const r = bucket[i];
      if (r.text !== key || !r.provenance || r.pinned || unrollBudget < r.unrolled) continue;
      const s = substituted(r, env, text, start);
      if (!s) continue;
      bucket.splice(i, 1);
      this.stats.substituted++;
      return s;
    }
    return undefined;
  }

  /** Keeps a replayed statement's record (taken, so no longer shared) for the next version, moved to where it is now. */
  keep(key: string, r: StatementRecord, start: number, reports: Diagnostic[]): void {
    r.substituted = undefined;
    r.text = key;
    r.end = start + (r.end - r.start);
    r.start = start;
    r.reports = reports;
    this.add(key, r);
  }

  /** Records a statement just read; nothing when something in it cannot be replayed. */
  record(
    key: string,
    start: number,
    end: number,
    trace: StatementTrace | undefined,
    reading: StatementReading,
    env: Env,
  ): void {
    this.stats.read++;
    if (!trace || trace.failed || reading.spoiled) return;
    const writes: [string, Value | undefined][] = [];
    // A command's word taken from an array the statement itself built (a local array): moved
    // with the statement, but the command memo would keep it where it was.
    let pinned = reading.commands.some((c) => !c.entry.inside && reachesIntoStatement(c, start, end));
    for (const name of trace.touched) {
      const v = own(env.peek(name));
      if (v?.kind === 'array') pinned = true;
      writes.push([name, v]);
    }
    const reads: [string, string][] = [];
    for (const [name, was] of trace.reads) reads.push([name, detach(was)]);
    // Where the written values came from, read before own() copies them.
    const writeSources: Source[] = [];
    for (const name of trace.touched) writeSources.push(sourceOf(trace, name, env.peek(name)));
    this.add(key, {
      text: key,
      start,
      end,
      reads,
      writes,
      pinned,
      commands: reading.commands,
      reports: reading.reports,
      spent: trace.start - env.remaining,
      drawdown: trace.start - trace.lowWater,
      unrolled: reading.unrolled,
      provenance: trace.unsure
        ? undefined
        : {
            templates: trace.templates.map((t) => ({
              parts: t.parts.map((p) => (typeof p === 'string' ? detach(p) : p)),
              text: detach(t.text),
            })),
            opaque: trace.opaque,
            writeSources,
          },
    });
  }

  private add(key: string, r: StatementRecord): void {
    const print = fingerprint(key);
    const bucket = this.next.get(print);
    if (bucket) bucket.push(r);
    else this.next.set(print, [r]);
  }
}

/** Characters of a statement's text at each end that its fingerprint holds. */
const PRINT_ENDS = 64;

/**
 * A short stand-in for a statement's text as a map key: its length and both ends. A key is
 * hashed whole, and each version's texts are new strings, so keying by the text itself hashed
 * the whole script at every keystroke (~1 ms on 10,000 lines); statements that share a
 * fingerprint share a bucket, where the whole texts are compared (natively, without copying).
 */
function fingerprint(text: string): string {
  if (text.length <= 2 * PRINT_ENDS) return text;
  return `${text.length}\u0000${text.slice(0, PRINT_ENDS)}${text.slice(-PRINT_ENDS)}`;
}

/** A word of the command has a span in the statement but outside the command itself. */
function reachesIntoStatement(c: RecordedCommand, start: number, end: number): boolean {
  const e = c.entry;
  const offset = start + c.rel - e.start; // entry coordinates → this version's
  const inStatementOnly = (s: Span) => {
    const a = s.start + offset;
    const b = s.end + offset;
    return a >= start && b <= end && (a < start + c.rel || b > start + c.rel + (e.end - e.start));
  };
  return e.words.some(
    (w) =>
      inStatementOnly(w.span) ||
      (w.unknown !== undefined && inStatementOnly(w.unknown.span)) ||
      w.segments.some((g) => inStatementOnly(g.src)),
  );
}

/**
 * A value the record may keep across versions: arrays copied (later statements append to the
 * live one in place), texts detached from the document they were cut from (detach.ts).
 */
export function own(v: Value | undefined): Value | undefined {
  if (v === undefined || v.kind === 'unset') return v;
  if (v.kind === 'scalar') {
    const out: Value = { kind: 'scalar', text: detach(v.text) };
    if (v.unknown !== undefined) out.unknown = detach(v.unknown);
    return out;
  }
  const elements = new Map<number, Word>();
  for (const [k, w] of v.elements) {
    const c = copyWord(w, 0, 0, 0);
    c.text = detach(c.text);
    if (c.unknown) c.unknown.reason = detach(c.unknown.reason);
    elements.set(k, c);
  }
  const out: Value = { kind: 'array', elements, associative: v.associative };
  if (v.unknown !== undefined) out.unknown = detach(v.unknown);
  if (v.max !== undefined) out.max = v.max;
  return out;
}
