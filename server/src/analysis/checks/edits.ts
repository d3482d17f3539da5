// Text edits for fixes that keep the script's own layout: a new key goes inside the existing
// word after its last key=value, a new option goes on its own line with the neighbouring
// lines' indentation and `\` continuation (or on the same line when the command is one line).
import type { Edit, Prop, QemuOption } from '../types';
import type { CheckContext } from './context';
import { hasUnknown } from '../options/lookup';

/** `,key=value` after the option's last property; undefined when that would be a guess. */
export function insertProp(option: QemuOption, key: string, value: string): Edit | undefined {
  if (option.syntax === 'json' || hasUnknown(option) || option.props.length === 0) return undefined;
  const last = option.props.reduce((a, b) => (b.span.end > a.span.end ? b : a));
  return { span: { start: last.span.end, end: last.span.end }, newText: `,${key}=${value}` };
}

export function replaceValue(prop: Prop, value: string): Edit | undefined {
  if (prop.unknown || prop.flag || prop.json !== undefined) return undefined;
  // Key and value on the same characters: both came out of one expansion (-m $MEM with
  // MEM=4G,slots=2,maxmem=4G), so replacing "the value" would replace the whole $MEM.
  if (!prop.implied && prop.keySpan.end > prop.valueSpan.start) return undefined;
  return { span: prop.valueSpan, newText: value };
}

/** Set key=value: replace the last occurrence's value, or add the key. */
export function setProp(option: QemuOption, prop: Prop | undefined, key: string, value: string): Edit | undefined {
  return prop ? replaceValue(prop, value) : insertProp(option, key, value);
}

/** Remove one key=value together with the comma that separates it from its neighbour. */
export function removeProp(option: QemuOption, prop: Prop): Edit | undefined {
  if (option.syntax === 'json' || prop.unknown) return undefined;
  const sorted = [...option.props].sort((a, b) => a.span.start - b.span.start);
  const i = sorted.indexOf(prop);
  if (i > 0) return { span: { start: sorted[i - 1].span.end, end: prop.span.end }, newText: '' };
  if (i === 0 && sorted.length > 1) return { span: { start: prop.span.start, end: sorted[1].span.start }, newText: '' };
  return undefined;
}

function lineStart(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
}

/** A new option (e.g. `-object memory-backend-ram,id=m1,size=1G`) just before `before`. */
export function insertOptionBefore(ctx: CheckContext, before: QemuOption, optionText: string): Edit {
  const at = before.span.start;
  const text = ctx.text;
  if (text !== undefined) {
    const ls = lineStart(text, at);
    const indent = text.slice(ls, at);
    if (/^[ \t]*$/.test(indent)) return { span: { start: ls, end: ls }, newText: `${indent}${optionText} \\\n` };
  }
  return { span: { start: at, end: at }, newText: `${optionText} ` };
}

/** A new option just after `after` (on the next line when the script continues lines with `\`). */
export function insertOptionAfter(ctx: CheckContext, after: QemuOption, optionText: string): Edit {
  const at = after.span.end;
  const text = ctx.text;
  if (text !== undefined) {
    const m = /^[ \t]*\\\r?\n/.exec(text.slice(at));
    if (m) {
      const next = at + m[0].length;
      const indent = /^[ \t]*/.exec(text.slice(next))![0];
      return { span: { start: next, end: next }, newText: `${indent}${optionText} \\\n` };
    }
    // The last option of a multi-line command: continue its line and indent like it.
    const ls = lineStart(text, after.span.start);
    const indent = text.slice(ls, after.span.start);
    if (/^[ \t]*$/.test(indent) && ls > 0 && /\\\r?\n$/.test(text.slice(0, ls))) {
      return { span: { start: at, end: at }, newText: ` \\\n${indent}${optionText}` };
    }
  }
  return { span: { start: at, end: at }, newText: ` ${optionText}` };
}

const UNITS: [bigint, string][] = [
  [1n << 40n, 'T'],
  [1n << 30n, 'G'],
  [1n << 20n, 'M'],
  [1n << 10n, 'K'],
];

/** A size as a user writes it: the largest exact binary suffix, else bytes. */
export function sizeArg(n: bigint): string {
  for (const [unit, suffix] of UNITS) if (n > 0n && n % unit === 0n) return `${n / unit}${suffix}`;
  return n.toString();
}

/** Insertions at the same offset become one edit, in the order given. */
export function mergeInserts(edits: Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of edits) {
    const prev = out.find(
      (o) =>
        o.span.start === e.span.start &&
        o.span.end === e.span.end &&
        o.span.start === o.span.end &&
        e.span.start === e.span.end,
    );
    if (prev) prev.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}
