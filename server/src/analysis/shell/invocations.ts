// Finds the QEMU commands of a script. The nodes that matter (commands, assignments, scopes,
// loops) are read in document order, assignments applied as they come, so a use sees the last
// assignment textually before it; only commands that may run QEMU are expanded. Linear in the
// size of the script, apart from for loops unrolled within a fixed budget.
import type { Node, Tree } from 'web-tree-sitter';
import type { Diagnostic, Invocation, Span, Word } from '../types';
import { Env } from './env';
import { detach } from '../detach';
import { Expander } from './expand';
import { children, groupAdjacent } from './nodes';
import {
  ASSIGNING_BUILTINS,
  applyArithmetic,
  applyAssigningBuiltin,
  applyAssignment,
  applyDeclaration,
  applyUnset,
  markUnknown,
} from './assignments';
import { findProgram, mayRunQemu } from './prefixes';
import { replayedWord, replayedWords, type CommandMemo, type MemoEntry, type Replay } from './commandMemo';
import { own, type StatementReading, type StatementRecord } from './statementMemo';
import { copySpan } from './wordCopy';
import type { Source } from './provenance';

export { CommandMemo } from './commandMemo';

export const UNRESOLVED_CODE = 'QL-shell-001';

/** Events one document may read again when unrolling for loops (nested loops multiply). */
const MAX_UNROLLED_EVENTS = 5_000;
/**
 * Statements read afresh in one walk before the events of the whole tree are collected at once
 * (one call instead of one per statement: the call's own setup costs about what a small
 * statement's events do, so an edit every statement depends on must not pay it per statement).
 */
export const walkTuning = { eventsPerStatementUpTo: 16 }; // (tests set it to 0 and Infinity: both must agree)
/** Values one for loop may run over and still be unrolled. */
const MAX_LOOP_VALUES = 1024;

/**
 * The nodes that change variables or may run QEMU. tree-sitter collects them in one call, in
 * document order (parents before children); walking the tree from JS instead would build a JS
 * object per node and spend most of its time marshalling and collecting garbage.
 */
const EVENT_TYPES = [
  'command',
  'variable_assignment',
  'declaration_command',
  'unset_command',
  'for_statement',
  'select_statement',
  'c_style_for_statement',
  'arithmetic_expansion',
  'compound_statement',
  'function_definition',
  'heredoc_body',
  'command_name',
  'subshell',
  'command_substitution',
  'process_substitution',
  'redirected_statement',
  'while_statement',
  'until_statement',
];

/** A node whose range decides how the assignments inside it are read. */
interface Container {
  kind: 'function' | 'subshell' | 'command' | 'declaration' | 'loop' | 'redirected';
  end: number;
  node: Node;
  /** Assignments directly inside that start before this offset are not statements of their own. */
  assignmentsFrom: number;
}

/** Where range() is in its events: what is open around the current one, and what it skips. */
interface RangeState {
  /** Open nodes that contain the current one, innermost last; ended ones are popped lazily. */
  open: Container[];
  /** Events before this offset are inside a heredoc: text, not commands. */
  skipUntil: number;
  /** Loops open around the current event. */
  loops: number;
  /** Next ${X:=...} of `defaults` to apply. */
  d: number;
  /** End of the range (exclusive event index). */
  to: number;
}

/**
 * Where each `${NAME=` or `${NAME:=` (a default assignment, /\$\{[A-Za-z_][A-Za-z0-9_]*:?=/g)
 * starts in `text`, and its length. A scan from `${` to `${` rather than that pattern: it runs
 * over the whole script at every keystroke, and the pattern stops at every `$` (~0.2 against
 * 0.02 ms on the 10,000-line script).
 */
export function defaultAssignmentsIn(text: string): [start: number, length: number][] {
  const out: [number, number][] = [];
  for (let i = text.indexOf('${'); i !== -1; i = text.indexOf('${', i + 2)) {
    let j = i + 2;
    let c = text.charCodeAt(j);
    if (!isNameStart(c)) continue;
    do c = text.charCodeAt(++j);
    while (isNameStart(c) || (c >= 0x30 && c <= 0x39));
    if (c === 0x3a /* : */) c = text.charCodeAt(++j);
    if (c === 0x3d /* = */) out.push([i, j + 1 - i]);
  }
  return out;
}

function isNameStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

export interface ShellResult {
  invocations: Invocation[];
  diagnostics: Diagnostic[];
}

/**
 * One QEMU command found, for the analysis cache: either expanded now (`invocation`) or the
 * previous version's expansion moved (`replay`; see invocationOf). `memo` is the memo entry
 * that describes it, when there is one.
 */
export interface ShellItem {
  invocation?: Invocation;
  replay?: Replay;
  memo?: MemoEntry;
  span: Span;
}

export interface IncrementalShellResult {
  items: ShellItem[];
  diagnostics: Diagnostic[];
}

/** The invocation of an item, built from the memo on first use. */
export function invocationOf(item: ShellItem): Invocation {
  if (!item.invocation) {
    const r = item.replay as Replay;
    const words = replayedWords(r);
    const p = r.entry.program;
    item.invocation = { program: words[p], args: words.slice(p + 1), span: item.span };
  }
  return item.invocation;
}

/** findInvocations for analyze() with a memo: commands expanded as before are not copied yet. */
export function findInvocationsIncremental(tree: Tree, text: string, memo: CommandMemo): IncrementalShellResult {
  const walker = new Walker(text, memo);
  memo.begin();
  try {
    walker.run(tree.rootNode);
  } catch {
    // As findInvocations.
  }
  memo.end();
  return { items: walker.items, diagnostics: walker.diagnostics };
}

/** Never throws: a failure inside the walk yields what was found up to there. */
export function findInvocations(tree: Tree, text: string, memo?: CommandMemo): ShellResult {
  const walker = new Walker(text, memo);
  memo?.begin();
  try {
    walker.run(tree.rootNode);
  } catch {
    // A grammar shape we did not expect: keep what was found so far rather than fail the document.
  }
  memo?.end();
  return { invocations: walker.items.map(invocationOf), diagnostics: walker.diagnostics };
}

/** findInvocations without the safety net, so tests see a failure instead of a silent partial result. */
export function findInvocationsStrict(tree: Tree, text: string, memo?: CommandMemo): ShellResult {
  const walker = new Walker(text, memo);
  memo?.begin();
  walker.run(tree.rootNode);
  memo?.end();
  return { invocations: walker.items.map(invocationOf), diagnostics: walker.diagnostics };
}

class Walker {
  readonly items: ShellItem[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private readonly reported = new Set<string>();
  private readonly ex: Expander;

  constructor(
    private readonly text: string,
    private readonly memo?: CommandMemo,
  ) {
    this.ex = new Expander(text, new Env());
  }

  private events: Node[] = [];
  private defaults: Node[] = [];
  /** Loop bodies we may still read once per value (see unroll). */
  private unrollBudget = MAX_UNROLLED_EVENTS;
  /** Where the events being read end: the statement's end (no default after it is applied in it). */
  private scopeEnd = Infinity;
  /** Events before this offset are inside a heredoc (kept across statements). */
  private skipUntil = -1;
  /** What the statement being read found, for its record (statementMemo.ts). */
  private reading: StatementReading | undefined;
  /** Where the statement being read starts (commands are recorded relative to it). */
  private statementStart = 0;

  /**
   * Reads the script one top-level statement at a time, in order. With a memo, a statement whose
   * text and inputs are those of one the previous version read is replayed from its record
   * instead of walked (statementMemo.ts).
   */
  run(root: Node): void {
    this.root = root;
    this.defaults = this.defaultAssignments(root);
    for (const s of children(root)) if (s.type !== 'comment') this.statement(s);
  }

  private root: Node | undefined;
  /** The events of the whole tree, once many statements are read afresh; and how many were. */
  private allEvents: Node[] | undefined;
  private readAfresh = 0;

  /** The events of one top-level statement, in document order (parents first). */
  private eventsOf(s: Node): Node[] {
    // A statement with a parse error may hold zero-width nodes at its edges: asked directly.
    if (s.hasError || !this.root) return eventsIn(s);
    if (!this.allEvents && ++this.readAfresh > walkTuning.eventsPerStatementUpTo) this.allEvents = eventsIn(this.root);
    const all = this.allEvents;
    if (!all) return eventsIn(s);
    const start = s.startIndex;
    const end = s.endIndex;
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (all[mid].startIndex < start) lo = mid + 1;
      else hi = mid;
    }
    let to = lo;
    while (to < all.length && all[to].startIndex < end) to++;
    return all.slice(lo, to);
  }

