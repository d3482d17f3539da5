// Everything that changes a variable, applied in document order: NAME=value, a[i]=v,
// a=(...), a+=(...), local/declare/typeset/export/readonly, unset, and the places whose value
// we cannot know (for loops, read, mapfile, getopts, let, printf -v, arithmetic) which make the
// variable unknown from there on.
import type { Node } from 'web-tree-sitter';
import type { Word } from '../types';
import { children } from './nodes';
import type { Expander } from './expand';
import { MAX_VALUE_CHARS, maxIndex, setElement, unknownScalar } from './env';
import type { ArrayValue, ScalarValue, Value } from './env';
import type { Part } from './fields';
import { templateOf } from './provenance';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Options {
  local?: boolean;
  associative?: boolean;
}

function unknownArray(reason: string): ArrayValue {
  return { kind: 'array', elements: new Map(), associative: false, unknown: reason };
}

/** A scalar turned into an array keeps its text as element 0. */
function asArray(v: Value | undefined, at: Node): ArrayValue {
  if (v === undefined || v.kind === 'unset') return { kind: 'array', elements: new Map(), associative: false };
  if (v.kind === 'array') return v;
  if (v.unknown !== undefined) return unknownArray(v.unknown);
  const span = { start: at.startIndex, end: at.endIndex };
  const w: Word = {
    text: v.text,
    span,
    segments: v.text ? [{ from: 0, to: v.text.length, src: span, verbatim: false }] : [],
  };
  return { kind: 'array', elements: new Map([[0, w]]), associative: false };
}

