// `check` as compilers print: file:line:col: severity[code]: message, one per line, related
// locations as `note:` lines under it, so editors' and CI's problem matchers pick them up.
import type { FileReport } from './located';

export function formatText(reports: readonly FileReport[]): string {
  const out: string[] = [];
  for (const report of reports) {
    for (const d of report.diagnostics) {
      out.push(`${report.file}:${d.line}:${d.column}: ${d.severity}[${d.code}]: ${oneLine(d.message)}`);
      for (const r of d.related) out.push(`${report.file}:${r.line}:${r.column}: note: ${oneLine(r.message)}`);
    }
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/** "2 errors, 1 warning, 3 hints in 3 files" — for stderr, so stdout stays one diagnostic per line. */
export function summary(reports: readonly FileReport[]): string {
  const count = (severity: string) =>
    reports.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === severity).length, 0);
  const parts: string[] = [];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  parts.push(plural(count('error'), 'error'), plural(count('warning'), 'warning'));
  // Not called "notes": that word already marks the related-location lines above.
  if (count('information')) parts.push(`${count('information')} information`);
  if (count('hint')) parts.push(plural(count('hint'), 'hint'));
  return `${parts.join(', ')} in ${plural(reports.length, 'file')}`;
}

/** A message with a newline would break the one-diagnostic-per-line contract. */
function oneLine(message: string): string {
  return message.replace(/\r?\n/g, ' ');
}
