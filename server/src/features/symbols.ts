// Outline: one symbol per QEMU invocation, with its machine, NUMA nodes, memory backends and
// memory devices as children. The invocation's range covers its options wherever they are
// written (arrays), so every child lies inside its parent as clients expect.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { Analysis, InvocationAnalysis } from '../analysis/index';
import type { QemuOption, Span } from '../analysis/types';
import { humanSize } from '../analysis/format';
import { toRange } from '../featureSupport/convert';

export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  return analysis.invocations.map((inv) => invocationSymbol(analysis, inv));
}

function invocationSymbol(analysis: Analysis, inv: InvocationAnalysis): DocumentSymbol {
  const { machine } = inv;
  // A command built in an array reaches back to where the array is written: the symbol covers both.
  const span = { ...inv.invocation.span };
  for (const o of inv.options) {
    if (o.span.end - o.span.start > 0 && o.span.start < span.start) span.start = o.span.start;
    if (o.span.end > span.end) span.end = o.span.end;
  }
  const children: DocumentSymbol[] = [];
  const child = (name: string, detail: string, kind: SymbolKind, option: QemuOption, select?: Span) => {
    if (option.span.start < span.start || option.span.end > span.end) return;
    const sel = select && select.start >= option.span.start && select.end <= option.span.end ? select : option.nameSpan;
    // Clients reject a symbol without a name (VS Code: "name must not be falsy"); `id=` can be empty.
    children.push({
      name: name.trim() ? name : '(unnamed)',
      detail,
      kind,
      range: toRange(analysis, option.span),
      selectionRange: toRange(analysis, sel),
    });
  };

  const machineOption = machine.machineOption ?? machine.memoryOption;
  if (machineOption) {
    const mem =
      machine.maxmem > machine.ramSize
        ? `${humanSize(machine.ramSize)}, maxmem ${humanSize(machine.maxmem)}`
        : humanSize(machine.ramSize);
    child(`machine ${machine.typeName}`, mem, SymbolKind.Class, machineOption);
  }
  for (const node of machine.nodes) {
    const parts = [node.memdev ? `memdev ${node.memdev}` : node.size > 0n ? 'mem' : 'no memory'];
    if (node.size > 0n) parts.push(humanSize(node.size));
    if (node.memmapType !== 'normal') parts.push(node.memmapType);
    child(
      `node ${node.nodeid}`,
      parts.join(', '),
      SymbolKind.Namespace,
      node.option,
      node.props.get('nodeid')?.valueSpan,
    );
  }
  for (const b of machine.backends) {
    const detail = b.size !== undefined ? `${b.qomType}, ${humanSize(b.size)}` : b.qomType;
    child(b.id || b.qomType, detail, SymbolKind.Object, b.option, b.props.get('id')?.valueSpan);
  }
  for (const d of machine.devices) {
    const detail = [d.driver, d.memdev ? `memdev ${d.memdev}` : '', `node ${d.node}`].filter(Boolean).join(', ');
    child(d.id || d.driver, detail, SymbolKind.Variable, d.option, d.props.get('id')?.valueSpan);
  }
  children.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);

  const detail = [machine.typeName, humanSize(machine.ramSize)];
  if (machine.nodes.length) detail.push(`${machine.nodes.length} node${machine.nodes.length === 1 ? '' : 's'}`);
  const program = inv.invocation.program;
  const selection =
    program.span.start >= span.start && program.span.end <= span.end
      ? program.span
      : { start: span.start, end: span.start };
  return {
    name: program.text.trim() ? program.text : 'qemu',
    detail: detail.join(', '),
    kind: SymbolKind.Function,
    range: toRange(analysis, span),
    selectionRange: toRange(analysis, selection),
    children,
  };
}
