// Analysis diagnostics → LSP diagnostics: code, related information, tags, source 'qemu-launch'.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/index';
import type { Diagnostic, Severity } from '../analysis/types';
import { toRange } from './convert';

export const SOURCE = 'qemu-launch';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(analysis: Analysis, uri: string, d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toRange(analysis, d.span),
    severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: SOURCE,
    message: d.message,
  };
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({
      location: { uri, range: toRange(analysis, r.span) },
      message: r.message,
    }));
  }
  if (d.tags?.length) {
    out.tags = d.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  }
  return out;
}

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
