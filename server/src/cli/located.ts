// Diagnostics with 1-based positions: the one conversion every output format shares.
// Columns count UTF-16 code units, as LSP and VS Code do (equal to characters outside the
// astral planes); endColumn is exclusive (the column just after the last character), which is
// also SARIF's definition of endColumn.
import type { Analysis } from '../analysis/index';
import type { Diagnostic, Severity } from '../analysis/types';

export interface Located {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface LocatedDiagnostic extends Located {
  severity: Severity;
  code: string;
  message: string;
  related: (Located & { message: string })[];
}

/** The diagnostics of one checked file. */
export interface FileReport {
  file: string;
  diagnostics: LocatedDiagnostic[];
}

export function locate(analysis: Analysis, span: { start: number; end: number }): Located {
  const range = analysis.lines.range(span);
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

export function locateDiagnostic(analysis: Analysis, d: Diagnostic): LocatedDiagnostic {
  return {
    ...locate(analysis, d.span),
    severity: d.severity,
    code: d.code,
    message: d.message,
    related: (d.related ?? []).map((r) => ({ ...locate(analysis, r.span), message: r.message })),
  };
}

export function fileReport(file: string, analysis: Analysis): FileReport {
  return { file, diagnostics: analysis.diagnostics.map((d) => locateDiagnostic(analysis, d)) };
}