  private statement(s: Node): void {
    const start = s.startIndex;
    const end = s.endIndex;
    const statements = this.memo?.statements;
    const env = this.ex.env;
    // Inside a heredoc another statement opened, or after a parse error: read, never recorded.
    const alone = statements !== undefined && start >= this.skipUntil && env.atTopLevel && !s.hasError;
    const key = alone ? this.text.slice(start, end) : '';
    const record = alone ? statements.take(key, start, env, this.unrollBudget, this.text) : undefined;
    if (record) return this.replay(record, key, start);
    if (alone) {
      this.reading = { commands: [], reports: [], unrolled: 0, spoiled: false };
      env.startTrace();
    }
    const unrollBefore = this.unrollBudget;
    this.statementStart = start;
    let completed = false;
    try {
      this.events = this.eventsOf(s);
      this.scopeEnd = end;
      this.range(0, this.events.length, start);
      completed = true;
    } finally {
      const reading = this.reading;
      this.reading = undefined;
      const trace = alone ? env.stopTrace() : undefined;
      // A reading cut short by a failure is not the statement's: a fresh walk stops there too.
      if (alone && reading && completed) {
        reading.unrolled = unrollBefore - this.unrollBudget;
        if (this.skipUntil > end) reading.spoiled = true;
        statements.record(key, start, end, trace, reading, env);
      }
    }
  }

  /** A statement read as the previous version read it: its effects and findings, moved to `start`. */
  private replay(r: StatementRecord, key: string, start: number): void {
    const env = this.ex.env;
    // (A scalar is never changed in place: the record's own object serves; an array is copied.)
    for (const [name, value] of r.writes) env.restore(name, value?.kind === 'array' ? own(value) : value);
    env.charge(r.spent, r.drawdown);
    this.unrollBudget -= r.unrolled;
    const memo = this.memo as CommandMemo;
    for (let i = 0; i < r.commands.length; i++) {
      const c = r.commands[i];
      const e = c.entry;
      // Given new values (statementSubstitute.ts): the entry replaces the one it was made from.
      const sub = r.substituted?.[i];
      memo.carry(c.key, e, sub?.from);
      if (e.program < 0) continue;
      const at = start + c.rel;
      const replay: Replay = { entry: e, delta: at - e.start };
      if (sub) {
        replay.from = sub.from;
        replay.changed = sub.changed;
      }
      this.items.push({ replay, memo: e, span: { start: at, end: at + e.endRel } });
    }
    // Unmoved, the recorded diagnostics serve as they are (nothing changes them afterwards).
    const reports =
      start === r.start
        ? r.reports
        : r.reports.map((d) => ({ ...d, span: copySpan(d.span, r.start, r.end, start - r.start) }));
    for (const d of reports) this.emit(d);
    memo.statements.keep(key, r, start, reports);
  }

  /** Reads events[from, to) in order; leaves the environment's scopes balanced. */
  private range(from: number, to: number, scopeStart = 0): void {
    const { events, defaults } = this;
    const r: RangeState = { open: [], skipUntil: this.skipUntil, loops: 0, d: 0, to };
    const lo = from > 0 ? events[from].startIndex : scopeStart;
    while (r.d < defaults.length && defaults[r.d].startIndex < lo) r.d++;
    const rangeEnd = to < events.length ? events[to].startIndex : this.scopeEnd;
    for (let i = from; i <= to; i++) {
      const n = i < to ? events[i] : undefined;
      const start = n ? n.startIndex : rangeEnd;
      this.defaultsBefore(r, start);
      this.closeEnded(r, n === undefined ? Infinity : start);
      if (n && start >= r.skipUntil) i = this.event(r, n, i);
    }
    this.skipUntil = r.skipUntil;
  }

