// The E820, SRAT and memory-device tables under the picture, in QEMU's table order with the
// JSON's own numbers (what `qemu-launch map` prints), plus the same tables as Markdown.
import { h } from './dom';
import { humanSize, isPadding } from './viewModel';
import { e820TypeCell, sratFlagsCell, unplacedReason } from '../../server/src/analysis/layout/tableNames';
import type { InvocationMapJson, VerifyMarks } from './protocol';

interface Table {
  id: string;
  caption: string;
  head: string[];
  /** `verify` names the row in VerifyMarks.rows (tables QEMU is asked about only). */
  rows: { cells: string[]; key?: string; padding?: boolean; verify?: string }[];
}

// Cells are formatted as `qemu-launch map` prints them (the same tableNames.ts): E820 type as
// number and name, sizes in binary units, '0 (padding)' for SRAT padding.
const size = (hexLength: string) => humanSize(BigInt(hexLength));

export function mapTables(map: InvocationMapJson): Table[] {
  const tables: Table[] = [];
  tables.push({
    id: 'e820',
    caption: "E820 (in QEMU's order)",
    head: ['start', 'length', 'size', 'type'],
    rows: map.e820.map((e, i) => ({
      cells: [e.start, e.length, size(e.length), e820TypeCell(e.type)],
      key: isPadding(e) ? undefined : `e820:${i}`,
      verify: `e820:${i}`,
    })),
  });
  tables.push({
    id: 'srat',
    caption: 'SRAT memory affinity (in table order)',
    head: ['start', 'length', 'size', 'node', 'flags'],
    rows: map.srat.map((e, i) => ({
      cells: [e.start, e.length, size(e.length), String(e.node), sratFlagsCell(e.flags, BigInt(e.length))],
      key: isPadding(e) ? undefined : `srat:${i}`,
      padding: isPadding(e),
      verify: `srat:${i}`,
    })),
  });
  if (map.nodes.length) {
    tables.push({
      id: 'nodes',
      caption: 'NUMA nodes (boot RAM)',
      head: ['node', 'start', 'length', 'size', 'memdev', 'memmap-type', 'line'],
      rows: map.nodes.map((n, i) => ({
        cells: [String(n.node), n.start, n.length, size(n.length), n.memdev ?? '-', n.memmapType, String(n.line)],
        key: `node:${i}`,
      })),
    });
  }
  if (map.memoryDevices.length) {
    tables.push({
      id: 'devices',
      caption: 'Memory devices',
      head: ['id', 'type', 'start', 'length', 'size', 'node', 'line'],
      rows: map.memoryDevices.map((d, i) => ({
        cells: [d.id || '-', d.type, d.start, d.length, size(d.length), String(d.node), String(d.line)],
        key: `device:${i}`,
        verify: `device:${d.id}`,
      })),
    });
  }
  // Devices QEMU refuses: not in the picture, so said here with QEMU's reason.
  if (map.unplaced?.length) {
    tables.push({
      id: 'unplaced',
      caption: 'Memory devices not placed (QEMU refuses them)',
      head: ['id', 'type', 'line', 'reason'],
      rows: map.unplaced.map((d) => ({
        cells: [d.id || '-', d.type, String(d.line), unplacedReason(d.reason)],
      })),
    });
  }
  return tables;
}

/** The QEMU column: ✓ where QEMU built the same entry, else QEMU's value beside ours. */
function verifyCell(marks: VerifyMarks, key: string | undefined): HTMLElement {
  const mark = key === undefined ? undefined : marks.rows[key];
  if (mark === null) return h('td', { class: 'verified', title: 'QEMU built the same entry' }, '✓');
  if (mark === undefined) return h('td', { class: 'unverified' }, '');
  return h('td', { class: 'qemu-differs', title: "QEMU's value" }, `QEMU: ${mark}`);
}

export function renderTables(map: InvocationMapJson, marks?: VerifyMarks): HTMLElement {
  const root = h('div', { class: 'tables' });
  const shown = marks && marks.line === map.line && marks.status !== 'running' ? marks : undefined;
  for (const t of mapTables(map)) {
    const marked = shown && t.rows.some((r) => r.verify);
    const head = marked ? [...t.head, 'QEMU'] : t.head;
    const table = h('table', { class: `table table-${t.id}`, 'data-table': t.id });
    table.appendChild(h('caption', {}, t.caption));
    const thead = h('thead');
    const tr = h('tr');
    for (const c of head) tr.appendChild(h('th', { scope: 'col' }, c));
    thead.appendChild(tr);
    table.appendChild(thead);
    const tbody = h('tbody');
    for (const r of t.rows) {
      const row = h('tr', { class: r.padding ? 'padding' : undefined, 'data-key': r.key, 'data-verify': r.verify });
      for (const c of r.cells) row.appendChild(h('td', {}, c));
      if (marked) row.appendChild(verifyCell(shown, r.verify));
      tbody.appendChild(row);
    }
    if (t.rows.length === 0)
      tbody.appendChild(
        h('tr', {}, undefined, [
          h('td', { colspan: head.length }, t.id === 'srat' ? 'no SRAT (the guest has no NUMA nodes)' : 'empty'),
        ]),
      );
    table.appendChild(tbody);
    root.appendChild(table);
  }
  return root;
}

/** Markdown of the tables, in the layout of the project's reference tables. Cells are escaped. */
export function tablesMarkdown(map: InvocationMapJson, heading: string): string {
  const cell = (c: string) =>
    c
      .replace(/\\/g, '\\\\')
      .replace(/\|/g, '\\|')
      .replace(/[\r\n]+/g, ' ');
  const out = [`## ${cell(heading)}`, ''];
  for (const t of mapTables(map)) {
    out.push(`### ${t.caption}`, '');
    out.push(`| ${t.head.map(cell).join(' | ')} |`);
    out.push(`|${t.head.map(() => '---').join('|')}|`);
    for (const r of t.rows) out.push(`| ${r.cells.map(cell).join(' | ')} |`);
    out.push('');
  }
  return out.join('\n');
}
