// Schema-driven validation of option arguments: unknown types and keys, and values QEMU's
// parser for that option would refuse. Every message is the one the parser in question prints
// (observed on QEMU 7.2.22, see test/unit/options/properties.test.ts); which parser reads which
// option decides the wording:
//   -m                 QemuOpts with a description  ("expects a non-negative number below 2^64")
//   -object, -numa     OptsVisitor                  ("expects a size value", "Invalid parameter")
//   -device, -machine, -smp   keyval / string input  ("expects size", "expects integer")
//   -object {...}, -device {...}   QObject input     ("expects uint64", "Invalid parameter type")
// QemuOpts validates every occurrence of a key; the visitors only read the last one.
// SPM keys and devices exist only under the spmForm setting that names their form.
import type { Diagnostic, Prop, QemuOption, QemuVersion, Settings, Span } from '../types';
import type { Machine } from '../machine/machine';
import { QEMU_VERSIONS } from '../types';
import { hexSuffixDeprecated, hexSuffixTaken, qemuVersionOf, versionMessages } from '../versions';
import {
  deviceInfo,
  machineProps,
  machineType,
  memoryProps,
  numaProps,
  objectProps,
  qemuoptsProps,
  smpProps,
  type PropInfo,
  type SpmForm,
} from '../schema/index';
import { hexWithSuffix, parseSize, parseU64 } from '../options/size';
import { FALSE_WORDS, TRUE_WORDS } from '../options/values';
import { grammarFor, type DeclaredCheck } from './valueGrammar';

type Parser = 'qemuopts' | 'opts-visitor' | 'keyval' | 'json';

const SIZE_HINT =
  '\nOptional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.';

function err(code: string, span: Span, message: string): Diagnostic {
  return { span, severity: 'error', code, message };
}

function last(option: QemuOption, key: string): Prop | undefined {
  for (let i = option.props.length - 1; i >= 0; i--) if (option.props[i].key === key) return option.props[i];
  return undefined;
}

/** The occurrences a parser actually reads. */
function readProps(option: QemuOption, parser: Parser): Prop[] {
  if (parser === 'qemuopts') return option.props;
  const seen = new Set<string>();
  const out: Prop[] = [];
  for (let i = option.props.length - 1; i >= 0; i--) {
    const p = option.props[i];
    if (seen.has(p.key)) continue;
    seen.add(p.key);
    out.push(p);
  }
  return out.reverse();
}

function isHelp(v: string | undefined): boolean {
  return v === 'help' || v === '?';
}

function spmNote(form: SpmForm | undefined, settings: Settings): string {
  return form
    ? `\n(${form === 'upstream' ? 'the upstream' : `the ${form}`} SPM form; the spmForm setting is '${settings.spmForm}')`
    : '';
}

const MAX: Record<number, bigint> = { 8: 0xffn, 16: 0xffffn, 32: 0xffffffffn, 64: 0xffffffffffffffffn };

/** QEMU's C name of an integer type, as its range errors print it ("uint16_t"). */
function cType(info: PropInfo): string {
  return `${info.kind === 'uint' ? 'uint' : 'int'}${info.bits ?? 64}_t`;
}

