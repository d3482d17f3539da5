// Word expansion over tree-sitter nodes: quote removal (literals.ts), parameter expansion
// (parameters.ts), then field splitting and assembly into Words (fields.ts). What cannot be
// known statically ($(...), $1, an unassigned variable, arithmetic) becomes an unknown piece
// carrying its source text: marked, never guessed.
import type { Node } from 'web-tree-sitter';
import type { Word } from '../types';
import { splitFields, toWord } from './fields';
import type { Part, Piece } from './fields';
import { ansiCPieces, doubleQuotedPieces, singleQuotedPieces, unquotedPieces } from './literals';
import { children, groupAdjacent, isSpread } from './nodes';
import type { ScalarValue } from './env';
import { ParameterExpander, TOP } from './parameters';
import type { Ctx } from './parameters';

/** Expands words; ${...} and $name are ParameterExpander's part. */
export class Expander extends ParameterExpander {
  /** Literal text not covered by any child node (tree-sitter leaves some, e.g. inside ${...}). */
  private gap(start: number, end: number, ctx: Ctx, out: Part[]): void {
    if (end <= start) return;
    const s = this.text(start, end);
    if (ctx.quoted) doubleQuotedPieces(s, start, out);
    else unquotedPieces(s, start, out, !ctx.operand);
  }

  /** Expands `nodes` (consecutive, gaps between them are literal text) into parts. */
  protected seq(nodes: Node[], from: number, to: number, ctx: Ctx, out: Part[]): void {
    let at = from;
    for (const n of nodes) {
      this.gap(at, n.startIndex, ctx, out);
      this.parts(n, ctx, out);
      at = Math.max(at, n.endIndex);
    }
    this.gap(at, to, ctx, out);
  }

  parts(node: Node, ctx: Ctx, out: Part[]): void {
    const start = node.startIndex;
    const end = node.endIndex;
    switch (node.type) {
      case 'word':
      case 'number':
      case 'extglob_pattern':
      case 'special_character':
      case 'variable_name': // tree-sitter's reading of some operands: ${Q:-qemu-system-x86_64}
      case 'regex':
        if (ctx.quoted) doubleQuotedPieces(this.text(start, end), start, out);
        else unquotedPieces(this.text(start, end), start, out, !ctx.operand);
        return;
      case 'string':
      case 'translated_string':
        return this.doubleQuoted(node, ctx, out);
      case 'raw_string':
        if (ctx.quoted)
          doubleQuotedPieces(this.text(start, end), start, out); // '...' inside "...": plain characters
        else singleQuotedPieces(this.text(start, end), start, out);
        return;
      case 'ansi_c_string':
        if (ctx.quoted) doubleQuotedPieces(this.text(start, end), start, out);
        else ansiCPieces(this.text(start, end), start, out);
        return;
      case 'concatenation':
        return this.seq(children(node), start, end, ctx, out);
      case 'simple_expansion':
        return this.simpleExpansion(node, ctx, out);
      case 'expansion':
        return this.expansion(node, ctx, out);
      case '$':
        return; // the $ of $"..." (a translated string)
      case 'command_substitution':
        out.push(this.unknown(start, end, 'command substitution'));
        return;
      case 'process_substitution':
        out.push(this.unknown(start, end, 'process substitution'));
        return;
      case 'arithmetic_expansion':
        out.push(this.unknown(start, end, 'arithmetic expansion'));
        return;
      case 'brace_expression':
        out.push(this.unknown(start, end, 'brace expansion'));
        return;
      default:
        out.push(
          this.unknown(
            start,
            end,
            node.isError || node.isMissing ? 'syntax error' : `unsupported syntax (${node.type})`,
          ),
        );
    }
  }

  private doubleQuoted(node: Node, ctx: Ctx, out: Part[]): void {
    const kids = children(node);
    const inner: Node[] = [];
    let from = node.startIndex;
    let to = node.endIndex;
    let spread = false;
    for (const k of kids) {
      if (k.type === '"' || k.type === '$"') {
        if (k.startIndex === node.startIndex) from = k.endIndex;
        else to = k.startIndex;
      } else if (k.type === 'string_content') {
        inner.push(k);
      } else {
        inner.push(k);
        if (isSpread(k)) spread = true;
      }
    }
    // "" is a word of its own; "${a[@]}" alone is as many words as a has elements.
    if (!spread)
      out.push({
        kind: 'piece',
        text: '',
        src: { start: node.startIndex, end: node.startIndex },
        verbatim: true,
        quoted: true,
        literal: false,
      });
    const q: Ctx = { quoted: true, operand: false, depth: ctx.depth };
    let at = from;
    for (const k of inner) {
      this.gap(at, k.startIndex, q, out);
      if (k.type === 'string_content') doubleQuotedPieces(this.text(k.startIndex, k.endIndex), k.startIndex, out);
      else this.parts(k, q, out);
      at = Math.max(at, k.endIndex);
    }
    this.gap(at, to, q, out);
  }

