// A top-level statement replayed with new input values (provenance.ts says when that is exact):
// its text is unchanged, and the only inputs whose values changed are known scalars that it read
// transparently — into templates (`local disk=$IMAGES/guest-0.qcow2`) and into QEMU commands
// whose recorded expansions take the new values (commandMemo.ts substituteValues). The template
// values are made again in order, the commands get them substituted, the written values follow,
// and the budget spent changes by the difference in length of every substituted text. One edit
// of a path every guest reads then costs a few string operations per guest instead of a walk of
// every guest's tree.
import { describeValue, isDescribedAs, MAX_VALUE_CHARS, type Env, type Value } from './env';
import { substituteValues } from './commandMemo';
import { evaluate, type Source } from './provenance';
import { detach } from '../detach';
import type { StatementProvenance, StatementRecord } from './statementMemo';

/**
 * Puts the values of `env` into the record `r` (taken: no longer shared) and returns it, or
 * undefined, leaving it as it was, when that would not be exact.
 */
export function substituted(r: StatementRecord, env: Env, text: string, start: number): StatementRecord | undefined {
  const p = r.provenance;
  if (!p) return undefined;
  /** Changed inputs by their source (`i:NAME`): old and new text. */
  const changed = new Map<Source, { was: string; now: string }>();
  /** The record's reads whose value changed, and the value now (set on the record at the end). */
  const reread: [[string, string], string][] = [];
  for (const read of r.reads) {
    const [name, was] = read;
    const v = env.peek(name);
    if (isDescribedAs(v, was)) continue;
    reread.push([read, describeValue(v)]);
    const src: Source = `i:${name}`;
    if (p.opaque.has(src)) return undefined;
    // (Never empty: an empty value makes no piece, so a fresh reading would join the pieces around
    // it differently, e.g. read a `~` after it as a tilde at the start.)
    if (v?.kind !== 'scalar' || v.unknown !== undefined || v.text === '' || was[0] !== 's') return undefined;
    changed.set(src, { was: was.slice(1), now: v.text });
  }
  if (changed.size === 0) return undefined;

  const redo = new Revaluation(p, env, changed);
  if (!redo.remakeTemplates()) return undefined;

  // The commands: those that read a changed value get it substituted.
  const replaced: NonNullable<StatementRecord['substituted']> = [];
  for (const c of r.commands) {
    const e = c.entry;
    if (!c.sources.some((s) => redo.isTainted(s))) {
      replaced.push(undefined);
      continue;
    }
    const at = start + c.rel;
    // (Anonymous: the bundle keeps the names of named closures by a call per closure made.)
    const s = substituteValues(e, text.slice(at, at + (e.end - e.start)), (_name, dep): Value | null => {
      const source = c.sources[dep];
      return redo.isTainted(source) ? { kind: 'scalar', text: redo.textNow(source) } : null;
    });
    if (!s) return undefined;
    redo.spend(s.entry.spent - e.spent);
    replaced.push({ from: e, entry: s.entry, changed: s.changed });
  }
  const drawdown = r.drawdown + redo.rise;
  if (env.remaining < drawdown) return undefined;

  // Exact: the record (taken, no longer shared) becomes this version's, in place.
  for (const [read, now] of reread) read[1] = now;
  for (let i = 0; i < r.commands.length; i++) {
    const sub = replaced[i];
    if (sub) r.commands[i].entry = sub.entry;
  }
  // What it leaves: a template value made again, an input it put back as it is now.
  for (let i = 0; i < r.writes.length; i++) {
    const s = p.writeSources[i];
    const name = r.writes[i][0];
    if (s === `i:${name}`) r.writes[i] = [name, env.peek(name)];
    else if (s[0] === 'd' && redo.isTainted(s))
      r.writes[i] = [name, { kind: 'scalar', text: redo.texts[templateIndex(s)] }];
  }
  for (let k = 0; k < p.templates.length; k++) if (redo.tainted[k]) p.templates[k].text = redo.texts[k];
  r.spent += redo.grow;
  r.drawdown = drawdown;
  r.substituted = replaced;
  return r;
}

/**
 * The values of one replay as they are now and were then, by source, and the budget it spends.
 * A class rather than closures in substituted(): this runs once per replayed statement (every
 * guest at an edit of a path they all read), and the bundle keeps each named closure's name by a
 * call made each time the closure is (esbuild's keepNames).
 */
class Revaluation {
  /** Template values made again, in order, and whether each read a changed value. */
  readonly texts: string[] = [];
  readonly tainted: boolean[] = [];
  /** Change in the budget spent, and the sum of its increases (the drawdown's). */
  grow = 0;
  rise = 0;

  constructor(
    private readonly p: StatementProvenance,
    private readonly env: Env,
    private readonly changed: Map<Source, { was: string; now: string }>,
  ) {}

  /**
   * The template values made again, in the order the statement made them, with what each mention
   * spent; false when that would not be exact (a template read opaquely, or a value now empty or
   * too long).
   */
  remakeTemplates(): boolean {
    const templates = this.p.templates;
    for (let k = 0; k < templates.length; k++) {
      const t = templates[k];
      let hit = false;
      for (const part of t.parts) if (typeof part !== 'string' && this.isTainted(part.from)) hit = true;
      if (!hit) {
        this.texts.push(t.text);
        this.tainted.push(false);
        continue;
      }
      if (this.p.opaque.has(`d:${k}`)) return false;
      const now = evaluate(t.parts, (s) => this.textNow(s));
      if (now === '' || now.length > MAX_VALUE_CHARS) return false;
      // Each mention spent its value's length when it was expanded.
      for (const part of t.parts)
        if (typeof part !== 'string' && this.isTainted(part.from))
          this.spend(this.textNow(part.from).length - this.textThen(part.from).length);
      this.texts.push(detach(now));
      this.tainted.push(true);
    }
    return true;
  }

  spend(d: number): void {
    this.grow += d;
    if (d > 0) this.rise += d;
  }

  isTainted(s: Source): boolean {
    return s !== '' && (s[0] === 'i' ? this.changed.has(s) : this.tainted[templateIndex(s)] === true);
  }

  textNow(s: Source): string {
    if (s[0] === 'd') return this.texts[templateIndex(s)];
    const c = this.changed.get(s);
    if (c) return c.now;
    const v = this.env.peek(s.slice(2));
    return v?.kind === 'scalar' ? v.text : '';
  }

  textThen(s: Source): string {
    return s[0] === 'd' ? this.p.templates[templateIndex(s)].text : (this.changed.get(s)?.was ?? this.textNow(s));
  }
}

/** K of a `d:K` source, read without slicing it (this runs for every source of every command replayed). */
function templateIndex(s: Source): number {
  let k = 0;
  for (let i = 2; i < s.length; i++) k = k * 10 + s.charCodeAt(i) - 0x30;
  return k;
}
