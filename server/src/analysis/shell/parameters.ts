// Parameter expansion: $name and ${...} with the values the script assigned (env.ts). Values
// are substituted with the reference's range; array elements keep their own; what cannot be
// known becomes an unknown piece carrying its source text.
import type { Node } from 'web-tree-sitter';
import type { Span, Word } from '../types';
import { BREAK } from './fields';
import type { Part, Piece } from './fields';
import { children } from './nodes';
import { applyOperator } from './operators';
import { MAX_DEPTH, MAX_VALUE_CHARS, orderedElements, unknownScalar } from './env';
import type { ArrayValue, Env, ScalarValue, Value } from './env';

export interface Ctx {
  /** Inside double quotes. */
  quoted: boolean;
  /** Inside the operand of an unquoted ${x:-...}: literal text there is split like an expansion result. */
  operand: boolean;
  depth: number;
}

export const TOP: Ctx = { quoted: false, operand: false, depth: 0 };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Elements one ${a[@]} may produce (far more than any QEMU command line has). */
const MAX_EXPANDED_ELEMENTS = 1 << 16;

export abstract class ParameterExpander {
  constructor(
    protected readonly src: string,
    readonly env: Env,
  ) {}

  protected text(start: number, end: number): string {
    return this.src.slice(start, end);
  }

  source(start: number, end: number): string {
    return this.src.slice(start, end);
  }

  protected unknown(start: number, end: number, reason: string): Piece {
    return {
      kind: 'piece',
      text: this.text(start, end),
      src: { start, end },
      verbatim: true,
      quoted: true,
      literal: false,
      unknown: reason,
    };
  }

  /** Expands one node into parts (expand.ts). */
  abstract parts(node: Node, ctx: Ctx, out: Part[]): void;

  /** Expands consecutive nodes, the text between them literal (expand.ts). */
  protected abstract seq(nodes: Node[], from: number, to: number, ctx: Ctx, out: Part[]): void;

  protected simpleExpansion(node: Node, ctx: Ctx, out: Part[]): void {
    const nameNode = children(node).find((c) => c.type === 'variable_name' || c.type === 'special_variable_name');
    const span = { start: node.startIndex, end: node.endIndex };
    if (!nameNode) {
      out.push({ kind: 'piece', text: '$', src: span, verbatim: true, quoted: ctx.quoted, literal: !ctx.operand });
      return;
    }
    const name = nameNode.text;
    if (!NAME.test(name)) {
      out.push(this.unknown(span.start, span.end, special(name)));
      return;
    }
    this.emitValue(name, this.env.get(name), span, ctx, out);
  }

  /** $name / ${name} in scalar context (an array gives its element 0). */
  private emitValue(name: string, v: Value | undefined, span: Span, ctx: Ctx, out: Part[]): void {
    if (v === undefined) {
      out.push(this.unknown(span.start, span.end, `${name} is not assigned in this script`));
      return;
    }
    if (v.kind === 'unset') return;
    if (v.kind === 'array') {
      if (v.unknown !== undefined || v.associative) {
        out.push(this.unknown(span.start, span.end, v.unknown ?? `${name} is an associative array`));
        return;
      }
      const first = v.elements.get(0);
      if (first) this.emitElement(first, span, ctx, out, false);
      return;
    }
    this.emitScalar(name, v, span, ctx, out);
  }

  private emitScalar(name: string, v: ScalarValue, span: Span, ctx: Ctx, out: Part[]): void {
    if (v.unknown !== undefined) {
      out.push(this.unknown(span.start, span.end, `${name} is assigned ${v.unknown}`));
      return;
    }
    this.emitText(v.text, span, ctx, out);
  }

  /** Text produced by an expansion; all of it maps to the reference's source. */
  private emitText(text: string, span: Span, ctx: Ctx, out: Part[]): void {
    if (!this.env.spend(text.length)) {
      out.push(this.unknown(span.start, span.end, 'too much expanded text (limit reached)'));
      return;
    }
    if (text.length === 0) return;
    const verbatim = text === this.text(span.start, span.end);
    out.push({ kind: 'piece', text, src: span, verbatim, quoted: ctx.quoted, literal: false });
  }

