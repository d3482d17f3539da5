// Finds the QEMU commands of a script: one walk over the tree in document order, applying
// assignments as they come (so a use sees the last assignment textually before it) and
// expanding only the commands that may run QEMU. Linear in the size of the script.
import type { Node, Tree } from 'web-tree-sitter';
import type { Diagnostic, Invocation, Span, Word } from '../types';
import { Env } from './env';
import { Expander, children, groupAdjacent } from './expand';
import { ASSIGNING_BUILTINS, applyArithmetic, applyAssigningBuiltin, applyAssignment, applyDeclaration, applyUnset, markUnknown } from './assignments';
import { findProgram, mayRunQemu } from './prefixes';

export const UNRESOLVED_CODE = 'QL-shell-001';

/** Deeper nesting than this (subshells in subshells ...) is not walked: bounded stack, bounded time. */
const MAX_NESTING = 256;

const SKIP = new Set(['comment', 'heredoc_body', 'heredoc_content', 'heredoc_start', 'heredoc_end', 'word', 'number', 'raw_string', 'ansi_c_string', 'string_content', 'variable_name', 'special_variable_name', 'file_descriptor']);

export interface ShellResult {
  invocations: Invocation[];
  diagnostics: Diagnostic[];
}

/** Never throws: a failure inside the walk yields what was found up to there. */
export function findInvocations(tree: Tree, text: string): ShellResult {
  const walker = new Walker(text);
  try {
    walker.walk(tree.rootNode, 0, []);
  } catch {
    // A grammar shape we did not expect: keep what was found so far rather than fail the document.
  }
  return { invocations: walker.invocations, diagnostics: walker.diagnostics };
}

/** findInvocations without the safety net, so tests see a failure instead of a silent partial result. */
export function findInvocationsStrict(tree: Tree, text: string): ShellResult {
  const walker = new Walker(text);
  walker.walk(tree.rootNode, 0, []);
  return { invocations: walker.invocations, diagnostics: walker.diagnostics };
}

class Walker {
  readonly invocations: Invocation[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private readonly reported = new Set<string>();
  private readonly ex: Expander;

  constructor(private readonly text: string) {
    this.ex = new Expander(text, new Env());
  }

  walk(node: Node, depth: number, extra: Node[]): void {
    if (depth > MAX_NESTING) return;
    const type = node.type;
    if (SKIP.has(type)) return;
    switch (type) {
      case 'command':
        this.command(node, extra);
        for (const c of children(node)) {
          if (c.type === 'variable_assignment') this.walkChildren(c, depth + 1); // NAME=x cmd: for cmd only
          else this.walk(c, depth + 1, []);
        }
        return;
      case 'redirected_statement': {
        // Node objects are fresh on every access: compare by id, not identity.
        const bodyId = node.childForFieldName('body')?.id;
        const kids = children(node);
        const extraArgs = extraRedirectArgs(kids.filter((c) => c.id !== bodyId));
        for (const c of kids) this.walk(c, depth + 1, c.id === bodyId ? extraArgs : []);
        return;
      }
      case 'variable_assignment':
        this.walkChildren(node, depth + 1);
        applyAssignment(node, this.ex);
        return;
      case 'declaration_command':
        // The assignments are applied by applyDeclaration (local ones are scoped), not one by one.
        for (const c of children(node)) {
          if (c.type === 'variable_assignment') this.walkChildren(c, depth + 1);
          else this.walk(c, depth + 1, []);
        }
        applyDeclaration(node, this.ex);
        return;
      case 'unset_command':
        applyUnset(node, this.ex);
        return;
      case 'for_statement':
      case 'select_statement': {
        const v = node.childForFieldName('variable');
        for (const c of children(node)) {
          if (c.type === 'do_group' && v) markUnknown(this.ex, v.text, `by a ${type === 'for_statement' ? 'for' : 'select'} loop`);
          this.walk(c, depth + 1, []);
        }
        return;
      }
      case 'c_style_for_statement':
        applyArithmetic(node, this.ex);
        for (const c of children(node)) if (c.type === 'do_group' || c.type === 'compound_statement') this.walk(c, depth + 1, []);
        return;
      case 'arithmetic_expansion':
        applyArithmetic(node, this.ex);
        return;
      case 'compound_statement':
        if (node.firstChild?.type === '((') {
          applyArithmetic(node, this.ex);
          return;
        }
        break;
      case 'function_definition':
        this.ex.env.enterFunction();
        try {
          this.walkChildren(node, depth + 1);
        } finally {
          this.ex.env.leaveFunction();
        }
        return;
      case 'expansion': {
        // : ${MEM:=4G} assigns; expanding it applies that (a second time is a no-op).
        const op = children(node).find((c) => c.type === ':=' || c.type === '=');
        if (op) this.ex.parts(node, { quoted: false, operand: false, depth: 0 }, []);
        break;
      }
    }
    this.walkChildren(node, depth + 1);
  }

  private walkChildren(node: Node, depth: number): void {
    for (const c of children(node)) this.walk(c, depth, []);
  }

  /** A simple command: if it runs QEMU, record the invocation; if it assigns (read, let ...), apply that. */
  private command(node: Node, extra: Node[]): void {
    const nameNode = node.childForFieldName('name');
    if (!nameNode) return;
    const nameText = this.text.slice(nameNode.startIndex, nameNode.endIndex);
    const literalName = /^[A-Za-z0-9_./+-]+$/.test(nameText);
    if (literalName && ASSIGNING_BUILTINS.has(nameText)) {
      const args: string[] = [];
      node.children.forEach((c, i) => {
        if (c && node.fieldNameForChild(i) === 'argument') args.push(this.text.slice(c.startIndex, c.endIndex));
      });
      applyAssigningBuiltin(nameText, args, this.ex);
      return;
    }
    if (literalName && !mayRunQemu(nameText)) return;

    const argv: Node[] = [];
    const kids = node.children;
    for (let i = 0; i < kids.length; i++) {
      const c = kids[i];
      if (!c) continue;
      const field = node.fieldNameForChild(i);
      if (field === 'name') argv.push(...children(c));
      else if (field === 'argument') argv.push(c);
      else if (field === 'redirect') argv.push(...extraRedirectArgs([c]));
    }
    argv.push(...extra);
    argv.sort((a, b) => a.startIndex - b.startIndex);
    if (argv.length === 0) return;
    const words: Word[] = [];
    for (const g of groupAdjacent(argv, this.text)) for (const w of this.ex.words(g)) words.push(w);
    const p = findProgram(words);
    if (p < 0) return;
    const end = Math.max(node.endIndex, argv[argv.length - 1].endIndex);
    const invocation: Invocation = { program: words[p], args: words.slice(p + 1), span: { start: node.startIndex, end } };
    this.invocations.push(invocation);
    for (const w of invocation.args) if (w.unknown) this.report(w.unknown.span, w.unknown.reason);
  }

  private report(span: Span, reason: string): void {
    const key = `${span.start}:${span.end}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const src = this.text.slice(span.start, span.end).replace(/\s+/g, ' ');
    const shown = src.length > 40 ? `${src.slice(0, 39)}…` : src;
    this.diagnostics.push({
      span,
      severity: 'information',
      code: UNRESOLVED_CODE,
      message: `\`${shown}\` cannot be resolved statically (${reason}); checks that depend on it are skipped`,
    });
  }
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
