// The ids under the cursor and their other occurrences, for navigation, hover and completion.
// Which keys are ids is the machine layer's reading (analysis/machine/ids.ts).
import type { InvocationAnalysis } from '../analysis/index';
import { idOccurrencesOf, type IdKind, type IdOccurrence } from '../analysis/machine/ids';

export { normaliseId, type IdKind, type IdOccurrence } from '../analysis/machine/ids';

export function idOccurrences(inv: InvocationAnalysis): IdOccurrence[] {
  return idOccurrencesOf(inv.options);
}

/** The id occurrence whose key=value covers the offset. */
export function idAt(inv: InvocationAnalysis, offset: number): IdOccurrence | undefined {
  return idOccurrences(inv).find((o) => o.prop.span.start <= offset && offset <= o.prop.span.end);
}

export function sameId(inv: InvocationAnalysis, target: { kind: IdKind; name: string }): IdOccurrence[] {
  return idOccurrences(inv).filter((o) => o.kind === target.kind && o.name === target.name);
}

/** Ids defined in the invocation, by kind, in command-line order, without duplicates. */
export function definedIds(inv: InvocationAnalysis, kind: IdKind): string[] {
  const seen = new Set<string>();
  for (const o of idOccurrences(inv)) if (o.kind === kind && o.definition) seen.add(o.name);
  return [...seen];
}
