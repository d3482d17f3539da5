// `check --format json`: one object per file, in the order the files were named:
//   [{"file", "diagnostics": [{"line","column","endLine","endColumn","severity","code","message"}]}]
// Exactly the documented fields (1-based; endColumn exclusive), so consumers can rely on them.
import type { FileReport } from './located';

export function formatJson(reports: readonly FileReport[]): string {
  const value = reports.map((r) => ({
    file: r.file,
    diagnostics: r.diagnostics.map((d) => ({
      line: d.line,
      column: d.column,
      endLine: d.endLine,
      endColumn: d.endColumn,
      severity: d.severity,
      code: d.code,
      message: d.message,
    })),
  }));
  return JSON.stringify(value, null, 2) + '\n';
}