  /** An array element keeps its own source (in the array literal). */
  private emitElement(w: Word, ref: Span, ctx: Ctx, out: Part[], keep: boolean): void {
    if (!this.env.spend(w.text.length + 1)) {
      out.push(this.unknown(ref.start, ref.end, 'too much expanded text (limit reached)'));
      return;
    }
    if (keep)
      out.push({
        kind: 'piece',
        text: '',
        src: { start: w.span.start, end: w.span.start },
        verbatim: true,
        quoted: true,
        literal: false,
        element: w,
      });
    for (const seg of w.segments) {
      const piece: Piece = {
        kind: 'piece',
        text: w.text.slice(seg.from, seg.to),
        src: seg.src,
        verbatim: seg.verbatim,
        quoted: ctx.quoted,
        literal: false,
        element: w,
      };
      if (seg.unknown) piece.unknown = w.unknown?.reason ?? 'unresolved';
      out.push(piece);
    }
  }

  /** ${...}: the reference, then its prefix (${#x}, ${!x}) or operator (${x:-y}, ${x%y}, ${x:1:2}). */
  protected expansion(node: Node, ctx: Ctx, out: Part[]): void {
    const span = { start: node.startIndex, end: node.endIndex };
    if (ctx.depth >= MAX_DEPTH) {
      out.push(this.unknown(span.start, span.end, 'nested too deeply'));
      return;
    }
    const shape = expansionShape(node);
    if (!shape) {
      out.push(this.unknown(span.start, span.end, 'unsupported expansion'));
      return;
    }
    const { prefix, target, op } = shape;
    const operand: Operand = {
      ...shape.operand,
      ctx: { quoted: ctx.quoted, operand: !ctx.quoted, depth: ctx.depth + 1 },
    };

    if (prefix === '!') {
      out.push(this.unknown(span.start, span.end, 'indirect expansion'));
      return;
    }
    const ref = this.reference(target, operand.ctx);
    if (ref.kind === 'unknown') {
      out.push(this.unknown(span.start, span.end, ref.reason));
      return;
    }
    if (prefix === '#') {
      if (op) return void out.push(this.unknown(span.start, span.end, 'unsupported expansion'));
      const n = this.length(ref);
      if (n === undefined) out.push(this.unknown(span.start, span.end, `length of ${ref.name} is not known`));
      else this.emitText(String(n), span, ctx, out);
      return;
    }
    if (!op) return this.emitRef(ref, span, ctx, out);

    const operator = op.type;
    switch (operator) {
      case ':-':
      case '-':
      case ':=':
      case '=':
      case ':+':
      case '+':
      case ':?':
      case '?':
        return this.defaultValue(ref, operator, operand, span, ctx, out);
      case '#':
      case '##':
      case '%':
      case '%%':
      case '^^':
      case ',,':
      case '^':
      case ',':
        return this.patternOperation(ref, operator, operand, span, ctx, out);
      case ':':
        return this.substring(ref, this.text(operand.from, operand.to), span, ctx, out);
      default:
        out.push(this.unknown(span.start, span.end, `unsupported expansion (${operator})`));
    }
  }

  /** ${x:-y} ${x-y} ${x:=y} ${x=y} ${x:+y} ${x+y} ${x:?y} ${x?y}: the value, the operand, or nothing. */
  private defaultValue(ref: KnownRef, operator: string, operand: Operand, span: Span, ctx: Ctx, out: Part[]): void {
    const state = this.state(ref, operator.startsWith(':'));
    if (state === 'unknown' || (state === 'never' && (operator.endsWith('+') || operator.endsWith('?')))) {
      out.push(this.unknown(span.start, span.end, `${ref.name} may or may not be set`));
      return;
    }
    const useValue = operator.endsWith('+') ? state !== 'set' : state === 'set';
    if (useValue) {
      if (!operator.endsWith('+')) this.emitRef(ref, span, ctx, out);
      return;
    }
    if (operator.endsWith('?')) return;
    const operandParts: Part[] = [];
    this.seq(operand.nodes, operand.from, operand.to, operand.ctx, operandParts);
    if (operator.endsWith('=') && ref.kind === 'name') this.env.set(ref.name, this.scalarFromParts(operandParts));
    for (const p of operandParts) out.push(p);
  }

