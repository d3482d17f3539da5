// What the script has assigned so far, read in document order. The rule (docs/shell.md): a use sees
// the last assignment textually before it. Values are stored already expanded, so a reference
// never re-expands anything: cycles (A=$B; B=$A) and self-references (X="$X,foo") cost nothing,
// and the total text produced by substitution is capped.
import type { Span, Word } from '../types';
import { newProvenance, sourceOf, type Provenance, type Read, type Source, type TemplatePart } from './provenance';

export interface ScalarValue {
  kind: 'scalar';
  text: string;
  /** Why the value cannot be known (assigned from $(...), read, a loop variable ...). */
  unknown?: string;
}

export interface ArrayValue {
  kind: 'array';
  /** Indexed arrays: index → element; each element keeps its source in the array literal. */
  elements: Map<number, Word>;
  /** declare -A: keys in hash order, which we cannot predict. */
  associative: boolean;
  unknown?: string;
  /** Highest index set, cached (appending in a loop must not rescan the array). */
  max?: number;
}

/** Explicitly unset (unset X, local X): expands to nothing, unlike a never-assigned variable. */
export interface UnsetValue {
  kind: 'unset';
}

export type Value = ScalarValue | ArrayValue | UnsetValue;

/** Largest value one assignment may produce; beyond it the value is unknown. */
export const MAX_VALUE_CHARS = 1 << 20;
/** Text all substitutions of one document may produce together; beyond it, unknown. */
export const MAX_TOTAL_CHARS = 8 << 20;
/** Nesting of ${a:-${b:-...}} we follow. */
export const MAX_DEPTH = 64;

interface Frame {
  /** A subshell ( ... ) or $( ... ): every change inside is undone at its end. A function: only `local` ones. */
  subshell: boolean;
  saved: Map<string, Value | undefined>;
}

function snapshot(v: Value | undefined): Value | undefined {
  // Arrays are appended to in place; the saved binding must not see that.
  return v?.kind === 'array' ? { ...v, elements: new Map(v.elements) } : v;
}

/** What one command's expansion did with the environment (see commandMemo.ts). */
export interface Recording {
  /** Names looked up. */
  reads: Set<string>;
  /** Something was assigned (${X:=...}): the expansion cannot be replayed. */
  wrote: boolean;
  /** A spend was refused: the result depends on the budget left. */
  failed: boolean;
  /** Budget when recording started, and the lowest it went. */
  start: number;
  lowWater: number;
}

/**
 * What reading one top-level statement did with the environment (statementMemo.ts): which
 * variables it read from before it (and their values then), which it changed, and what it spent.
 */
export interface StatementTrace extends Provenance {
  /** Variables read before the statement changed them, with their value then (describeValue). */
  reads: Map<string, string>;
  /** Variables whose value the statement changed (set, appended, restored at a scope's end). */
  touched: Set<string>;
  /** A spend was refused: what it made depends on the budget left. */
  failed: boolean;
  /** Budget when the statement started, and the lowest it went (or would have gone). */
  start: number;
  lowWater: number;
}

export class Env {
  private readonly vars = new Map<string, Value>();
  /** Set while a command's expansion is recorded for reuse. */
  recording: Recording | undefined;
  /** Set while a top-level statement is read for reuse. */
  private trace: StatementTrace | undefined;
  /** Function bodies and subshells being read, innermost last. */
  private readonly frames: Frame[] = [];
  private functions = 0;
  private budget = MAX_TOTAL_CHARS;

  get(name: string): Value | undefined {
    if (this.recording) this.recording.reads.add(name);
    const v = this.vars.get(name);
    const t = this.trace;
    if (t) {
      this.noteRead(name);
      // Where the value came from: a read outside a window (provenance.ts) is opaque.
      const src = sourceOf(t, name, v);
      if (t.window) t.window.push({ name, src });
      else if (src !== '') t.opaque.add(src);
    }
    return v;
  }

  /** A dependency of the statement being traced (also for reads a replayed command made before). */
  noteRead(name: string): void {
    const t = this.trace;
    if (t && !t.touched.has(name) && !t.reads.has(name)) {
      const v = this.vars.get(name);
      t.reads.set(name, describeValue(v));
      if (v !== undefined) t.inputs.set(v, name);
    }
  }

  /** Where the value `name` holds now came from, in the statement being traced ('' outside one). */
  source(name: string): Source {
    return this.trace ? sourceOf(this.trace, name, this.vars.get(name)) : '';
  }

  /** Collects the reads until closeWindow() instead of counting them opaque (provenance.ts). */
  openWindow(): void {
    const t = this.trace;
    if (!t) return;
    if (t.window) t.unsure = true; // (windows never nest; if one did, its reads would be lost)
    t.window = [];
  }

  /** The reads since openWindow(), not counted yet: the caller says whether they were opaque. */
  closeWindow(): Read[] {
    const t = this.trace;
    if (!t) return [];
    const w = t.window ?? [];
    t.window = undefined;
    return w;
  }

  /** Counts reads a window collected as opaque after all. */
  markOpaque(reads: Read[]): void {
    const t = this.trace;
    if (t) for (const r of reads) if (r.src !== '') t.opaque.add(r.src);
  }

  /** The statement being traced made `v` by a template (provenance.ts): a later value may be derived again. */
  derive(v: Value, parts: TemplatePart[], text: string): void {
    const t = this.trace;
    if (!t) return;
    t.derived.set(v, t.templates.length);
    t.templates.push({ parts, text });
  }

  /** A lookup that is not a dependency (the memo reading what a recording depended on). */
  peek(name: string): Value | undefined {
    return this.vars.get(name);
  }

  set(name: string, value: Value): void {
    if (this.recording) this.recording.wrote = true;
    this.beforeChange(name);
    this.vars.set(name, value);
  }

