// A one-line command → CheckContext, for rule tests that must not depend on the other layers'
// progress: words split on spaces, QemuOpts-style key=value with exact offsets, and a Machine
// holding only what the checks read (RAM size, machine version). The layout is empty unless a
// test passes problems. The differential test (test/differential) runs the real pipeline.
import type { Diagnostic, Prop, QemuOption, Settings, Word } from '../../../server/src/analysis/types';
import { settings72 } from '../settings72';
import type { Machine } from '../../../server/src/analysis/machine/machine';
import type { Layout, LayoutProblem } from '../../../server/src/analysis/layout/addressMap';
import type { CheckContext } from '../../../server/src/analysis/checks/context';
import { runChecks } from '../../../server/src/analysis/checks/run';
import { DEFAULT_RAM, readDeclarations, readMemoryArgs } from '../../../server/src/analysis/machine/declarations';

const WITH_ARG = new Set([
  'm',
  'machine',
  'M',
  'object',
  'device',
  'numa',
  'smp',
  'cpu',
  'incoming',
  'accel',
  'mem-path',
]);
const IMPLIED: Record<string, string> = {
  object: 'qom-type',
  device: 'driver',
  numa: 'type',
  machine: 'type',
  m: 'size',
  smp: 'cpus',
  cpu: 'model',
};

function words(text: string, from: number): Word[] {
  const out: Word[] = [];
  const re = /\S+/g;
  re.lastIndex = from;
  for (let m; (m = re.exec(text));) {
    if (m[0] === '\\') continue;
    const span = { start: m.index, end: m.index + m[0].length };
    out.push({ text: m[0], span, segments: [{ from: 0, to: m[0].length, src: span, verbatim: true }] });
  }
  return out;
}

function parseProps(name: string, arg: Word): Prop[] {
  const props: Prop[] = [];
  let offset = arg.span.start;
  arg.text.split(',').forEach((item, i) => {
    const start = offset;
    const end = start + item.length;
    offset = end + 1;
    const eq = item.indexOf('=');
    if (eq < 0) {
      if (i === 0 && IMPLIED[name]) {
        props.push({
          ...(item.includes('$') ? { unknown: true } : {}),
          key: IMPLIED[name],
          value: item,
          implied: true,
          keySpan: { start, end: start },
          valueSpan: { start, end },
          span: { start, end },
        });
      } else {
        const off = item.startsWith('no');
        props.push({
          key: off ? item.slice(2) : item,
          value: off ? 'off' : 'on',
          implied: false,
          flag: off ? 'off' : 'on',
          keySpan: { start, end },
          valueSpan: { start, end },
          span: { start, end },
        });
      }
      return;
    }
    props.push({
      // A $VAR stands for a value the shell front end could not resolve.
      ...(item.includes('$') ? { unknown: true } : {}),
      key: item.slice(0, eq),
      value: item.slice(eq + 1),
      implied: false,
      keySpan: { start, end: start + eq },
      valueSpan: { start: start + eq + 1, end },
      span: { start, end },
    });
  });
  return props;
}

export function parseLine(text: string): QemuOption[] {
  const all = words(text, 0);
  const options: QemuOption[] = [];
  for (let i = 1; i < all.length; i++) {
    const w = all[i];
    if (!w.text.startsWith('-')) continue;
    const written = w.text;
    const raw = written.replace(/^--?/, '');
    const name = raw === 'M' ? 'machine' : raw;
    const takesArg = WITH_ARG.has(raw) && i + 1 < all.length;
    const arg = takesArg ? all[++i] : undefined;
    options.push({
      name,
      written,
      nameSpan: w.span,
      arg,
      argSpan: arg?.span,
      syntax: arg ? 'qemuopts' : 'flag',
      props: arg ? parseProps(name, arg) : [],
      span: { start: w.span.start, end: (arg ?? w).span.end },
    });
  }
  return options;
}

function machineFor(options: QemuOption[], text: string, settings: Settings): Machine {
  const m =
    options
      .filter((o) => o.name === 'machine')
      .flatMap((o) => o.props)
      .filter((p) => p.key === 'type')
      .pop()?.value ?? 'pc';
  const v = /-(\d+)\.(\d+)$/.exec(m);
  return {
    family: m.includes('q35') ? 'q35' : 'pc',
    typeName: m,
    version: v ? [Number(v[1]), Number(v[2])] : null,
    qemu: settings.qemuVersion ?? '11.1',
    ramSize: 128n << 20n,
    maxmem: 128n << 20n,
    slots: 0n,
    maxRamBelow4g: 0n,
    kvm: false,
    cpuVendor: 'amd',
    vendorAssumed: false,
    physBits: 40,
    longMode: true,
    nvdimm: false,
    acpi: true,
    pciHole64Size: 1n << 35n,
    backends: [],
    nodes: [],
    devices: [],
    incomplete: text.includes('$'),
    // What the command line declares is read by the machine layer's own reader.
    declared: readDeclarations(options, settings.spmForm, settings.qemuVersion ?? '7.2'),
    memory: readMemoryArgs(options, DEFAULT_RAM, text.includes('$'), settings.qemuVersion ?? '7.2'),
  };
}

const emptyLayout = (problems: LayoutProblem[]): Layout => ({
  below4g: 0n,
  above4g: 0n,
  above4gStart: 4n << 30n,
  e820: [],
  srat: [],
  deviceMemory: null,
  memoryDevices: [],
  nodeRanges: [],
  problems,
});

export function contextFor(
  text: string,
  settings: Partial<Settings> = {},
  problems: LayoutProblem[] = [],
): CheckContext {
  const options = parseLine(text);
  const program = words(text, 0)[0];
  const all = { ...settings72, ...settings };
  return {
    invocation: { program, args: words(text, program.span.end), span: { start: 0, end: text.length } },
    options,
    machine: machineFor(options, text, all),
    layout: emptyLayout(problems),
    settings: all,
    text,
  };
}

export function check(text: string, settings: Partial<Settings> = {}, problems: LayoutProblem[] = []): Diagnostic[] {
  return runChecks(contextFor(text, settings, problems));
}

/** The text a span covers. */
export function at(text: string, d: { span: { start: number; end: number } }): string {
  return text.slice(d.span.start, d.span.end);
}

/** Apply a fix's edits (non-overlapping) to the text. */
export function applyFix(text: string, edits: { span: { start: number; end: number }; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end)) {
    out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  }
  return out;
}