  /** ${X:=...} before `start` (outside heredocs) assigns first. */
  private defaultsBefore(r: RangeState, start: number): void {
    const defaults = this.defaults;
    for (; r.d < defaults.length && defaults[r.d].startIndex < start; r.d++) {
      if (defaults[r.d].startIndex >= r.skipUntil)
        this.ex.parts(defaults[r.d], { quoted: false, operand: false, depth: 0 }, []);
    }
  }

  /** Pops the containers that end at or before `start` (all of them at the end of the range). */
  private closeEnded(r: RangeState, start: number): void {
    const open = r.open;
    while (open.length > 0 && open[open.length - 1].end <= start) {
      const kind = (open.pop() as Container).kind;
      if (kind === 'function' || kind === 'subshell') this.ex.env.leave();
      if (kind === 'loop') r.loops--;
    }
  }

  /** Reads one event; returns the index of the last event it consumed (a whole unrolled loop). */
  private event(r: RangeState, n: Node, i: number): number {
    const env = this.ex.env;
    const open = r.open;
    const start = n.startIndex;
    const inner = open[open.length - 1] as Container | undefined;
    switch (n.type) {
      case 'heredoc_body':
        r.skipUntil = n.endIndex; // a heredoc is text, whatever it looks like
        break;
      case 'function_definition':
        env.enterFunction();
        open.push({ kind: 'function', end: n.endIndex, node: n, assignmentsFrom: start });
        break;
      case 'subshell':
      case 'command_substitution':
      case 'process_substitution':
        // Assignments in there do not outlive it.
        env.enterSubshell();
        open.push({ kind: 'subshell', end: n.endIndex, node: n, assignmentsFrom: start });
        break;
      case 'redirected_statement':
        open.push({ kind: 'redirected', end: n.endIndex, node: n, assignmentsFrom: start });
        break;
      case 'command':
        // Its prefix assignments (before the name) are for the command only.
        open.push({ kind: 'command', end: n.endIndex, node: n, assignmentsFrom: Infinity });
        break;
      case 'command_name':
        this.commandName(r, n);
        break;
      case 'declaration_command':
        applyDeclaration(n, this.ex);
        open.push({ kind: 'declaration', end: n.endIndex, node: n, assignmentsFrom: n.endIndex });
        break;
      case 'c_style_for_statement': {
        applyArithmetic(n, this.ex);
        const body = n.childForFieldName('body');
        r.loops++;
        open.push({ kind: 'loop', end: n.endIndex, node: n, assignmentsFrom: body ? body.startIndex : n.endIndex });
        break;
      }
      case 'variable_assignment':
        if (!inner || start >= inner.assignmentsFrom) {
          applyAssignment(n, this.ex);
          if (r.loops > 0) this.loopAssignment(n);
        }
        break;
      case 'while_statement':
      case 'until_statement':
        r.loops++;
        open.push({ kind: 'loop', end: n.endIndex, node: n, assignmentsFrom: start });
        break;
      case 'unset_command':
        applyUnset(n, this.ex);
        break;
      case 'for_statement':
      case 'select_statement':
        return this.loop(r, n, i);
      case 'arithmetic_expansion':
        applyArithmetic(n, this.ex);
        break;
      case 'compound_statement':
        if (this.text.startsWith('((', start)) applyArithmetic(n, this.ex);
        break;
    }
    return i;
  }

  /**
   * Preorder: a command's name comes after its prefix assignments and before its arguments, so
   * this is where the command is read.
   */
  private commandName(r: RangeState, n: Node): void {
    const open = r.open;
    const inner = open[open.length - 1] as Container | undefined;
    if (inner?.kind !== 'command' || inner.assignmentsFrom !== Infinity) return;
    inner.assignmentsFrom = n.startIndex;
    // `cmd args >log more`: the statement around the command holds redirects (and words).
    const outer = open[open.length - 2];
    const statement =
      outer?.kind === 'redirected' && outer.node.startIndex === inner.node.startIndex ? outer.node : undefined;
    this.command(inner.node, n, statement);
  }

