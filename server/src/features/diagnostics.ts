// Analysis diagnostics → LSP diagnostics: code, related information, tags, source 'qemu-launch'.
// (the conversion itself is featureSupport/lspDiagnostic.ts, shared with code actions).
// Every edit republishes all of a document's diagnostics, and nearly all are the ones published
// before: the analysis keeps a command's diagnostic objects while the command is unchanged (it
// shifts their spans in place). A diagnostic whose LSP form would be the same as last time is
// published as the same frozen object, which the writer (publishEncoder.ts) does not serialise again.
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/index';
import type { Diagnostic, Severity } from '../analysis/types';
import { isLspDiagnosticOf, toLspDiagnostic } from '../featureSupport/lspDiagnostic';

/**
 * VS Code shows at most 1,000 diagnostics per file and other clients slow down long before a
 * generated script's 100,000; past the cap the most severe are kept, in document order.
 */
export const MAX_DIAGNOSTICS = 1000;

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

export function documentDiagnostics(analysis: Analysis, uri: string): LspDiagnostic[] {
  let list = analysis.diagnostics;
  if (list.length > MAX_DIAGNOSTICS) {
    const keep = new Set(
      list
        .map((d, i) => ({ d, i }))
        .sort((a, b) => (RANK[a.d.severity] ?? 9) - (RANK[b.d.severity] ?? 9) || a.i - b.i)
        .slice(0, MAX_DIAGNOSTICS)
        .map((x) => x.d),
    );
    list = list.filter((d) => keep.has(d));
  }
  return list.map((d) => published(analysis, uri, d));
}

/** What was last published for each analysis diagnostic (dropped with it). */
const lastPublished = new WeakMap<Diagnostic, LspDiagnostic>();

function published(analysis: Analysis, uri: string, d: Diagnostic): LspDiagnostic {
  const last = lastPublished.get(d);
  if (last && isLspDiagnosticOf(last, analysis, uri, d)) return last;
  const lsp = deepFreeze(toLspDiagnostic(analysis, uri, d));
  lastPublished.set(d, lsp);
  return lsp;
}

/** Frozen all through: the writer keeps a frozen diagnostic's bytes for as long as it lives. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
