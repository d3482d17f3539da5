// Definition, references, document highlight, prepareRename and rename for the ids of a
// QEMU command line (see ids.ts). Only occurrences written literally in the script are edited;
// a rename that would have to change a value built by the shell is refused with a reason.
import {
  DocumentHighlightKind,
  type DocumentHighlight,
  type Location,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/index';
import { invocationAt, toRange, writtenAt } from '../featureSupport/convert';
import { idAt, sameId, type IdKind, type IdOccurrence } from '../featureSupport/ids';

function occurrencesAt(analysis: Analysis, position: Position): { at: IdOccurrence; all: IdOccurrence[] } | undefined {
  const offset = analysis.lines.offsetAt(position);
  const inv = invocationAt(analysis, offset);
  if (!inv) return undefined;
  const at = idAt(inv, offset);
  if (!at) return undefined;
  return { at, all: dedupe(sameId(inv, at)) };
}

/** An array element used by two commands is one place in the text: report it once. */
function dedupe(list: IdOccurrence[]): IdOccurrence[] {
  const seen = new Set<string>();
  return list.filter((o) => {
    const key = `${o.prop.valueSpan.start}:${o.prop.valueSpan.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function definition(analysis: Analysis, uri: string, position: Position): Location[] {
  const found = occurrencesAt(analysis, position);
  if (!found) return [];
  return found.all.filter((o) => o.definition).map((o) => ({ uri, range: toRange(analysis, o.prop.valueSpan) }));
}

export function references(
  analysis: Analysis,
  uri: string,
  position: Position,
  includeDeclaration: boolean,
): Location[] {
  const found = occurrencesAt(analysis, position);
  if (!found) return [];
  return found.all
    .filter((o) => includeDeclaration || !o.definition)
    .map((o) => ({ uri, range: toRange(analysis, o.prop.valueSpan) }));
}

export function documentHighlights(analysis: Analysis, position: Position): DocumentHighlight[] {
  const found = occurrencesAt(analysis, position);
  if (!found) return [];
  return found.all.map((o) => ({
    range: toRange(analysis, o.prop.valueSpan),
    kind: o.definition ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}

export function prepareRename(analysis: Analysis, position: Position): { range: Range; placeholder: string } | null {
  const found = occurrencesAt(analysis, position);
  if (!found || !writtenAt(analysis, found.at.prop.valueSpan, found.at.prop.value)) return null;
  return { range: toRange(analysis, found.at.prop.valueSpan), placeholder: found.at.prop.value };
}

/** QEMU's id_wellformed(): a letter, then letters, digits, '-', '.', '_' (also safe unquoted in bash). */
const QEMU_ID = /^[A-Za-z][A-Za-z0-9._-]*$/;

export function validNewName(kind: IdKind, name: string): string | undefined {
  if (kind === 'node') return /^\d{1,9}$/.test(name) ? undefined : `A NUMA node id is a number, not '${name}'.`;
  return QEMU_ID.test(name)
    ? undefined
    : `'${name}' is not a valid QEMU id: it must start with a letter and contain only letters, digits, '-', '.' and '_'.`;
}

/** The edit, or a message saying why the rename cannot be done. */
export function rename(
  analysis: Analysis,
  uri: string,
  position: Position,
  newName: string,
): WorkspaceEdit | string | null {
  const found = occurrencesAt(analysis, position);
  if (!found) return null;
  const problem = validNewName(found.at.kind, newName);
  if (problem) return problem;
  const edits: TextEdit[] = [];
  for (const o of found.all) {
    if (!writtenAt(analysis, o.prop.valueSpan, o.prop.value)) {
      const line = analysis.lines.positionAt(o.prop.span.start).line + 1;
      return `'${o.prop.value}' on line ${line} is built by the shell (a variable or an escape); rename it by hand.`;
    }
    edits.push({ range: toRange(analysis, o.prop.valueSpan), newText: newName });
  }
  return { changes: { [uri]: edits } };
}