  /** A for/select loop: unrolled when its values are known, else its variable becomes unknown. */
  private loop(r: RangeState, n: Node, i: number): number {
    const next = n.type === 'for_statement' ? this.unroll(n, i, r.to) : undefined;
    if (next !== undefined) {
      while (r.d < this.defaults.length && this.defaults[r.d].startIndex < n.endIndex) r.d++; // read with the body
      return next - 1;
    }
    // A loop we do not unroll: its variable is unknown, and so is what it builds on.
    const v = n.childForFieldName('variable');
    if (v)
      markUnknown(
        this.ex,
        this.text.slice(v.startIndex, v.endIndex),
        `by a ${n.type === 'for_statement' ? 'for' : 'select'} loop`,
      );
    r.loops++;
    r.open.push({ kind: 'loop', end: n.endIndex, node: n, assignmentsFrom: n.startIndex });
    return i;
  }

  /**
   * `for n in 0 1 2 3` / `for n in {0..3}` over values we know, whose body only builds variables
   * (no QEMU command, no break/continue): the body is read once per value, as bash runs it, so
   * `args+=(-numa node,nodeid=$n)` gives every element. Returns the index of the first event
   * after the loop, or undefined to read the loop the cautious way.
   */
  private unroll(loop: Node, at: number, to: number): number | undefined {
    const variable = loop.childForFieldName('variable');
    const body = loop.childForFieldName('body');
    if (!variable || !body) return undefined;
    const bodyText = this.text.slice(body.startIndex, body.endIndex);
    if (/\b(break|continue)\b|qemu/i.test(bodyText)) return undefined;
    const values = this.loopValues(loop.childrenForFieldName('value').filter((v): v is Node => v !== null));
    if (!values || values.length === 0) return undefined;
    let end = at + 1;
    while (end < to && this.events[end].startIndex < loop.endIndex) end++;
    let first = at + 1;
    while (first < end && this.events[first].startIndex < body.startIndex) first++;
    // Nested loops multiply: the document's budget counts every event read again.
    const cost = values.length * (end - first + 1);
    if (cost > this.unrollBudget) {
      if (this.reading) this.reading.spoiled = true; // read differently with more budget left
      return undefined;
    }
    this.unrollBudget -= cost;
    const name = this.text.slice(variable.startIndex, variable.endIndex);
    for (const v of values) {
      this.ex.env.set(name, { kind: 'scalar', text: v });
      this.range(first, end);
    }
    return end;
  }

  /** The words a for loop runs over, if all are known: literal words, known variables, {a..b}. */
  private loopValues(nodes: Node[]): string[] | undefined {
    const out: string[] = [];
    for (const g of groupAdjacent(nodes, this.text)) {
      const range =
        g.length === 1 && g[0].type === 'brace_expression'
          ? /^\{(-?\d{1,6})\.\.(-?\d{1,6})\}$/.exec(this.text.slice(g[0].startIndex, g[0].endIndex))
          : null;
      if (range) {
        const a = Number(range[1]);
        const b = Number(range[2]);
        if (Math.abs(b - a) >= MAX_LOOP_VALUES) return undefined;
        for (let k = a; a <= b ? k <= b : k >= b; k += a <= b ? 1 : -1) out.push(String(k));
        continue;
      }
      for (const w of this.ex.words(g)) {
        if (w.unknown) return undefined;
        out.push(w.text);
      }
      if (out.length > MAX_LOOP_VALUES) return undefined;
    }
    return out;
  }

