// The data that flows one way through the analysis core:
//   shell (Invocation) → options (QemuOption) → machine (Machine) → layout (Layout) → checks (Diagnostic)
// Every layer works on UTF-16 offsets into the document text (Span); LineIndex turns them into
// line/character positions only at the edges (LSP, CLI). No layer re-derives a range from text.

/** Half-open range of UTF-16 code-unit offsets into the document text. */
export interface Span {
  start: number;
  end: number;
}

// ───────────────────────────── shell ─────────────────────────────

/** A piece of a word's expanded text and the source that produced it. */
export interface Segment {
  /** Offsets into Word.text. */
  from: number;
  to: number;
  /** Source span that produced text[from, to). */
  src: Span;
  /**
   * True when text[from, to) equals the document text at src character for character, so a
   * sub-range maps exactly; false for expansions ($VAR), escapes and the like, whose sub-ranges
   * map to the whole src.
   */
  verbatim: boolean;
  /** Set when text[from, to) stands for something the shell front end could not resolve. */
  unknown?: boolean;
}

/** One argv element after bash's quote removal and the expansions we can do statically. */
export interface Word {
  text: string;
  /** The source of the whole word (for an element of "${args[@]}", that element's source). */
  span: Span;
  segments: Segment[];
  /** Set when part of the word could not be resolved (command substitution, unknown variable). */
  unknown?: { reason: string; span: Span };
}

/** A QEMU command found in the script. */
export interface Invocation {
  /** The word naming QEMU (qemu-system-x86_64, "$QEMU", ...). */
  program: Word;
  args: Word[];
  /** The whole command, prefixes (exec, sudo, numactl ...) included. */
  span: Span;
}

// ──────────────────────────── options ────────────────────────────

/** How an option's argument was split: 'cpu' is -cpu's model plus feature list, 'global' -global's
 *  driver.property=value (or its QemuOpts form). */
export type OptionSyntax = 'flag' | 'plain' | 'qemuopts' | 'keyval' | 'json' | 'cpu' | 'global';

/** One key=value of an option argument (QemuOpts, keyval or JSON member). */
export interface Prop {
  /** Key as QEMU sees it; the implied first key gets its name ('driver', 'qom-type', 'type', 'size'). */
  key: string;
  /** Value with ',,' unescaped; for JSON the value as a string (numbers in decimal, booleans 'true'/'false'). */
  value: string;
  /** Written without 'key=' (implied first key). */
  implied: boolean;
  /** Short-form boolean: `key` (on) or `nokey` (off). */
  flag?: 'on' | 'off';
  /** For JSON syntax, the JSON value itself (QEMU's JSON visitor is strict about types). */
  json?: unknown;
  keySpan: Span;
  valueSpan: Span;
  span: Span;
  /** The value depends on something the shell front end could not resolve. */
  unknown?: boolean;
}

export interface QemuOption {
  /** Canonical name without dashes ('M' is reported as 'machine'). */
  name: string;
  /** As written, e.g. '-M' or '--numa'. */
  written: string;
  nameSpan: Span;
  /** Argument word, for options that take one. */
  arg?: Word;
  argSpan?: Span;
  syntax: OptionSyntax;
  props: Prop[];
  /** Whole option: name and argument. */
  span: Span;
  unknown?: boolean;
}

// ─────────────────────────── diagnostics ─────────────────────────

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Related {
  span: Span;
  message: string;
}

export interface Edit {
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: Edit[];
  preferred?: boolean;
}

export interface Diagnostic {
  span: Span;
  severity: Severity;
  /** Stable code, e.g. 'QL-numa-004' (docs/diagnostics.md lists them all). */
  code: string;
  message: string;
  related?: Related[];
  fixes?: Fix[];
  tags?: ('unnecessary' | 'deprecated')[];
}

// ──────────────────────────── settings ───────────────────────────

/** Which SPM command-line form the target QEMU understands. */
export type SpmFormSetting = 'auto' | 'v4' | 'v7' | 'v8' | 'upstream' | 'none';

/** The QEMU release whose machine types, rules and messages are modelled (docs/qemu-versions.md). */
export type QemuVersion = '7.2' | '10.0' | '11.1';
export const QEMU_VERSIONS: readonly QemuVersion[] = ['7.2', '10.0', '11.1'];
/** The newest release modelled; the default when no version is set. */
export const DEFAULT_QEMU_VERSION: QemuVersion = '11.1';

export interface Settings {
  spmForm: SpmFormSetting;
  /** Target QEMU release; undefined means DEFAULT_QEMU_VERSION. */
  qemuVersion?: QemuVersion;
  /** CPU vendor assumed for -cpu host/max (decides the AMD 1 TiB hole). */
  hostCpuVendor: 'amd' | 'intel';
}

export const defaultSettings: Settings = { spmForm: 'auto', hostCpuVendor: 'amd', qemuVersion: DEFAULT_QEMU_VERSION };

/**
 * T with every field spelled out, optional ones too (as possibly undefined): for an object a hot
 * path writes out field by field instead of spreading, so that a field added to T later cannot be
 * left out of the copy without a type error.
 */
export type Complete<T> = { [K in keyof Required<T>]: T[K] };
