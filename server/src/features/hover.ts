// Hover: QEMU's documentation of the option, property or value under the cursor; on a backend,
// NUMA node or memory device, where it lands in the guest; on the QEMU program, -m or -machine,
// a compact address map of the whole invocation.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { Analysis, InvocationAnalysis } from '../analysis/index';
import type { Prop, QemuOption, Span } from '../analysis/types';
import { hex, humanSize } from '../analysis/format';
import { firstError } from '../analysis/refusal';
import { contains, invocationAt, toRange } from '../featureSupport/convert';
import { idAt } from '../featureSupport/ids';
import {
  backendLanding,
  deviceLanding,
  e820Name,
  formatLanding,
  nodeLanding,
  unplacedOf,
  type Landing,
} from '../featureSupport/landing';
import { sratFlagsText } from '../analysis/layout/tableNames';
import type { UnplacedDevice } from '../analysis/unplaced';
import { code, escapeMarkdown, table } from '../featureSupport/markdown';
import { propertyDetail, schemaFor, type SchemaView } from '../featureSupport/schemaView';

export function hover(analysis: Analysis, position: Position): Hover | null {
  const offset = analysis.lines.offsetAt(position);
  const inv = invocationAt(analysis, offset);
  if (!inv) return null;
  const schema = schemaFor(analysis.settings);
  const result = (span: Span, parts: (string | undefined)[]): Hover | null => {
    const value = parts.filter((p): p is string => !!p).join('\n\n');
    return value ? { contents: { kind: MarkupKind.Markdown, value }, range: toRange(analysis, span) } : null;
  };

  if (contains(inv.invocation.program.span, offset))
    return result(inv.invocation.program.span, [addressMapMarkdown(inv)]);
  const option = inv.options.find(
    (o) => contains(o.span, offset) && (contains(o.nameSpan, offset) || (o.argSpan && contains(o.argSpan, offset))),
  );
  if (!option) return null;

  if (contains(option.nameSpan, offset)) {
    const docs = optionDocs(schema, option);
    const { declared, memory } = inv.machine;
    const shapesMap = memory.options.includes(option) || declared.machineOptions.includes(option);
    const map = shapesMap ? addressMapMarkdown(inv) : undefined;
    return result(option.nameSpan, [docs, map]);
  }

  const prop = option.props.find((p) => contains(p.span, offset));
  const landing = landingOf(inv, option, prop, offset);
  const unplaced = landing ? undefined : unplacedAt(inv, option, offset);
  const where = landing
    ? ['**Lands at** `' + formatLanding(landing) + '`', refusedMarkdown(inv)].filter(Boolean).join('\n\n')
    : unplaced
      ? unplacedMarkdown(unplaced)
      : undefined;
  if (!prop) return result(option.argSpan ?? option.span, [where]);

  const type = typeOf(schema, option);
  if (contains(prop.keySpan, offset) && !prop.implied) {
    return result(prop.keySpan, [propertyDocs(schema, option, type, prop.key), where]);
  }
  // On the value.
  if (prop.implied || prop.key === schema.impliedKey(option.name)) {
    const t = schema.type(option.name, prop.value);
    const docs = t ? `${code(prop.value)}${t.help ? ' — ' + escapeMarkdown(t.help) : ''}` : undefined;
    return result(prop.valueSpan, [docs, where]);
  }
  const p = schema.property(option.name, type, prop.key);
  const valueDoc = p?.values?.includes(prop.value) ? code(`${prop.key}=${prop.value}`) : undefined;
  return result(prop.valueSpan, [where ?? valueDoc ?? propertyDocs(schema, option, type, prop.key)]);
}

function typeOf(schema: SchemaView, option: QemuOption): string | undefined {
  const key = schema.impliedKey(option.name);
  return key ? option.props.find((p) => p.key === key)?.value : undefined;
}