  /**
   * An assignment in a loop body that builds on the variable's own value (args+=(...),
   * X="$X,more", a[i]=...) runs an unknown number of times: the result is unknown, not the value
   * of one pass.
   */
  private loopAssignment(n: Node): void {
    const src = this.text.slice(n.startIndex, n.endIndex);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[)?/.exec(src);
    if (!m) return;
    const name = m[1];
    const selfReference = new RegExp(`\\$\\{?${name}(?![A-Za-z0-9_])`).test(src.slice(name.length));
    if (!m[2] && !/^[A-Za-z0-9_]*\+=/.test(src) && !selfReference) return;
    markUnknown(this.ex, name, 'in a loop', this.ex.env.get(name)?.kind === 'array');
  }

  /** The ${X:=...} expansion nodes of the script, in document order. */
  private defaultAssignments(root: Node): Node[] {
    const out: Node[] = [];
    for (const [at, length] of defaultAssignmentsIn(this.text)) {
      // The smallest named node covering `${NAME:=` is the expansion itself (no parent walks:
      // finding a parent is a search from the root in tree-sitter).
      const n = root.namedDescendantForIndex(at, at + length);
      if (n && n.type === 'expansion' && n.startIndex === at) out.push(n);
    }
    return out;
  }

  /** A simple command: if it runs QEMU, record the invocation; if it assigns (read, let ...), apply that. */
  private command(node: Node, nameNode: Node, statement: Node | undefined): void {
    const nameText = this.text.slice(nameNode.startIndex, nameNode.endIndex);
    const literalName = /^[A-Za-z0-9_./+-]+$/.test(nameText);
    if (literalName && ASSIGNING_BUILTINS.has(nameText)) {
      const args: string[] = [];
      for (const a of node.childrenForFieldName('argument'))
        if (a) args.push(this.text.slice(a.startIndex, a.endIndex));
      // (read/let/... are short commands: the field lookup is cheap there.)
      applyAssigningBuiltin(nameText, args, this.ex);
      return;
    }
    if (literalName && !mayRunQemu(nameText)) return;

    // The expansion of this command in the previous version, if its text and the variables it
    // read are unchanged (commandMemo.ts): no tree-sitter nodes marshalled, no words rebuilt.
    const start = node.startIndex;
    const regionEnd = statement ? Math.max(node.endIndex, statement.endIndex) : node.endIndex;
    const memo = this.memo;
    const key = memo ? `${statement ? 's' : 'c'}${this.text.slice(start, regionEnd)}` : '';
    // (Never for a command with a parse error: its tree may differ for the same text.)
    const clean = memo !== undefined && !node.hasError;
    const replayed = clean ? memo.replay(this.text, start, regionEnd, key, this.ex.env) : undefined;
    if (replayed) {
      const e = replayed.entry;
      this.found(key, e, start);
      if (e.program < 0) return;
      this.items.push({ replay: replayed, memo: e, span: { start, end: start + e.endRel } });
      for (let i = e.program + 1; i < e.words.length; i++)
        if (e.words[i].unknown) this.report(replayedWord(replayed, e.words[i]));
      return;
    }
    const recording = clean;
    const env = this.ex.env;
    if (recording) env.startRecording();
    // What the expansion reads is transparent to the statement's provenance if the memo keeps
    // the expansion (a replay substitutes into it), opaque otherwise.
    env.openWindow();
    let expanded: { words: Word[]; p: number; end: number } | undefined;
    let entry: MemoEntry | undefined;
    try {
      expanded = this.expand(node, nameNode, statement);
    } finally {
      const rec = recording ? env.stopRecording() : undefined;
      if (rec && expanded)
        entry = memo?.record(key, start, regionEnd, rec, env, expanded.words, expanded.p, expanded.end);
      const reads = env.closeWindow();
      if (!entry) env.markOpaque(reads);
    }
    if (entry) this.found(key, entry, start);
    if (!expanded) return;
    const { words, p, end } = expanded;
    if (p < 0) return;
    // Found without a memo entry: a replay of the statement could not give it back.
    if (!entry && this.reading) this.reading.spoiled = true;
    const invocation: Invocation = {
      program: words[p],
      args: words.slice(p + 1),
      span: { start: node.startIndex, end },
    };
    this.items.push({ invocation, memo: entry, span: invocation.span });
    for (const w of invocation.args) if (w.unknown) this.report(w);
  }

