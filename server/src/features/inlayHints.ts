// Inlay hints: the guest range after each memory device, after the memdev= of each NUMA node
// with memory, and after each SPM node (v4 spm=on / v7 memmap-type), e.g. `⟶ 0x1_0000_0000–0x2_ffff_ffff`.
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/index';
import type { QemuOption, Span } from '../analysis/types';
import {
  deviceLanding,
  formatHint,
  formatLanding,
  formatUnplaced,
  nodeLanding,
  unplacedOf,
  type Landing,
} from '../featureSupport/landing';
import { firstError } from '../analysis/refusal';

export function inlayHints(analysis: Analysis, range: Range): InlayHint[] {
  const from = analysis.lines.offsetAt(range.start);
  const to = analysis.lines.offsetAt(range.end);
  const hints: InlayHint[] = [];
  const seen = new Set<number>();
  let refused = false;
  const visible = (at: Span, option: QemuOption) =>
    at.end >= from &&
    at.end <= to &&
    !seen.has(at.end) &&
    // Only where the text is the option itself (not inside a variable defined elsewhere).
    at.end >= option.span.start &&
    at.end <= option.span.end;
  /** One hint at the end of `at`, once per place, where the option's own text is visible. */
  const push = (at: Span, option: QemuOption, label: string, tooltip: string) => {
    if (!visible(at, option)) return;
    seen.add(at.end);
    hints.push({
      position: analysis.lines.positionAt(at.end),
      label,
      kind: InlayHintKind.Type,
      paddingLeft: true,
      tooltip,
    });
  };
  const add = (at: Span, option: QemuOption, landing: Landing | undefined) => {
    if (!landing) return;
    // On a line QEMU refuses, the range is what the line asks for, not what a guest gets.
    const tooltip = refused
      ? `${formatLanding(landing)} (QEMU would refuse this command line: no guest gets this map)`
      : formatLanding(landing);
    push(at, option, formatHint(landing), tooltip);
  };
  for (const inv of analysis.invocations) {
    const span = inv.invocation.span;
    if (span.end < from || span.start > to) continue;
    refused = firstError(inv) !== undefined;
    for (const d of inv.machine.devices) {
      add(d.option.span, d.option, deviceLanding(inv, d));
      // A memory device QEMU refuses lands nowhere: said where its range would be.
      const u = unplacedOf(inv, d);
      if (u) push(d.option.span, d.option, '⟶ not placed', formatUnplaced(u));
    }
    for (const n of inv.machine.nodes) {
      if (n.size === 0n) continue;
      const at =
        n.memmapType !== 'normal'
          ? n.option.span
          : ((n.props.get('memdev') ?? n.props.get('mem'))?.span ?? n.option.span);
      add(at, n.option, nodeLanding(inv, n));
    }
  }
  return hints.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}
