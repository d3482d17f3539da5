// One analysis Diagnostic as an LSP Diagnostic: code, related information, tags, source 'qemu-launch'.
// Published by features/diagnostics.ts and matched against the client's diagnostics by features/codeActions.ts.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/index';
import type { Diagnostic, Severity, Span } from '../analysis/types';
import type { LineIndex } from '../analysis/text';
import { toRange } from './convert';

export const SOURCE = 'qemu-launch';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The field mappings toLspDiagnostic and isLspDiagnosticOf share, so the two cannot drift apart. */
function lspSeverity(s: Severity): DiagnosticSeverity {
  return SEVERITY[s] ?? DiagnosticSeverity.Error;
}

function lspTag(t: NonNullable<Diagnostic['tags']>[number]): DiagnosticTag {
  return t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated;
}

export function toLspDiagnostic(analysis: Analysis, uri: string, d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toRange(analysis, d.span),
    severity: lspSeverity(d.severity),
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
    out.tags = d.tags.map(lspTag);
  }
  return out;
}

/**
 * Whether `lsp` is what toLspDiagnostic(analysis, uri, d) would make now (same range, severity,
 * code, message, related information and tags), checked without building it.
 */
export function isLspDiagnosticOf(lsp: LspDiagnostic, analysis: Analysis, uri: string, d: Diagnostic): boolean {
  if (
    lsp.message !== d.message ||
    lsp.code !== d.code ||
    lsp.severity !== lspSeverity(d.severity) ||
    !sameRange(lsp.range, analysis.lines, d.span)
  )
    return false;
  const related = d.related?.length ? d.related : undefined;
  const had = lsp.relatedInformation;
  if (!related || !had) {
    if (related || had) return false;
  } else {
    if (related.length !== had.length) return false;
    for (let i = 0; i < related.length; i++) {
      const r = had[i];
      if (r.message !== related[i].message || r.location.uri !== uri) return false;
      if (!sameRange(r.location.range, analysis.lines, related[i].span)) return false;
    }
  }
  const tags = d.tags?.length ? d.tags : undefined;
  if (!tags || !lsp.tags) return !tags && !lsp.tags;
  if (tags.length !== lsp.tags.length) return false;
  for (let i = 0; i < tags.length; i++) if (lsp.tags[i] !== lspTag(tags[i])) return false;
  return true;
}

function sameRange(range: LspDiagnostic['range'], lines: LineIndex, span: Span): boolean {
  const start = lines.positionAt(span.start);
  if (range.start.line !== start.line || range.start.character !== start.character) return false;
  const end = lines.positionAt(span.end);
  return range.end.line === end.line && range.end.character === end.character;
}
