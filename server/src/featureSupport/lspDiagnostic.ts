// One analysis Diagnostic as an LSP Diagnostic: code, related information, tags, source 'qemu-launch'.
// Published by features/diagnostics.ts and matched against the client's diagnostics by features/codeActions.ts.
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