/** NAME=plain, NAME="plain", NAME='plain': values read straight from the text (most assignments). */
const SIMPLE = /^([A-Za-z_][A-Za-z0-9_]*)=(?:([^\s$`\\"'(){}[\]*?~;&|<>#]*)|"([^"$`\\]*)"|'([^']*)')$/;

export function applyAssignment(node: Node, ex: Expander, opts: Options = {}): void {
  const env = ex.env;
  const src = ex.source(node.startIndex, node.endIndex);
  const simple = SIMPLE.exec(src);
  if (simple && env.get(simple[1])?.kind !== 'array') {
    if (opts.local) env.declareLocal(simple[1]);
    env.set(simple[1], { kind: 'scalar', text: simple[2] ?? simple[3] ?? simple[4] ?? '' });
    return;
  }
  // One call for all children: each field lookup would be its own walk in the wasm side.
  const kids = children(node);
  let nameNode: Node | undefined;
  let value: Node | null = null;
  let append = false;
  for (const k of kids) {
    const t = k.type;
    if (!nameNode && (t === 'variable_name' || t === 'subscript')) nameNode = k;
    else if (t === '+=') append = true;
    else if (nameNode && t !== '=' && value === null) value = k;
  }
  if (!nameNode) return;

  if (nameNode.type === 'subscript') {
    const name = nameNode.childForFieldName('name')?.text ?? '';
    if (!NAME.test(name)) return;
    if (opts.local) env.declareLocal(name);
    env.beforeChange(name);
    const indexNode = nameNode.childForFieldName('index');
    const current = asArray(env.get(name), nameNode);
    if (current.unknown !== undefined || current.associative) return void env.set(name, current);
    const index = indexNode ? ex.index(indexNode) : undefined;
    if (index === undefined || append)
      return void env.set(name, unknownArray(`${name}[…] is assigned with an index or += we cannot follow`));
    const at = index < 0 ? index + maxIndex(current) + 1 : index;
    if (at < 0) return void env.set(name, unknownArray(`${name} is assigned at a negative index`));
    setElement(current, at, ex.elementWord(value, node.endIndex));
    env.set(name, current);
    return;
  }

  const name = nameNode.text;
  if (!NAME.test(name)) return;
  if (opts.local) env.declareLocal(name);
  env.beforeChange(name);

  if (value?.type === 'array') {
    const elements = ex.arrayElements(value);
    if (elements === 'unknown' || opts.associative) {
      env.set(
        name,
        opts.associative
          ? { kind: 'array', elements: new Map(), associative: true }
          : unknownArray(`${name} has an element index we cannot follow`),
      );
      return;
    }
    const target: ArrayValue = append
      ? asArray(env.get(name), nameNode)
      : { kind: 'array', elements: new Map(), associative: false };
    if (target.unknown !== undefined || target.associative) return void env.set(name, target);
    let next = maxIndex(target) + 1;
    for (const el of elements) {
      if (el.index !== undefined) next = el.index;
      for (const w of el.words) setElement(target, next++, w);
    }
    env.set(name, target);
    return;
  }

  const old = env.get(name);
  if (old?.kind === 'array') {
    // NAME=value on an array sets element 0 (NAME+=value appends to it: not followed).
    if (append || old.unknown !== undefined || old.associative)
      return void env.set(name, unknownArray(`${name} is assigned in a way we cannot follow`));
    setElement(old, 0, ex.elementWord(value, node.endIndex));
    return;
  }
  if (!append) return void env.set(name, scalarValue(value, ex));
  const v = ex.scalar(value);
  if (v.unknown !== undefined) return void env.set(name, v);
  if (old === undefined) return void env.set(name, unknownScalar('with += to a value from outside the script'));
  if (old.kind === 'unset') return void env.set(name, v);
  if (old.unknown !== undefined) return void env.set(name, old);
  const text = old.text + v.text;
  env.set(name, text.length > MAX_VALUE_CHARS ? unknownScalar('a value larger than 1 MiB') : { kind: 'scalar', text });
}

/**
 * NAME=value's value. A value that is text and plain `$X` mentions is marked as made by a
 * template (provenance.ts), so a statement whose inputs changed can be replayed with it made
 * again; the reads of any other value count as opaque.
 */
function scalarValue(value: Node | null, ex: Expander): ScalarValue {
  const env = ex.env;
  env.openWindow();
  let made: { value: ScalarValue; parts: Part[] } | undefined;
  try {
    made = ex.scalarParts(value);
  } finally {
    const reads = env.closeWindow();
    const template =
      made && made.value.unknown === undefined ? templateOf(made.parts, reads, (a, b) => ex.source(a, b)) : undefined;
    if (made && template) env.derive(made.value, template, made.value.text);
    else env.markOpaque(reads);
  }
  return (made as { value: ScalarValue }).value;
}

/** local / declare / typeset / export / readonly. */
export function applyDeclaration(node: Node, ex: Expander): void {
  const kids = children(node);
  const keyword = kids[0]?.type ?? '';
  let flags = '';
  for (const k of kids) if (k.type === 'word' && /^[-+]/.test(k.text)) flags += k.text.slice(1);
  const local =
    keyword === 'local' ||
    ((keyword === 'declare' || keyword === 'typeset') && ex.env.inFunction && !flags.includes('g'));
  const associative = flags.includes('A');
  for (const k of kids) {
    if (k.type === 'variable_assignment') {
      if (flags.includes('n') || flags.includes('i')) {
        const name = k.childForFieldName('name')?.text ?? '';
        if (NAME.test(name)) {
          if (local) ex.env.declareLocal(name);
          ex.env.set(name, unknownScalar(flags.includes('n') ? 'as a name reference' : 'as an integer (arithmetic)'));
        }
        continue;
      }
      applyAssignment(k, ex, { local, associative });
    } else if (k.type === 'variable_name' && NAME.test(k.text)) {
      const name = k.text;
      if (local) ex.env.declareLocal(name);
      if (associative) ex.env.set(name, { kind: 'array', elements: new Map(), associative: true });
      else if (flags.includes('a') && ex.env.get(name)?.kind !== 'array')
        ex.env.set(name, { kind: 'array', elements: new Map(), associative: false });
      else if (local) ex.env.set(name, { kind: 'unset' });
    }
  }
}

export function applyUnset(node: Node, ex: Expander): void {
  const kids = children(node);
  if (kids.some((k) => k.type === 'word' && /^-\w*f/.test(k.text))) return; // unset -f: functions
  for (const k of kids) {
    if (k.type === 'variable_name' && NAME.test(k.text)) ex.env.set(k.text, { kind: 'unset' });
    else if (k.isNamed && k.type !== 'word') {
      const m = /^['"]?([A-Za-z_][A-Za-z0-9_]*)\[/.exec(k.text);
      if (m) ex.env.set(m[1], unknownArray(`${m[1]} has elements removed by unset`));
    } else if (k.type === 'word' && !k.text.startsWith('-')) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[)?/.exec(k.text);
      if (m && m[2]) ex.env.set(m[1], unknownArray(`${m[1]} has elements removed by unset`));
      else if (m && m[0] === k.text) ex.env.set(m[1], { kind: 'unset' });
    }
  }
}

export function markUnknown(ex: Expander, name: string, reason: string, array = false): void {
  if (!NAME.test(name)) return;
  ex.env.set(name, array ? unknownArray(`${name} is assigned ${reason}`) : unknownScalar(reason));
}

const READ_ARGS = 'adinNptu';
const MAPFILE_ARGS = 'dnOsuCc';

/**
 * Builtins that assign variables we cannot know. `args` are the raw source texts of the
 * arguments (options and names are never quoted in practice; a quoted one is missed).
 */
export function applyAssigningBuiltin(command: string, args: string[], ex: Expander): void {
  switch (command) {
    case 'read': {
      let names = 0;
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (!a.startsWith('-') || a === '-') {
          markUnknown(ex, a, 'by read');
          names++;
          continue;
        }
        for (let c = 1; c < a.length; c++) {
          if (!READ_ARGS.includes(a[c])) continue;
          const operand = c + 1 < a.length ? a.slice(c + 1) : args[++i];
          if (a[c] === 'a' && operand) {
            markUnknown(ex, operand, 'by read -a', true);
            names++;
          }
          break;
        }
      }
      if (names === 0) markUnknown(ex, 'REPLY', 'by read');
      return;
    }
    case 'mapfile':
    case 'readarray': {
      let target = 'MAPFILE';
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a.startsWith('-')) {
          if (a.length === 2 && MAPFILE_ARGS.includes(a[1])) i++;
        } else target = a;
      }
      markUnknown(ex, target, `by ${command}`, true);
      return;
    }
    case 'getopts':
      if (args[1]) markUnknown(ex, args[1], 'by getopts');
      markUnknown(ex, 'OPTARG', 'by getopts');
      markUnknown(ex, 'OPTIND', 'by getopts');
      return;
    case 'let':
      for (const a of args) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(a);
        if (m) markUnknown(ex, m[1], 'in an arithmetic expression');
      }
      return;
    case 'printf': {
      const v = args.indexOf('-v');
      if (v >= 0 && args[v + 1]) markUnknown(ex, args[v + 1].replace(/\[.*$/, ''), 'by printf -v');
      return;
    }
  }
}

export const ASSIGNING_BUILTINS = new Set(['read', 'mapfile', 'readarray', 'getopts', 'let', 'printf']);

const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '^=', '|=', '**=']);

/** Variables assigned inside (( )), $(( )) or for (( )) become unknown. */
export function applyArithmetic(node: Node, ex: Expander): void {
  const stack: Node[] = [node];
  let budget = 10000;
  while (stack.length > 0 && budget-- > 0) {
    const n = stack.pop() as Node;
    const kids = children(n);
    if (n.type === 'variable_assignment') {
      const name = n.childForFieldName('name');
      if (name) markUnknown(ex, name.text, 'in an arithmetic expression');
    } else if (n.type === 'binary_expression') {
      const op = kids[1];
      if (op && ASSIGN_OPS.has(op.type)) markUnknown(ex, kids[0].text, 'in an arithmetic expression');
    } else if (n.type === 'postfix_expression' || n.type === 'unary_expression') {
      if (kids.some((k) => k.type === '++' || k.type === '--')) {
        const operand = kids.find((k) => k.isNamed);
        if (operand) markUnknown(ex, operand.text, 'in an arithmetic expression');
      }
    }
    for (const k of kids) if (k.isNamed) stack.push(k);
  }
}
