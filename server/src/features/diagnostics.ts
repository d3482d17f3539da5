// Analysis diagnostics → LSP diagnostics: code, related information, tags, source 'qemu-launch'.
// (the conversion itself is featureSupport/lspDiagnostic.ts, shared with code actions).
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/index';
import type { Severity } from '../analysis/types';
import { toLspDiagnostic } from '../featureSupport/lspDiagnostic';

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
  return list.map((d) => toLspDiagnostic(analysis, uri, d));
}