  /** Notes a command with a memo entry in the statement's reading, with where its variables' values came from. */
  private found(key: string, entry: MemoEntry, start: number): void {
    const reading = this.reading;
    if (!reading) return;
    const env = this.ex.env;
    const sources: Source[] = [];
    for (const [name] of entry.deps) sources.push(env.source(name));
    reading.commands.push({ key, entry, rel: start - this.statementStart, sources });
  }

  /** The words of a command that may run QEMU, the index of the program word and where it ends. */
  private expand(
    node: Node,
    nameNode: Node,
    statement: Node | undefined,
  ): { words: Word[]; p: number; end: number } | undefined {
    // Children sorted by kind in one call (fieldNameForChild(i) is linear in i: quadratic here).
    const argv: Node[] = children(nameNode);
    const redirects: Node[] = [];
    for (const k of children(node)) {
      const t = k.type;
      if (t === 'command_name' || t === 'variable_assignment' || t === 'comment') continue;
      if (t.endsWith('_redirect')) redirects.push(k);
      else if (k.isNamed || t === '$') argv.push(k);
    }
    if (redirects.length > 0) argv.push(...extraRedirectArgs(redirects));
    if (statement)
      argv.push(...extraRedirectArgs(statement.childrenForFieldName('redirect').filter((r): r is Node => r !== null)));
    argv.sort((a, b) => a.startIndex - b.startIndex);
    if (argv.length === 0) return undefined;
    const words: Word[] = [];
    for (const g of groupAdjacent(argv, this.text)) for (const w of this.ex.words(g)) words.push(w);
    const p = findProgram(words);
    const end = Math.max(node.endIndex, argv[argv.length - 1].endIndex);
    return { words, p, end };
  }

  /** One diagnostic per unresolved word; the message names its first unresolved part. */
  private report(word: Word): void {
    const unknown = word.unknown as NonNullable<Word['unknown']>;
    const span = unknown.span;
    // A statement being recorded keeps every report: replayed after other changes, an earlier
    // statement may no longer make the same one.
    if (!this.reading && this.reported.has(`${span.start}:${span.end}`)) return;
    // A word refused as a whole (a glob) has every segment unknown: name the word.
    const whole = word.segments.every((s) => s.unknown);
    const parts = new Set<string>();
    if (!whole) for (const s of word.segments) if (s.unknown) parts.add(`${s.src.start}:${s.src.end}`);
    const first = (!whole && word.segments.find((s) => s.unknown)?.src) || span;
    const src = this.text.slice(first.start, first.end).replace(/\s+/g, ' ');
    const shown = src.length > 40 ? `${src.slice(0, 39)}…` : src;
    const more = parts.size > 1 ? ` (and ${parts.size - 1} more)` : '';
    const d: Diagnostic = {
      span: { start: span.start, end: span.end }, // own copy: the word's span may move with its result
      severity: 'information',
      code: UNRESOLVED_CODE,
      message: detach(
        `\`${shown}\`${more} cannot be resolved statically (${unknown.reason}); checks that depend on it are skipped`,
      ),
    };
    this.reading?.reports.push(d);
    this.emit(d);
  }

  /** Adds a diagnostic unless one with the same span was made already. */
  private emit(d: Diagnostic): void {
    const key = `${d.span.start}:${d.span.end}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push(d);
  }
}

/** The events under `node` (itself included), in document order, parents first. */
function eventsIn(node: Node): Node[] {
  return node.descendantsOfType(EVENT_TYPES).filter((n): n is Node => n !== null);
}

/**
 * tree-sitter-bash reads `>log -smp 2` as a redirect with three destinations; bash redirects
 * to the first and passes the others as arguments.
 */
function extraRedirectArgs(redirects: Node[]): Node[] {
  const out: Node[] = [];
  for (const r of redirects) {
    if (r.type !== 'file_redirect') continue;
    const dest = r.childrenForFieldName('destination').filter((d): d is Node => d !== null);
    out.push(...dest.slice(1));
  }
  return out;
}