  // ─────────────────────────── results ───────────────────────────

  /** One command word (adjacent nodes with nothing but line continuations between) → argv words. */
  words(group: Node[]): Word[] {
    const out: Part[] = [];
    for (const n of group) this.parts(n, TOP, out);
    const span = { start: group[0].startIndex, end: group[group.length - 1].endIndex };
    return splitFields(out).map((f) => toWord(f, { span, text: this.src }));
  }

  /** The right-hand side of NAME=value: no splitting, no globbing; array elements joined by spaces. */
  scalar(value: Node | null): ScalarValue {
    return this.scalarParts(value).value;
  }

  /** An assignment's value and the parts it was joined from (provenance.ts reads them). */
  scalarParts(value: Node | null): { value: ScalarValue; parts: Part[] } {
    const parts: Part[] = [];
    if (!value) return { value: { kind: 'scalar', text: '' }, parts };
    this.parts(value, TOP, parts);
    return { value: this.scalarFromParts(parts), parts };
  }

  /** The right-hand side of a[i]=value as an element that keeps its source. */
  elementWord(value: Node | null, at: number): Word {
    if (!value) return { text: '', span: { start: at, end: at }, segments: [] };
    const parts: Part[] = [];
    this.parts(value, TOP, parts);
    const pieces: Piece[] = parts.map((p) =>
      p.kind === 'break'
        ? {
            kind: 'piece',
            text: ' ',
            src: { start: value.startIndex, end: value.endIndex },
            verbatim: false,
            quoted: true,
            literal: false,
          }
        : { ...p, quoted: true },
    );
    return toWord(tildeChecked(pieces), { span: { start: value.startIndex, end: value.endIndex }, text: this.src });
  }

  /** Elements of an array literal `( ... )`, with explicit [index]= where written. */
  arrayElements(array: Node): { index?: number; words: Word[] }[] | 'unknown' {
    const kids = children(array).filter((k) => k.isNamed && k.type !== 'comment');
    const groups = groupAdjacent(kids, this.src);
    const result: { index?: number; words: Word[] }[] = [];
    for (const g of groups) {
      const indexed = this.indexedElement(g);
      if (indexed === 'unknown') return 'unknown';
      if (indexed) result.push(indexed);
      else result.push({ words: this.words(g) });
    }
    return result;
  }

  /** `[i]=value` inside ( ... ) (tree-sitter reads it as a concatenation starting with "["). */
  private indexedElement(group: Node[]): { index: number; words: Word[] } | 'unknown' | undefined {
    const first = group[0];
    if (group.length !== 1 || first.type !== 'concatenation') return undefined;
    const parts = children(first);
    if (parts[0]?.text !== '[') return undefined;
    const close = parts.findIndex((p, k) => k > 0 && p.type === 'word' && p.text === ']');
    const eq = parts[close + 1];
    if (close < 0 || !eq || eq.type !== 'word' || !eq.text.startsWith('=')) return undefined;
    const indexText = this.text(parts[1].startIndex, parts[close].startIndex).trim();
    let index: number | undefined;
    if (/^\d{1,15}$/.test(indexText)) index = Number(indexText);
    else if (close === 2) index = this.index(parts[1]);
    if (index === undefined) return 'unknown';
    const out: Part[] = [];
    unquotedPieces(this.text(eq.startIndex + 1, eq.endIndex), eq.startIndex + 1, out);
    for (const n of parts.slice(close + 2)) this.parts(n, TOP, out);
    const valueSpan = { start: eq.startIndex + 1, end: first.endIndex };
    const pieces = out.filter((p): p is Piece => p.kind === 'piece');
    const word = toWord(pieces, { span: valueSpan, text: this.src });
    if (pieces.length === 0) word.span = valueSpan;
    return { index, words: [word] };
  }
}

function tildeChecked(pieces: Piece[]): Piece[] {
  const first = pieces.find((p) => p.text.length > 0);
  if (first && first.literal && first.text.startsWith('~')) {
    return pieces.map((p) => (p === first ? { ...p, unknown: 'tilde expansion' } : p));
  }
  return pieces;
}