/** One value against its property type, in the words of the option's parser. */
function checkValue(p: Prop, info: PropInfo, parser: Parser, name: string): string | undefined {
  const v = p.value;
  if (parser === 'json') {
    const j = p.json;
    switch (info.kind) {
      case 'bool':
        return typeof j === 'boolean' ? undefined : `Invalid parameter type for '${name}', expected: boolean`;
      case 'uint':
      case 'size': {
        // QEMU's JSON numbers with a fraction or exponent, or past 64 bits, are doubles.
        const n = typeof j === 'number' && /^-?\d+$/.test(p.value) ? BigInt(p.value) : undefined;
        if (n === undefined || n >= 1n << 64n || n < -(1n << 63n)) return `Parameter '${name}' expects uint64`;
        if (info.kind === 'uint' && info.bits && info.bits < 64 && (n < 0n || n > MAX[info.bits]))
          return `Parameter '${name}' expects ${cType(info)}`;
        return undefined;
      }
      case 'int': {
        const n = typeof j === 'number' && /^-?\d+$/.test(p.value) ? BigInt(p.value) : undefined;
        if (n === undefined || n >= 1n << 63n || n < -(1n << 63n))
          return `Invalid parameter type for '${name}', expected: integer`;
        const lim = 1n << BigInt((info.bits ?? 64) - 1);
        return n < -lim || n >= lim ? `Parameter '${name}' expects ${cType(info)}` : undefined;
      }
      case 'enum':
        if (typeof j !== 'string') return `Invalid parameter type for '${name}', expected: string`;
        return info.values && !info.values.includes(j) ? `Parameter '${name}' does not accept value '${j}'` : undefined;
      case 'str':
      case 'link':
        return typeof j === 'string' ? undefined : `Invalid parameter type for '${name}', expected: string`;
      default:
        return undefined;
    }
  }
  switch (info.kind) {
    case 'bool':
      return TRUE_WORDS.has(v) || FALSE_WORDS.has(v) ? undefined : `Parameter '${name}' expects 'on' or 'off'`;
    case 'enum':
      return info.values && !info.values.includes(v) ? `Parameter '${name}' does not accept value '${v}'` : undefined;
    case 'size': {
      const r = parseSize(v);
      if (r.ok) return undefined;
      if (parser === 'qemuopts')
        return r.error === 'range'
          ? `Value '${v}' is out of range for parameter '${name}'`
          : `Parameter '${name}' expects a non-negative number below 2^64${SIZE_HINT}`;
      return parser === 'opts-visitor'
        ? `Parameter '${name}' expects a size value`
        : `Parameter '${name}' expects size`;
    }
    case 'uint': {
      if (parser === 'qemuopts') {
        // QEMU_OPT_NUMBER
        const r = parseU64(v);
        if (r.ok) return undefined;
        return r.error === 'range'
          ? `Value '${v}' is too large for parameter '${name}'`
          : `Parameter '${name}' expects a number`;
      }
      const r = parseU64(v);
      // The OptsVisitor's parse_uint refuses a minus sign; the string visitors wrap it as C does.
      const negative = /^\s*-/.test(v);
      if (!r.ok || (parser === 'opts-visitor' && negative))
        return parser === 'opts-visitor'
          ? `Parameter '${name}' expects a uint64 value`
          : `Parameter '${name}' expects integer`;
      if (info.bits && info.bits < 64 && r.value > MAX[info.bits]) return `Parameter '${name}' expects ${cType(info)}`;
      return undefined;
    }
    case 'int': {
      const m = /^\s*([+-]?)(.*)$/.exec(v)!;
      const r = parseU64(m[2]);
      const ok = r.ok && !/^[+-]/.test(m[2]) && r.value <= (m[1] === '-' ? 1n << 63n : (1n << 63n) - 1n);
      if (!ok)
        return parser === 'opts-visitor'
          ? `Parameter '${name}' expects an int64 value`
          : `Parameter '${name}' expects integer`;
      if (info.bits && info.bits < 64) {
        const n = m[1] === '-' ? -r.value : r.value;
        const lim = 1n << BigInt(info.bits - 1);
        if (n < -lim || n >= lim) return `Parameter '${name}' expects ${cType(info)}`;
      }
      return undefined;
    }
    case 'list': {
      if (info.element !== 'uint') return undefined;
      // OptsVisitor lists of integers take "a" or "a-b".
      const range = /^(\d+|0[xX][0-9a-fA-F]+)(?:-(\d+|0[xX][0-9a-fA-F]+))?$/.exec(v);
      return range ? undefined : `Parameter '${name}' expects a uint64 value or range`;
    }
    default:
      return undefined;
  }
}

/**
 * A -device property whose setter QEMU was asked about is read with the grammar that
 * reproduced QEMU's answers (checks/valueGrammar.ts); one no grammar reproduced goes unchecked.
 */
function valueProblem(p: Prop, info: PropInfo, t: Target, name: string): string | undefined {
  if (t.driver && info.valueClass && (t.parser === 'keyval' || t.parser === 'json')) {
    const g = grammarFor(info, info.valueClass, t.parser, declaredCheck);
    return g ? g.check(p, name, t.driver) : undefined;
  }
  return checkValue(p, info, t.parser, name);
}

/** The reading of a -device value from its type name alone (what grammarFor tries first). */
export const declaredCheck: DeclaredCheck = (p, info, form, name) => checkValue(p as Prop, info, form, name);

