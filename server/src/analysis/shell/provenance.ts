// Where the values a top-level statement reads and makes came from, so that a statement whose
// text is unchanged but one of whose inputs changed can be replayed with the new value put in
// instead of walked again (statementMemo.ts `substituted`). The case it exists for: an edit of
// `IMAGES=/var/lib/images` at the top of a script, which every guest function reads through
// `local disk=$IMAGES/guest-0.qcow2` and then `-drive file="$disk"`.
//
// While a statement is traced, every value it reads is classified by where it came from:
//   'i:NAME'  the value NAME had before the statement (an input);
//   'd:K'     the K-th value the statement built by a template: text and `$X`/`${X}` mentions
//             only (`local disk=$IMAGES/guest-0.qcow2`), so its text for other inputs is the
//             template evaluated again;
//   ''        anything else the statement made (a literal, an array, an unknown value ...).
// A read is transparent when it feeds a template or a QEMU command whose expansion the command
// memo recorded (commandMemo.ts `substitute` puts new values into its words); any other read
// (a loop's values, an array literal, `${X:-…}` in an assignment, `local X`'s check …) is opaque.
// A value made only from opaque reads and literals does not depend on an input unless that
// input was read opaquely, so the statement may be replayed with new input values exactly when
// no changed input, and no template value built from one, was ever read opaquely.
import type { Part } from './fields';
import type { Value } from './env';

/** Where a value came from ('' = made by the statement from nothing a substitution changes). */
export type Source = '' | `i:${string}` | `d:${number}`;

/** One variable read while a window was open, and where its value came from. */
export interface Read {
  name: string;
  src: Source;
}

/** Literal text, or the text of an input or of an earlier template value. */
export type TemplatePart = string | { from: Source };

export interface Template {
  parts: TemplatePart[];
  /** Its text when the statement was read. */
  text: string;
}

export interface Provenance {
  /** The value each input had when the statement first read or changed it (by identity). */
  inputs: Map<Value, string>;
  /** Values the statement built by a template: index into templates. */
  derived: Map<Value, number>;
  templates: Template[];
  /** Sources read opaquely. */
  opaque: Set<Source>;
  /** Reads collected while a template or a command is expanded (Env.openWindow). */
  window: Read[] | undefined;
  /** Something was not classified: the statement is never replayed with new values. */
  unsure: boolean;
}

export function newProvenance(): Provenance {
  return { inputs: new Map(), derived: new Map(), templates: [], opaque: new Set(), window: undefined, unsure: false };
}

export function sourceOf(t: Provenance & { touched: Set<string> }, name: string, v: Value | undefined): Source {
  if (v === undefined) return t.touched.has(name) ? '' : `i:${name}`;
  const d = t.derived.get(v);
  if (d !== undefined) return `d:${d}`;
  return t.inputs.get(v) === name ? `i:${name}` : '';
}

/** `$NAME` or `${NAME}` and nothing else. */
const MENTION = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})$/;

/**
 * The template of an assignment's value, from the expanded parts and the reads made while
 * expanding them, or undefined when the value is not text and plain mentions: every piece is
 * either literal text of the script (no `$` or backquote in its source) or one mention's value,
 * and every variable read is such a mention (an empty value, which makes no piece, or a
 * `${X:-…}` operator, does not qualify).
 */
export function templateOf(
  parts: Part[],
  reads: Read[],
  source: (start: number, end: number) => string,
): TemplatePart[] | undefined {
  const byName = new Map<string, Source>();
  for (const r of reads) {
    const was = byName.get(r.name);
    if (was !== undefined && was !== r.src) return undefined;
    byName.set(r.name, r.src);
  }
  const used = new Set<string>();
  const out: TemplatePart[] = [];
  for (const p of parts) {
    if (p.kind === 'break' || p.unknown !== undefined) return undefined;
    const src = source(p.src.start, p.src.end);
    const m = p.literal ? null : MENTION.exec(src);
    if (!m) {
      if (src.includes('$') || src.includes('`')) return undefined;
      if (p.text !== '') out.push(p.text);
      continue;
    }
    const name = m[1] ?? m[2];
    const from = byName.get(name);
    if (from === undefined) return undefined;
    used.add(name);
    out.push(from === '' ? p.text : { from });
  }
  return used.size === byName.size ? out : undefined;
}

/** Text of a template for the given texts of its sources. */
export function evaluate(parts: TemplatePart[], text: (s: Source) => string): string {
  let out = '';
  for (const p of parts) out += typeof p === 'string' ? p : text(p.from);
  return out;
}
