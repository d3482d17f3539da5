// Small helpers over tree-sitter nodes shared by the shell front end.
import type { Node } from 'web-tree-sitter';

/**
 * Non-null children, in one call to the wasm side. web-tree-sitter keeps the array it made on
 * the node (`_children`), so every node the walk reached stayed alive for as long as its
 * top-level statement or an event list held an ancestor: 7 MB of node objects on a
 * 10,000-line script, copied by every young-generation collection until promoted. The copy
 * returned here is the caller's; the node forgets its own.
 */
export function children(node: Node): Node[] {
  const kids = node.children.filter((c): c is Node => c !== null);
  (node as unknown as NodeInternals)._children = undefined;
  return kids;
}

/** The field where web-tree-sitter 0.25 caches Node.children (test/unit/shell/nodes.test.ts checks it). */
export interface NodeInternals {
  _children?: unknown;
}

/** "${a[@]}" and its slices "${a[@]:1}": as many words as elements (with :- etc. they are not). */
export function isSpread(n: Node): boolean {
  if (n.type === 'simple_expansion') return n.text === '$@';
  if (n.type !== 'expansion') return false;
  const kids = children(n);
  const sub = kids.find((c) => c.type === 'subscript');
  if (!sub || sub.childForFieldName('index')?.text !== '@') return false;
  return kids.every((c) => c.isNamed || c.type === '${' || c.type === '}' || c.type === ':');
}

/** True when src[from, to) is nothing but line continuations (so both sides are one bash word). */
export function onlyContinuations(src: string, from: number, to: number): boolean {
  let i = from;
  while (i < to) {
    if (src.charCodeAt(i) !== 92) return false;
    if (src.charCodeAt(i + 1) === 10) i += 2;
    else if (src.charCodeAt(i + 1) === 13 && src.charCodeAt(i + 2) === 10) i += 3;
    else return false;
  }
  return true;
}

/** Groups nodes that touch (or are joined by `\` newline) into the words bash sees. */
export function groupAdjacent(nodes: Node[], src: string): Node[][] {
  const groups: Node[][] = [];
  let prev: Node | undefined;
  for (const n of nodes) {
    if (prev && onlyContinuations(src, prev.endIndex, n.startIndex)) groups[groups.length - 1].push(n);
    else groups.push([n]);
    prev = n;
  }
  return groups;
}