// A Target is built per option checked (thousands in a generated script): what does not depend
// on the option (key sets, message functions, derived property tables) is built once, here.
interface Target {
  /** The -device model, for the messages that name it. */
  driver?: string;
  parser: Parser;
  /** Keys the parser handles itself, never looked up in the property list. */
  reserved: ReadonlySet<string>;
  props: Map<string, PropInfo> | undefined;
  /** Message for a key the type does not have. */
  unknownKey: (key: string, t: Target) => string;
  /** Name the value messages use for a key (default: the key). */
  paramName?: (key: string) => string;
  /** The members of every SPM form, to explain an SPM key the setting hides. */
  allForms?: Map<string, PropInfo>;
  /** Mandatory members QEMU reports as missing (first one only). */
  required?: readonly PropInfo[];
}

const NO_KEYS: ReadonlySet<string> = new Set();
const DEVICE_RESERVED: ReadonlySet<string> = new Set(['driver', 'id', 'bus']);
const OBJECT_RESERVED: ReadonlySet<string> = new Set(['qom-type', 'id']);
const NUMA_RESERVED: ReadonlySet<string> = new Set(['type']);
const invalidParameter = (k: string): string => `Invalid parameter '${k}'`;
const unexpectedParameter = (k: string): string => `Parameter '${k}' is unexpected`;
const propertyNotFound = (k: string, t: Target): string => `Property '${t.driver}.${k}' not found`;

function checkAgainst(option: QemuOption, t: Target, settings: Settings, out: Diagnostic[]): void {
  if (!t.props) return;
  const props = readProps(option, t.parser);
  for (const p of props) {
    if (p.unknown || t.reserved.has(p.key)) continue;
    const top = option.name === 'machine' ? p.key.split('.')[0] : p.key;
    const info = t.props.get(top);
    if (!info) {
      if (option.name === 'machine' && p.key.includes('.')) continue; // nested keys: members unknown here
      out.push(err('QL-opt-020', p.keySpan, t.unknownKey(p.key, t) + spmNote(t.allForms?.get(p.key)?.form, settings)));
      continue;
    }
    if (top !== p.key) continue;
    const problem = valueProblem(p, info, t, t.paramName ? t.paramName(p.key) : p.key);
    if (problem) out.push(err('QL-opt-022', p.valueSpan, problem));
  }
  if (t.required) {
    const missing = t.required.find((r) => !option.props.some((p) => p.key === r.name));
    const head = option.props.find((p) => p.implied) ?? option.props[0];
    if (missing && !option.props.some((p) => p.unknown))
      out.push(err('QL-opt-023', head ? head.valueSpan : option.nameSpan, `Parameter '${missing.name}' is missing`));
  }
}

/** id_wellformed (util/id.c): a letter, then letters, digits, '-', '.', '_'. */
const ID = /^[A-Za-z][A-Za-z0-9._-]*$/;

/** QemuOpts checks the (last) id of -object and -device; the JSON path only for -object. */
function checkId(o: QemuOption, jsonIdChecked: boolean, out: Diagnostic[]): void {
  if (o.syntax === 'json' && !jsonIdChecked) return;
  const id = last(o, 'id');
  if (!id || id.unknown || ID.test(id.value)) return;
  out.push(
    err(
      'QL-opt-025',
      id.valueSpan,
      "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter.",
    ),
  );
}

function checkDevice(o: QemuOption, settings: Settings, out: Diagnostic[]): void {
  checkId(o, false, out);
  const driver = last(o, 'driver');
  if (!driver) {
    if (!o.props.some((p) => p.unknown))
      out.push(err('QL-opt-023', o.argSpan ?? o.nameSpan, "Parameter 'driver' is missing"));
    return;
  }
  if (driver.unknown || isHelp(driver.value)) return;
  if (o.props.some((p) => isHelp(p.value) && p.flag === undefined && p.key !== 'driver')) return;
  const version = qemuVersionOf(settings);
  const info = deviceInfo(driver.value, settings.spmForm, version);
  if (!info) {
    const later = deviceInfo(driver.value, 'auto', QEMU_VERSIONS[QEMU_VERSIONS.length - 1]);
    const note =
      later?.since && deviceInfo(driver.value, 'auto', version) === undefined
        ? `\n(${driver.value} is new in QEMU ${later.since}; the qemuVersion setting is '${version}')`
        : spmNote(later?.form, settings);
    out.push(err('QL-opt-021', driver.valueSpan, `'${driver.value}' is not a valid device model name${note}`));
    return;
  }
  checkAgainst(
    o,
    {
      driver: driver.value,
      parser: o.syntax === 'json' ? 'json' : 'keyval',
      reserved: DEVICE_RESERVED,
      props: info.props,
      unknownKey: propertyNotFound,
    },
    settings,
    out,
  );
}

