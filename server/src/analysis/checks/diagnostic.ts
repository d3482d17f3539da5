// One way to build a diagnostic, so every rule fills the same fields the same way.
import type { Diagnostic, Fix, Related, Severity, Span } from '../types';

export function diag(
  code: string,
  severity: Severity,
  span: Span,
  message: string,
  extra: { related?: (Related | undefined)[]; fixes?: (Fix | undefined)[]; tags?: Diagnostic['tags'] } = {},
): Diagnostic {
  const d: Diagnostic = { code, severity, span, message };
  const related = (extra.related ?? []).filter((r): r is Related => !!r);
  const fixes = (extra.fixes ?? []).filter((f): f is Fix => !!f && f.edits.length > 0 && !overlapping(f));
  if (related.length) d.related = related;
  // A lone fix is the obvious one: editors may apply it with "auto fix".
  if (fixes.length === 1 && fixes[0].preferred === undefined) fixes[0] = { ...fixes[0], preferred: true };
  if (fixes.length) d.fixes = fixes;
  if (extra.tags?.length) d.tags = extra.tags;
  return d;
}

/**
 * Two edits on the same characters: both values came from one shell word that is not their
 * text (e.g. -m "$MEM" with MEM=4G,maxmem=8G), so the fix would be a guess; LSP refuses it too.
 */
function overlapping(fix: Fix): boolean {
  const spans = fix.edits.map((e) => e.span).sort((a, b) => a.start - b.start || a.end - b.end);
  return spans.some(
    (s, i) =>
      i > 0 &&
      (s.start < spans[i - 1].end || (s.start === spans[i - 1].start && s.end === spans[i - 1].end && s.end > s.start)),
  );
}