  /** ${x#p} ${x##p} ${x%p} ${x%%p} and the case operators, on a known value with a literal pattern. */
  private patternOperation(ref: Ref, operator: string, operand: Operand, span: Span, ctx: Ctx, out: Part[]): void {
    const value = this.scalarOf(ref);
    const patternParts: Part[] = [];
    this.seq(operand.nodes, operand.from, operand.to, { ...operand.ctx, quoted: true }, patternParts);
    const pattern = this.scalarFromParts(patternParts);
    if (
      value === undefined ||
      value.unknown !== undefined ||
      pattern.unknown !== undefined ||
      /[*?[]/.test(pattern.text)
    ) {
      out.push(this.unknown(span.start, span.end, 'pattern operation on an unknown value or with a glob pattern'));
      return;
    }
    const result = applyOperator(value.text, operator, pattern.text);
    if (result === undefined) out.push(this.unknown(span.start, span.end, 'unsupported expansion'));
    else this.emitText(result, span, ctx, out);
  }

  /** What ${...} refers to. */
  private reference(target: Node, ctx: Ctx): Ref {
    if (target.type !== 'subscript') {
      const name = target.text;
      if (!NAME.test(name)) return { kind: 'unknown', reason: special(name) };
      return { kind: 'name', name, value: this.env.get(name) };
    }
    const nameNode = target.childForFieldName('name');
    const indexNode = target.childForFieldName('index');
    const name = nameNode?.text ?? '';
    if (!NAME.test(name)) return { kind: 'unknown', reason: special(name) };
    const value = this.env.get(name);
    const idx = indexNode ? this.text(indexNode.startIndex, indexNode.endIndex) : '';
    if (idx === '@' || idx === '*') return { kind: 'all', name, value, star: idx === '*' };
    if (!indexNode) return { kind: 'unknown', reason: `index of ${name}` };
    const index = this.index(indexNode, ctx);
    if (index === undefined) return { kind: 'unknown', reason: `index of ${name} is not known` };
    return { kind: 'element', name, value, index };
  }

  /** An arithmetic index: a literal integer, a variable holding one, or an expansion giving one. */
  index(node: Node, ctx: Ctx = TOP): number | undefined {
    let s = this.text(node.startIndex, node.endIndex).trim();
    if (NAME.test(s)) {
      const v = this.env.get(s);
      if (!v || v.kind !== 'scalar' || v.unknown !== undefined) return undefined;
      s = v.text.trim();
    } else if (!/^-?\d+$/.test(s)) {
      const parts: Part[] = [];
      this.parts(node, { ...ctx, quoted: true }, parts);
      const v = this.scalarFromParts(parts);
      if (v.unknown !== undefined) return undefined;
      s = v.text.trim();
    }
    if (!/^-?\d{1,15}$/.test(s)) return undefined;
    return Number(s);
  }

  private length(ref: Ref): number | undefined {
    if (ref.kind === 'unknown') return undefined;
    const v = ref.value;
    if (v === undefined) return undefined;
    if (v.kind === 'unset') return 0;
    if (ref.kind === 'all') {
      if (v.kind === 'scalar') return 1;
      return v.unknown !== undefined || v.associative ? undefined : v.elements.size;
    }
    const s = this.scalarOf(ref);
    return s === undefined || s.unknown !== undefined ? undefined : [...s.text].length;
  }

  /** The value of a name or element reference as one string. */
  private scalarOf(ref: Ref): ScalarValue | undefined {
    if (ref.kind === 'unknown' || ref.kind === 'all') return undefined;
    const v = ref.value;
    if (v === undefined) return undefined;
    if (v.kind === 'unset') return { kind: 'scalar', text: '' };
    if (v.kind === 'scalar') return ref.kind === 'element' && ref.index !== 0 ? { kind: 'scalar', text: '' } : v;
    const el = this.element(v, ref.kind === 'element' ? ref.index : 0);
    if (el === 'unknown') return undefined;
    if (!el) return { kind: 'scalar', text: '' };
    return el.unknown ? unknownScalar(`from \`${clip(el.text)}\``) : { kind: 'scalar', text: el.text };
  }

  private element(v: ArrayValue, index: number): Word | undefined | 'unknown' {
    if (v.unknown !== undefined || v.associative) return 'unknown';
    if (index < 0) {
      let max = -1;
      for (const k of v.elements.keys()) max = Math.max(max, k);
      index += max + 1;
    }
    return v.elements.get(index);
  }

  /** set / null (set but empty) / never assigned in this script / unknown. */
  private state(ref: Ref, colon: boolean): 'set' | 'unset' | 'never' | 'unknown' {
    if (ref.kind === 'unknown') return 'unknown';
    const v = ref.value;
    if (v === undefined) return 'never';
    if (v.kind === 'unset') return 'unset';
    if (ref.kind === 'all') {
      if (v.kind === 'array' && (v.unknown !== undefined || v.associative)) return 'unknown';
      const n = v.kind === 'array' ? v.elements.size : 1;
      if (n === 0) return 'unset';
      if (!colon) return 'set';
      const all = v.kind === 'array' ? orderedElements(v) : [];
      if (v.kind === 'scalar') return v.unknown !== undefined ? 'unknown' : v.text === '' ? 'unset' : 'set';
      if (all.some((w) => w.unknown)) return 'unknown';
      return all.map((w) => w.text).join(' ') === '' ? 'unset' : 'set';
    }
    if (v.kind === 'array' && this.element(v, ref.kind === 'element' ? ref.index : 0) === undefined) return 'unset';
    const s = this.scalarOf(ref);
    if (s === undefined || s.unknown !== undefined) return 'unknown';
    if (colon && s.text === '') return 'unset';
    return 'set';
  }

  private emitRef(ref: Ref, span: Span, ctx: Ctx, out: Part[]): void {
    if (ref.kind === 'unknown') return void out.push(this.unknown(span.start, span.end, ref.reason));
    if (ref.kind === 'name') return this.emitValue(ref.name, ref.value, span, ctx, out);
    const v = ref.value;
    if (v === undefined)
      return void out.push(this.unknown(span.start, span.end, `${ref.name} is not assigned in this script`));
    if (v.kind === 'unset') return;
    if (ref.kind === 'element') {
      if (v.kind === 'scalar') {
        if (ref.index === 0) this.emitScalar(ref.name, v, span, ctx, out);
        return;
      }
      const el = this.element(v, ref.index);
      if (el === 'unknown')
        return void out.push(this.unknown(span.start, span.end, v.unknown ?? `${ref.name} is an associative array`));
      if (el) this.emitElement(el, span, ctx, out, false);
      return;
    }
    // ${a[@]} / ${a[*]}
    if (v.kind === 'scalar') return this.emitScalar(ref.name, v, span, ctx, out);
    if (v.unknown !== undefined || v.associative) {
      return void out.push(
        this.unknown(span.start, span.end, v.unknown ?? `${ref.name} is an associative array (order unknown)`),
      );
    }
    this.emitElements(orderedElements(v), ref.star, span, ctx, out);
  }

  /** The elements of ${a[@]} (one word each when quoted) or ${a[*]} (joined by spaces when quoted). */
  private emitElements(els: Word[], star: boolean, span: Span, ctx: Ctx, out: Part[]): void {
    // Past the budget the whole expansion is one unknown: one per element would let
    // A=("${A[@]}" "${A[@]}") repeated double the element count forever (out of memory).
    let chars = 0;
    for (const w of els) chars += w.text.length + 1;
    if (els.length > MAX_EXPANDED_ELEMENTS || !this.env.spend(chars))
      return void out.push(this.unknown(span.start, span.end, 'too much expanded text (limit reached)'));
    this.env.refund(chars);
    els.forEach((w, k) => {
      if (k > 0) {
        if (star && ctx.quoted)
          out.push({ kind: 'piece', text: ' ', src: span, verbatim: false, quoted: true, literal: false });
        else out.push(BREAK);
      }
      this.emitElement(w, span, ctx, out, ctx.quoted && !star);
    });
  }

  /** An offset or length of ${x:offset:length}: an integer, or a variable holding one. */
  private integer(s: string): number | undefined {
    const t = s.trim();
    if (/^-?\d{1,15}$/.test(t)) return Number(t);
    if (/^\(\s*-?\d{1,15}\s*\)$/.test(t)) return Number(t.slice(1, -1).trim());
    if (NAME.test(t)) {
      const v = this.env.get(t);
      if (v?.kind === 'scalar' && v.unknown === undefined && /^-?\d{1,15}$/.test(v.text.trim()))
        return Number(v.text.trim());
    }
    return undefined;
  }

  /** ${x:offset[:length]} and ${a[@]:offset[:length]}. */
  private substring(ref: Ref, operand: string, span: Span, ctx: Ctx, out: Part[]): void {
    const colon = operand.indexOf(':');
    const offset = this.integer(colon < 0 ? operand : operand.slice(0, colon));
    const length = colon < 0 ? undefined : this.integer(operand.slice(colon + 1));
    if (offset === undefined || (colon >= 0 && length === undefined)) {
      return void out.push(this.unknown(span.start, span.end, 'substring with an offset we cannot compute'));
    }
    if (ref.kind === 'all' && ref.value?.kind === 'array') {
      const v = ref.value;
      if (v.unknown !== undefined || v.associative || (length !== undefined && length < 0)) {
        return void out.push(this.unknown(span.start, span.end, v.unknown ?? 'array slice we cannot follow'));
      }
      let max = -1;
      for (const k of v.elements.keys()) max = Math.max(max, k);
      const from = offset < 0 ? offset + max + 1 : offset;
      const keys = [...v.elements.keys()].filter((k) => k >= from).sort((a, b) => a - b);
      const picked = (length === undefined ? keys : keys.slice(0, length)).map((k) => v.elements.get(k) as Word);
      return this.emitElements(picked, ref.star, span, ctx, out);
    }
    const value = this.scalarOf(ref);
    if (value === undefined || value.unknown !== undefined) {
      return void out.push(
        this.unknown(span.start, span.end, `${ref.kind === 'unknown' ? 'value' : ref.name} is not known`),
      );
    }
    const chars = [...value.text];
    const from = offset < 0 ? offset + chars.length : offset;
    if (from < 0 || from > chars.length) return;
    let to =
      length === undefined ? chars.length : length < 0 ? chars.length + length : Math.min(chars.length, from + length);
    if (to < from) return void out.push(this.unknown(span.start, span.end, 'substring length out of range'));
    to = Math.max(from, to);
    this.emitText(chars.slice(from, to).join(''), span, ctx, out);
  }

  /** Parts joined into one value (an assignment's right-hand side): unknown if any part is. */
  scalarFromParts(parts: Part[]): ScalarValue {
    let text = '';
    const first = parts.find((p): p is Piece => p.kind === 'piece' && p.text.length > 0);
    if (first && first.literal && !first.quoted && first.text.startsWith('~'))
      return unknownScalar('from a tilde expansion');
    for (const p of parts) {
      if (p.kind === 'break') {
        text += ' ';
        continue;
      }
      if (p.unknown !== undefined) return unknownScalar(`from \`${clip(p.text)}\``);
      text += p.text;
      if (text.length > MAX_VALUE_CHARS) return unknownScalar('a value larger than 1 MiB');
    }
    return { kind: 'scalar', text };
  }
}

type Ref =
  | { kind: 'unknown'; reason: string }
  | { kind: 'name'; name: string; value: Value | undefined }
  | { kind: 'element'; name: string; value: Value | undefined; index: number }
  | { kind: 'all'; name: string; value: Value | undefined; star: boolean };

/** A reference to a variable (not one we could not resolve). */
type KnownRef = Exclude<Ref, { kind: 'unknown' }>;

/** The operand of ${x OP operand}: its nodes and source range, expanded in ctx. */
interface Operand {
  nodes: Node[];
  from: number;
  to: number;
  ctx: Ctx;
}

/** The pieces of a ${...} node, or undefined when what it refers to is not a name or subscript. */
function expansionShape(
  node: Node,
): { prefix?: string; target: Node; op?: Node; operand: Omit<Operand, 'ctx'> } | undefined {
  const kids = children(node);
  let i = 0;
  if (kids[i]?.type === '${') i++;
  let prefix: string | undefined;
  if (kids[i] && !kids[i].isNamed && (kids[i].type === '#' || kids[i].type === '!')) prefix = kids[i++].type;
  const target = kids[i];
  if (
    !target ||
    !(target.type === 'variable_name' || target.type === 'special_variable_name' || target.type === 'subscript')
  )
    return undefined;
  i++;
  const op = kids[i] && kids[i].type !== '}' && !kids[i].isNamed ? kids[i] : undefined;
  const close = kids.length > 0 && kids[kids.length - 1].type === '}' ? kids[kids.length - 1] : undefined;
  const from = op ? op.endIndex : target.endIndex;
  const to = close ? close.startIndex : node.endIndex;
  const nodes = kids.filter((k) => k.startIndex >= from && k.endIndex <= to && k !== close);
  return { prefix, target, op, operand: { nodes, from, to } };
}

function special(name: string): string {
  if (name === '@' || name === '*') return "the script's arguments";
  if (/^\d+$/.test(name)) return `positional parameter $${name}`;
  return `special parameter $${name}`;
}

export function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}