function checkObject(o: QemuOption, settings: Settings, out: Diagnostic[]): void {
  checkId(o, true, out);
  const type = last(o, 'qom-type');
  if (!type) {
    if (!o.props.some((p) => p.unknown))
      out.push(err('QL-opt-023', o.argSpan ?? o.nameSpan, "Parameter 'qom-type' is missing"));
    return;
  }
  if (type.unknown || isHelp(type.value)) return;
  const props = objectProps(type.value, qemuVersionOf(settings));
  if (!props) {
    out.push(err('QL-opt-021', type.valueSpan, `Parameter 'qom-type' does not accept value '${type.value}'`));
    return;
  }
  const json = o.syntax === 'json';
  checkAgainst(
    o,
    {
      parser: json ? 'json' : 'opts-visitor',
      reserved: OBJECT_RESERVED,
      props,
      unknownKey: json ? unexpectedParameter : invalidParameter,
    },
    settings,
    out,
  );
}

/** A -numa type's members as the target release has them, and the mandatory ones among them. */
interface NumaMembers {
  props: Map<string, PropInfo>;
  required: PropInfo[];
}
/** Per schema table: each release's tables are built once per process (schema/index.ts). */
const numaMembersMemo = new WeakMap<Map<string, PropInfo>, NumaMembers>();

function numaMembers(type: string, settings: Settings): NumaMembers | undefined {
  const props = numaProps(type, settings.spmForm, qemuVersionOf(settings));
  if (!props) return undefined;
  let members = numaMembersMemo.get(props);
  if (!members)
    numaMembersMemo.set(props, (members = { props, required: [...props.values()].filter((p) => p.required) }));
  return members;
}

function checkNuma(o: QemuOption, settings: Settings, out: Diagnostic[]): void {
  const type = last(o, 'type');
  if (!type || type.unknown || isHelp(type.value)) return;
  const members = numaMembers(type.value, settings);
  if (!members) {
    out.push(err('QL-opt-021', type.valueSpan, `Parameter 'type' does not accept value '${type.value}'`));
    return;
  }
  checkAgainst(
    o,
    {
      parser: 'opts-visitor',
      reserved: NUMA_RESERVED,
      props: members.props,
      unknownKey: invalidParameter,
      allForms: numaProps(type.value, 'auto', qemuVersionOf(settings)),
      required: members.required,
    },
    settings,
    out,
  );
}

function checkMemoryOption(o: QemuOption, settings: Settings, out: Diagnostic[]): void {
  const size = last(o, 'size');
  // vl.c appends "M" to a size that ends in a digit, so -m 0xc00 is read as "0xc00M": hex with a suffix.
  const read = size && !size.unknown ? (/\d$/.test(size.value) ? size.value + 'M' : size.value) : undefined;
  const legacyHex = read !== undefined && hexWithSuffix(read) && hexSuffixTaken(qemuVersionOf(settings));
  const before = out.length;
  checkAgainst(
    o,
    {
      parser: 'qemuopts',
      reserved: NO_KEYS,
      props: memoryProps(qemuVersionOf(settings)),
      unknownKey: invalidParameter,
    },
    settings,
    out,
  );
  if (legacyHex) {
    // QEMU 7.2 takes it (0xc00 MiB) and warns, once per parse of the -m option.
    const kept = out.splice(before).filter((d) => !(d.code === 'QL-opt-022' && d.span === size!.valueSpan));
    out.push(...kept, {
      span: size!.valueSpan,
      severity: 'warning',
      code: 'QL-opt-026',
      message: hexSuffixDeprecated(read),
    });
  } else if (size && !size.unknown && /^\s*0[xX][0-9a-fA-F]*\d$/.test(size.value) && parseSize(size.value).ok) {
    // 8.0+: the appended "M" makes a hex number with a suffix, which the machine's memory.size refuses.
    out.push(err('QL-opt-024', size.valueSpan, "Parameter 'memory.size' expects size"));
  } else if (
    size &&
    !size.unknown &&
    /\d$/.test(size.value) &&
    parseSize(size.value).ok &&
    !parseSize(size.value + 'M').ok
  ) {
    // The appended "M" can push a byte count that fits in 64 bits past 2^64 - 1; the machine's
    // memory property then refuses it (QEMU 7.2 verified: -m 17592186044416).
    out.push({
      span: size.valueSpan,
      severity: 'error',
      code: 'QL-opt-022',
      message: "Parameter 'memory.size' expects size",
    });
  }
}