function optionDocs(schema: SchemaView, option: QemuOption): string | undefined {
  const info = schema.option(option.name);
  if (!info) return undefined;
  const lines = [`**-${escapeMarkdown(info.name)}**${info.help ? ' — ' + escapeMarkdown(info.help) : ''}`];
  if (info.usage.length) lines.push('```\n' + info.usage.join('\n').replace(/```/g, '` ` `') + '\n```');
  return lines.join('\n\n');
}

function propertyDocs(
  schema: SchemaView,
  option: QemuOption,
  type: string | undefined,
  key: string,
): string | undefined {
  const p = schema.property(option.name, type, key);
  if (!p) return undefined;
  const head = `${code(key)}: ${escapeMarkdown(propertyDetail(p))}`;
  const values = p.values?.length ? `Values: ${p.values.map(code).join(', ')}` : undefined;
  return [head, p.help ? escapeMarkdown(p.help) : undefined, values].filter(Boolean).join('\n\n');
}

/** Where the thing under the cursor lands: a backend (by id or memdev=), a node, a memory device. */
function landingOf(
  inv: InvocationAnalysis,
  option: QemuOption,
  prop: Prop | undefined,
  offset: number,
): Landing | undefined {
  const id = idAt(inv, offset);
  if (id?.kind === 'object') return backendLanding(inv, id.name);
  if (id?.kind === 'node' && (id.prop.key === 'nodeid' || id.prop.key === 'node')) {
    const node = inv.machine.nodes.find((n) => String(n.nodeid) === id.name);
    // node= on a memory device: the device itself is the more useful answer.
    const device = id.prop.key === 'node' ? inv.machine.devices.find((x) => x.option === option) : undefined;
    if (device) return deviceLanding(inv, device);
    return node ? nodeLanding(inv, node) : undefined;
  }
  const device = inv.machine.devices.find((d) => d.option === option);
  if (device) return deviceLanding(inv, device);
  const node = inv.machine.nodes.find((n) => n.option === option);
  if (node) return nodeLanding(inv, node);
  const backend = inv.machine.backends.find((b) => b.option === option);
  if (backend) return backendLanding(inv, backend.id);
  void prop;
  return undefined;
}

/** The memory device under the cursor (or named by the memdev= under it) when QEMU would not place it. */
function unplacedAt(inv: InvocationAnalysis, option: QemuOption, offset: number): UnplacedDevice | undefined {
  const id = idAt(inv, offset);
  if (id?.kind === 'object') {
    const d = inv.machine.devices.find((x) => x.memdev === id.name);
    return d ? unplacedOf(inv, d) : undefined;
  }
  const d = inv.machine.devices.find((x) => x.option === option);
  return d ? unplacedOf(inv, d) : undefined;
}

function unplacedMarkdown(u: UnplacedDevice): string {
  const why = u.reason
    ? `QEMU refuses it: ${code(u.reason.code)} ${escapeMarkdown(u.reason.message.split('\n')[0])}`
    : 'QEMU refuses the line before it realizes this device.';
  return `**Not placed** (no address in the map): ${why}`;
}

/** Said first on every hover that shows where memory lands: a line QEMU refuses gives no guest this map. */
export function refusedMarkdown(inv: InvocationAnalysis): string | undefined {
  const e = firstError(inv);
  if (!e) return undefined;
  return `**QEMU would refuse this command line** (${code(e.code)} ${escapeMarkdown(e.message.split('\n')[0])}): the map is what the line asks for, not what a guest gets.`;
}

/** A compact address map of the invocation: E820, SRAT, memory devices, and the assumptions made. */
export function addressMapMarkdown(inv: InvocationAnalysis): string {
  const { machine, layout } = inv;
  const parts: string[] = [];
  const refused = refusedMarkdown(inv);
  if (refused) parts.push(refused);
  parts.push(
    `**${escapeMarkdown(machine.typeName)}**, RAM ${humanSize(machine.ramSize)}` +
      ` (below 4G ${humanSize(layout.below4g)}, above 4G ${humanSize(layout.above4g)} at ${hex(layout.above4gStart)})` +
      (machine.maxmem > machine.ramSize ? `, maxmem ${humanSize(machine.maxmem)}, ${machine.slots} slots` : ''),
  );
  const end = (s: bigint, l: bigint) => hex(s + l - 1n);
  parts.push(
    table(
      ['E820 start', 'end', 'size', 'type'],
      layout.e820.map((e) => [hex(e.start), end(e.start, e.length), humanSize(e.length), e820Name(e.type)]),
    ),
  );
  if (!inv.machine.acpi) parts.push('No SRAT: `-machine acpi=off`, QEMU builds no ACPI tables.');
  else if (layout.srat.some((s) => s.length > 0n)) {
    parts.push(
      table(
        ['SRAT start', 'end', 'node', 'flags'],
        layout.srat
          .filter((s) => s.length > 0n)
          .map((s) => [hex(s.start), end(s.start, s.length), String(s.node), sratFlagsText(s.flags)]),
      ),
    );
  }
  if (layout.memoryDevices.length) {
    parts.push(
      table(
        ['device', 'type', 'start', 'end', 'node'],
        layout.memoryDevices.map((d) => [d.id, d.type, hex(d.start), end(d.start, d.length), String(d.node)]),
      ),
    );
  }
  if (inv.unplaced.length) {
    parts.push(
      '**Not placed** (QEMU refuses them):\n\n' +
        table(
          ['device', 'type', 'reason'],
          inv.unplaced.map((u) => [
            u.id || '-',
            u.type,
            u.reason ? `${u.reason.code} ${u.reason.message.split('\n')[0]}` : 'the line is refused before it',
          ]),
        ),
    );
  }
  if (layout.deviceMemory) {
    parts.push(
      `Device memory: ${hex(layout.deviceMemory.start)}–${end(layout.deviceMemory.start, layout.deviceMemory.length)} (${humanSize(layout.deviceMemory.length)})`,
    );
  }
  const notes: string[] = [];
  if (machine.vendorAssumed) {
    notes.push(
      `CPU vendor assumed ${machine.cpuVendor === 'amd' ? 'AMD' : 'Intel'} for -cpu host/max (setting \`qemuLaunch.hostCpuVendor\`).`,
    );
  }
  if (machine.incomplete)
    notes.push('Part of the command line could not be resolved statically: the map may differ at run time.');
  if (notes.length) parts.push(notes.map((n) => `_${n}_`).join('\n\n'));
  return parts.join('\n\n');
}
