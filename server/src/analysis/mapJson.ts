// The address map as JSON: `qemu-launch map --json`, the qemuLaunch/addressMap request and the
// webview all use this one shape. Addresses and lengths are lowercase 0x hex strings (bigint-safe);
// type/node/flags are numbers; entries are in the order QEMU puts them in its tables.
import type { Analysis, InvocationAnalysis } from './result';
import { hex } from './format';
import { firstError } from './refusal';

export interface MapRange {
  start: string;
  length: string;
}

export interface InvocationMapJson {
  /** 1-based line of the QEMU command word. */
  line: number;
  machine: string;
  ramSize: string;
  e820: (MapRange & { type: number })[];
  srat: (MapRange & { node: number; flags: number })[];
  /** -machine acpi=off: QEMU builds no ACPI table, so there is no SRAT (absent means on). */
  acpi?: boolean;
  memoryDevices: (MapRange & { id: string; type: string; node: number; line: number })[];
  /** Memory devices QEMU would not place, with the error it stops at for each (null: the line is
   *  refused before the device is realized). Absent in maps written before it existed = none. */
  unplaced?: UnplacedJson[];
  deviceMemory: MapRange | null;
  // Extras beyond the documented CLI format, for the hover and the webview:
  below4g: string;
  above4g: string;
  above4gStart: string;
  cpuVendor: 'amd' | 'intel';
  vendorAssumed: boolean;
  /** Boot RAM per node as laid out, with the line of the -numa node that made it. */
  nodes: (MapRange & { node: number; memdev?: string; memmapType: string; line: number })[];
  /** The invocation's diagnostics (1-based lines), for markers on the picture. */
  diagnostics: { line: number; endLine: number; severity: string; code: string; message: string }[];
  /** The map may be wrong because part of the command line could not be resolved. */
  incomplete: boolean;
  /** QEMU would refuse this command line: the first error (in the text's order), else null.
   *  The tables are then what the line asks for, not what any guest gets. */
  refused: Refusal | null;
}

export interface UnplacedJson {
  id: string;
  type: string;
  /** 1-based line of the -device. */
  line: number;
  reason: { code: string; message: string } | null;
}

export interface Refusal {
  code: string;
  message: string;
  /** 1-based line of the error. */
  line: number;
}

export interface FileMapJson {
  file: string;
  invocations: InvocationMapJson[];
}

export function invocationMapJson(analysis: Analysis, inv: InvocationAnalysis): InvocationMapJson {
  const lineOf = (offset: number) => analysis.lines.positionAt(offset).line + 1;
  const { machine, layout } = inv;
  return {
    line: lineOf(inv.invocation.program.span.start),
    machine: machine.typeName,
    ramSize: hex(machine.ramSize),
    e820: layout.e820.map((e) => ({ start: hex(e.start), length: hex(e.length), type: e.type })),
    srat: layout.srat.map((e) => ({ start: hex(e.start), length: hex(e.length), node: e.node, flags: e.flags })),
    acpi: machine.acpi,
    memoryDevices: layout.memoryDevices.map((d) => ({
      id: d.id,
      type: d.type,
      start: hex(d.start),
      length: hex(d.length),
      node: d.node,
      line: lineOf(d.spec.option.span.start),
    })),
    unplaced: inv.unplaced.map((u) => ({
      id: u.id,
      type: u.type,
      line: lineOf(u.spec.option.span.start),
      reason: u.reason,
    })),
    deviceMemory: layout.deviceMemory
      ? { start: hex(layout.deviceMemory.start), length: hex(layout.deviceMemory.length) }
      : null,
    below4g: hex(layout.below4g),
    above4g: hex(layout.above4g),
    above4gStart: hex(layout.above4gStart),
    cpuVendor: machine.cpuVendor,
    vendorAssumed: machine.vendorAssumed,
    nodes: layout.nodeRanges.map((r) => {
      const node = machine.nodes.find((n) => n.nodeid === r.node);
      return {
        node: r.node,
        start: hex(r.start),
        length: hex(r.length),
        memdev: node?.memdev,
        memmapType: node?.memmapType ?? 'normal',
        line: node ? lineOf(node.option.span.start) : lineOf(inv.invocation.program.span.start),
      };
    }),
    diagnostics: inv.diagnostics.map((d) => ({
      line: lineOf(d.span.start),
      endLine: lineOf(d.span.end),
      severity: d.severity,
      code: d.code,
      message: d.message,
    })),
    incomplete: machine.incomplete,
    refused: refusedJson(inv, lineOf),
  };
}

function refusedJson(inv: InvocationAnalysis, lineOf: (offset: number) => number): Refusal | null {
  const e = firstError(inv);
  return e ? { code: e.code, message: e.message, line: lineOf(e.span.start) } : null;
}

export function fileMapJson(file: string, analysis: Analysis): FileMapJson {
  return { file, invocations: analysis.invocations.map((inv) => invocationMapJson(analysis, inv)) };
}
