// Whether QEMU would refuse an invocation, for every view of its address map (map text and JSON,
// webview, hover): a map of a line QEMU refuses is never shown as if it were what the guest gets.
import type { Diagnostic } from './types';
import type { InvocationAnalysis } from './result';

/** The error QEMU would stop at first — the earliest in the text — or undefined when it starts the guest. */
export function firstError(inv: Pick<InvocationAnalysis, 'diagnostics'>): Diagnostic | undefined {
  let first: Diagnostic | undefined;
  for (const d of inv.diagnostics) if (d.severity === 'error' && (!first || d.span.start < first.span.start)) first = d;
  return first;
}