  /** Call before changing a variable's value in place (array appends). */
  beforeChange(name: string): void {
    if (this.recording) this.recording.wrote = true;
    if (this.trace) {
      // What the statement leaves may depend on the value before (appends, a scope's restore).
      this.noteRead(name);
      this.trace.touched.add(name);
    }
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if (!f.subshell) continue;
      if (!f.saved.has(name)) f.saved.set(name, snapshot(this.vars.get(name)));
      return;
    }
  }

  /** `local X` / `declare X` inside a function: the old binding comes back when the body ends. */
  declareLocal(name: string): void {
    if (this.trace) this.noteRead(name); // restored when the body ends
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if (f.subshell) continue;
      if (!f.saved.has(name)) f.saved.set(name, snapshot(this.vars.get(name)));
      return;
    }
  }

  get inFunction(): boolean {
    return this.functions > 0;
  }

  enterFunction(): void {
    this.functions++;
    this.frames.push({ subshell: false, saved: new Map() });
  }

  enterSubshell(): void {
    this.frames.push({ subshell: true, saved: new Map() });
  }

  /** Ends the innermost function body or subshell, restoring what it saved. */
  leave(): void {
    const frame = this.frames.pop();
    if (!frame) return;
    if (!frame.subshell) this.functions--;
    for (const [name, old] of frame.saved) {
      this.trace?.touched.add(name);
      if (old === undefined) this.vars.delete(name);
      else this.vars.set(name, old);
    }
  }

  /** Pays for `chars` characters of substituted text; false once the document's budget is spent. */
  spend(chars: number): boolean {
    if (chars > this.budget) {
      this.budget = 0;
      if (this.recording) this.recording.failed = true;
      if (this.trace) this.trace.failed = true;
      return false;
    }
    this.budget -= chars;
    if (this.recording && this.budget < this.recording.lowWater) this.recording.lowWater = this.budget;
    if (this.trace && this.budget < this.trace.lowWater) this.trace.lowWater = this.budget;
    return true;
  }

  /** Budget left for substitutions. */
  get remaining(): number {
    return this.budget;
  }

  /**
   * Replays what a recorded expansion spent in all; on its way it went `drawdown` below the budget
   * it started from (the caller checked both can be paid).
   */
  charge(chars: number, drawdown = chars): void {
    const t = this.trace;
    if (t && this.budget - drawdown < t.lowWater) t.lowWater = this.budget - drawdown;
    this.budget -= chars;
  }

  /** Starts tracing a top-level statement: scopes must be balanced (none open) around it. */
  startTrace(): void {
    this.trace = {
      reads: new Map(),
      touched: new Set(),
      failed: false,
      start: this.budget,
      lowWater: this.budget,
      ...newProvenance(),
    };
  }

  /** Ends the trace; undefined when a scope was left open (the statement cannot be replayed alone). */
  stopTrace(): StatementTrace | undefined {
    const t = this.trace;
    this.trace = undefined;
    return this.frames.length === 0 ? t : undefined;
  }

  /** Whether no function body or subshell is open (the top level of the script). */
  get atTopLevel(): boolean {
    return this.frames.length === 0;
  }

  /** Puts back a value a replayed statement left (undefined: never assigned). */
  restore(name: string, value: Value | undefined): void {
    if (value === undefined) this.vars.delete(name);
    else this.vars.set(name, value);
  }

  startRecording(): void {
    this.recording = { reads: new Set(), wrote: false, failed: false, start: this.budget, lowWater: this.budget };
  }

  stopRecording(): Recording {
    const r = this.recording as Recording;
    this.recording = undefined;
    return r;
  }

  /** Gives back what a spend() that was only a check took (the parts pay again one by one). */
  refund(chars: number): void {
    this.budget += chars;
  }
}

/**
 * A value as text, spans absolute: array elements keep the spans of where they were assigned,
 * which end up in the words, so an element moved by an edit is a different value.
 */
export function describeValue(v: Value | undefined): string {
  if (v === undefined) return 'never';
  if (v.kind === 'unset') return 'unset';
  if (v.kind === 'scalar') return v.unknown === undefined ? `s${v.text}` : `u${v.unknown}\u0000${v.text}`;
  let out = `a${v.associative ? 'A' : ''}${v.unknown === undefined ? '' : `u${v.unknown}`}\u0000`;
  for (const [k, w] of v.elements) out += `${k}=${JSON.stringify(w)}\u0000`;
  return out;
}

/**
 * Whether `was` is describeValue(v), without building the description for the common case, a
 * known scalar (asked for every variable every replayed statement read, at every keystroke).
 */
export function isDescribedAs(v: Value | undefined, was: string): boolean {
  if (v?.kind === 'scalar' && v.unknown === undefined)
    return was.length === v.text.length + 1 && was.charCodeAt(0) === 0x73 /* s */ && was.endsWith(v.text);
  return describeValue(v) === was;
}

export function unknownScalar(reason: string): ScalarValue {
  return { kind: 'scalar', text: '', unknown: reason };
}

/** Highest index set, or -1 for an empty array. */
export function maxIndex(a: ArrayValue): number {
  if (a.max === undefined) {
    let max = -1;
    for (const k of a.elements.keys()) if (k > max) max = k;
    a.max = max;
  }
  return a.max;
}

export function setElement(a: ArrayValue, index: number, w: Word): void {
  a.elements.set(index, w);
  a.max = Math.max(maxIndex(a), index);
}

/** Elements of an indexed array in index order. */
export function orderedElements(a: ArrayValue): Word[] {
  const keys = [...a.elements.keys()].sort((x, y) => x - y);
  return keys.map((k) => a.elements.get(k) as Word);
}

export type { Span };
