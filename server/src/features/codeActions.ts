// Quick fixes: each Fix the checks attached to a diagnostic becomes one CodeAction whose
// WorkspaceEdit is exactly the fix's edits (the checks already keep the script's layout).
import { CodeActionKind, type CodeAction, type Range, type TextEdit } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/index';
import type { Fix } from '../analysis/types';
import { toLspDiagnostic } from '../featureSupport/lspDiagnostic';
import { toRange } from '../featureSupport/convert';

export function codeActions(analysis: Analysis, uri: string, range: Range, only?: string[]): CodeAction[] {
  if (
    only &&
    !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.') || k === '')
  )
    return [];
  const start = analysis.lines.offsetAt(range.start);
  const end = analysis.lines.offsetAt(range.end);
  const actions: CodeAction[] = [];
  for (const d of analysis.diagnostics) {
    if (!d.fixes?.length || d.span.start > end || d.span.end < start) continue;
    const diagnostic = toLspDiagnostic(analysis, uri, d);
    for (const fix of d.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred || undefined,
        edit: { changes: { [uri]: fixEdits(analysis, fix) } },
      });
    }
  }
  return actions;
}

/** Edits sorted and clipped to the document; overlapping edits would be rejected by clients. */
export function fixEdits(analysis: Analysis, fix: Fix): TextEdit[] {
  const n = analysis.text.length;
  return [...fix.edits]
    .map((e) => ({
      start: Math.max(0, Math.min(e.span.start, n)),
      end: Math.max(0, Math.min(e.span.end, n)),
      newText: e.newText,
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((e) => ({ range: toRange(analysis, { start: e.start, end: Math.max(e.start, e.end) }), newText: e.newText }));
}
