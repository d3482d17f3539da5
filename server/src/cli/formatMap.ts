// `map` as text: per QEMU invocation, the machine and RAM split, then E820, SRAT, device
// memory and memory devices as tables in QEMU's own order. Addresses are lowercase 0x hex, as
// QEMU prints them; sizes also in binary units for the eye. Built from the same JSON shape as
// `map --json` (analysis/mapJson.ts) so both outputs always agree.
import type { FileMapJson, InvocationMapJson, MapRange } from '../analysis/mapJson';
import { humanSize } from '../analysis/format';
import { e820TypeCell, sratFlagsCell, unplacedReason } from '../analysis/layout/tableNames';

function size(hexLength: string): string {
  return humanSize(BigInt(hexLength));
}

function end(range: MapRange): string {
  return '0x' + (BigInt(range.start) + BigInt(range.length)).toString(16);
}

/** Left-aligned columns separated by two spaces, indented under the section title. */
function table(header: string[], rows: string[][], indent = '    '): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    indent + cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)];
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

function formatInvocation(file: string, inv: InvocationMapJson): string[] {
  const out: string[] = [];
  out.push(`${file}:${inv.line}: machine ${inv.machine}, RAM ${inv.ramSize} (${size(inv.ramSize)})`);
  const cpu = inv.vendorAssumed ? `${inv.cpuVendor} (assumed: --host-cpu-vendor)` : inv.cpuVendor;
  out.push(
    `  RAM split: below 4G 0x0 +${inv.below4g} (${size(inv.below4g)}), ` +
      `above 4G ${inv.above4gStart} +${inv.above4g} (${size(inv.above4g)}); CPU vendor ${cpu}`,
  );
  out.push(
    inv.deviceMemory
      ? `  Device memory: ${inv.deviceMemory.start} - ${end(inv.deviceMemory)} (${size(inv.deviceMemory.length)})`
      : '  Device memory: none (no maxmem above the RAM size)',
  );
  if (inv.incomplete) out.push('  Note: part of the command line could not be resolved; the map may be incomplete.');
  if (inv.refused) {
    const errors = inv.diagnostics.filter((d) => d.severity === 'error').length;
    const more =
      errors > 1 ? ` (and ${errors - 1} more error${errors === 2 ? '' : 's'}: see \`qemu-launch check\`)` : '';
    out.push(
      `  REFUSED: QEMU would refuse this command line: ${file}:${inv.refused.line}: ${inv.refused.code} ${firstLine(inv.refused.message)}${more}`,
      '  The tables below are what the line asks for, not what a guest gets.',
    );
  }

  if (inv.nodes.length) {
    out.push('', '  NUMA nodes (boot RAM):');
    out.push(
      ...table(
        ['node', 'start', 'length', 'size', 'memdev', 'memmap-type', 'line'],
        inv.nodes.map((n) => [
          String(n.node),
          n.start,
          n.length,
          size(n.length),
          n.memdev ?? '-',
          n.memmapType,
          String(n.line),
        ]),
      ),
    );
  }

  out.push('', "  E820 (in QEMU's order):");
  out.push(
    ...table(
      ['start', 'length', 'size', 'type'],
      inv.e820.map((e) => [e.start, e.length, size(e.length), e820TypeCell(e.type)]),
    ),
  );

  out.push('');
  if (inv.srat.length) {
    out.push('  SRAT memory affinity (in table order):');
    out.push(
      ...table(
        ['start', 'length', 'size', 'node', 'flags'],
        inv.srat.map((s) => [
          s.start,
          s.length,
          size(s.length),
          String(s.node),
          sratFlagsCell(s.flags, BigInt(s.length)),
        ]),
      ),
    );
  } else if (inv.acpi === false) {
    out.push('  SRAT: none (-machine acpi=off: QEMU builds no ACPI tables)');
  } else {
    out.push('  SRAT: none (no NUMA nodes, QEMU builds no SRAT)');
  }

  out.push('');
  if (inv.memoryDevices.length) {
    out.push('  Memory devices:');
    out.push(
      ...table(
        ['id', 'type', 'start', 'length', 'size', 'node', 'line'],
        inv.memoryDevices.map((d) => [
          d.id || '-',
          d.type,
          d.start,
          d.length,
          size(d.length),
          String(d.node),
          String(d.line),
        ]),
      ),
    );
  } else {
    out.push('  Memory devices: none');
  }
  if (inv.unplaced?.length) {
    out.push('', '  Memory devices not placed (QEMU refuses them):');
    out.push(
      ...table(
        ['id', 'type', 'line', 'reason'],
        inv.unplaced.map((d) => [d.id || '-', d.type, String(d.line), unplacedReason(d.reason)]),
      ),
    );
  }
  return out;
}

export function formatMap(maps: readonly FileMapJson[]): string {
  const out: string[] = [];
  for (const map of maps) {
    if (map.invocations.length === 0) {
      out.push(`${map.file}: no QEMU invocation found`, '');
      continue;
    }
    for (const inv of map.invocations) out.push(...formatInvocation(map.file, inv), '');
  }
  return out.join('\n');
}