function checkMachine(options: QemuOption[], settings: Settings, out: Diagnostic[]): void {
  // All -machine options merge into one dict; the last type wins.
  let type: Prop | undefined;
  for (const o of options) for (const p of o.props) if (p.key === 'type') type = p;
  if (type?.unknown || isHelp(type?.value)) return;
  const mt = type ? machineType(type.value, settings.qemuVersion) : machineType('pc', settings.qemuVersion);
  if (type && !mt) {
    out.push(
      err('QL-opt-021', type.valueSpan, versionMessages.unsupportedMachine(qemuVersionOf(settings), type.value)),
    );
    return;
  }
  if (!mt || mt.family === 'other') return;
  const version = qemuVersionOf(settings);
  const target: Target = {
    parser: 'keyval',
    reserved: legacyMachineKeys(mt.family, version),
    props: machineProps(mt.family, version),
    unknownKey: (k) => `Property '${mt.name}-machine.${k}' not found`,
  };
  for (const o of options) checkAgainst(o, target, settings, out);
}

const legacyKeysMemo = new Map<string, ReadonlySet<string>>();

/** Options vl.c takes out of the dict before the machine sees it (legacy accelerator options). 7.2's
 *  QemuOpts list names them; 10.0's list no longer has accel, kernel_irqchip, kvm_shadow_mem or
 *  dt_compatible, yet 10.0.2 still takes them (verified: -machine q35,accel=tcg starts). */
function legacyMachineKeys(family: 'pc' | 'q35', version: QemuVersion): ReadonlySet<string> {
  const memo = `${family}\0${version}`;
  let legacy = legacyKeysMemo.get(memo);
  if (legacy) return legacy;
  const own = machineProps(family, version);
  const keys = new Set<string>(['type']);
  for (const k of qemuoptsProps('machine', '7.2')?.keys() ?? []) {
    for (const name of [k, k.replace(/_/g, '-')]) if (!own.has(name)) keys.add(name);
  }
  legacyKeysMemo.set(memo, (legacy = keys));
  return legacy;
}

/** -smp members per release, each read by keyval as a uint64 (built on first use). */
const smpMembers = new Map<QemuVersion, Map<string, PropInfo>>();

function checkSmp(o: QemuOption, settings: Settings, out: Diagnostic[]): void {
  const version = qemuVersionOf(settings);
  let members = smpMembers.get(version);
  if (!members)
    smpMembers.set(
      version,
      (members = new Map([...smpProps(version)].map(([k, v]) => [k, { ...v, kind: 'uint' as const, bits: 64 }]))),
    );
  checkAgainst(
    o,
    {
      parser: 'keyval',
      reserved: NO_KEYS,
      props: members,
      unknownKey: (k) => `Parameter 'smp.${k}' is unexpected`,
      paramName: (k) => `smp.${k}`,
    },
    settings,
    out,
  );
}

/**
 * The property checker. Which options are -device, -object, -numa, -m, -machine and -smp is the
 * Machine's reading (machine/declarations.ts), not a second look at the command line; the
 * options are checked in the order written, each -machine option at the end (they merge).
 */
export function checkProperties(ctx: { machine: Machine; settings: Settings }): Diagnostic[] {
  const { declared, memory } = ctx.machine;
  const { settings } = ctx;
  const out: Diagnostic[] = [];
  const checkers: [readonly QemuOption[], (o: QemuOption, settings: Settings, out: Diagnostic[]) => void][] = [
    [declared.deviceOptions, checkDevice],
    [declared.objectOptions, checkObject],
    [declared.numaOptions, checkNuma],
    [memory.options, checkMemoryOption],
    [declared.smpOptions, checkSmp],
  ];
  const written = (o: QemuOption) => !(o.unknown && !o.props.length);
  const each = checkers
    .flatMap(([options, check]) => options.filter(written).map((option) => ({ option, check })))
    .sort((a, b) => a.option.span.start - b.option.span.start);
  // No catch here: a property rule that throws is a bug that runChecks reports (checks/run.ts).
  for (const { option, check } of each) check(option, settings, out);
  const machines = declared.machineOptions.filter(written);
  if (machines.length) checkMachine(machines, settings, out);
  return out;
}
