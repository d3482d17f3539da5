// argv → QemuOption[], read the way QEMU's vl.c reads its command line (qemu_init/lookup_opt):
// a word that does not start with '-' is a disk image (as -hda); '--name' is '-name'; the
// option table (generated from QEMU) says whether the next word is the argument, whatever it
// looks like; an unknown name is "invalid option", a missing argument "requires an argument".
// Each argument is then split by its parser (QemuOpts, keyval or JSON) into props whose key and
// value spans map back to the document through wordSpan.
import type { Diagnostic, Invocation, Prop, QemuOption, Settings, Span, Word } from '../types';
import { wordSpan } from '../shell/wordSpan';
import { optionInfo, numaProps, objectProps } from '../schema/index';
import { qemuVersionOf } from '../versions';
import type { RawProblem, Split } from './items';
import { splitQemuOpts } from './qemuopts';
import { splitKeyval } from './keyval';
import { splitJson } from './json';
import { splitCpuFeatures } from './cpuFeatures';
import { splitGlobal } from './globalProperty';

export interface ParsedOptions {
  options: QemuOption[];
  diagnostics: Diagnostic[];
}

function problemToDiagnostic(word: Word, p: RawProblem): Diagnostic {
  const span = wordSpan(word, p.from, p.to);
  const d: Diagnostic = { span, severity: p.severity, code: p.code, message: p.message };
  if (p.replacement)
    d.fixes = [{ title: p.replacement.title, edits: [{ span, newText: p.replacement.newText }], preferred: true }];
  return d;
}

/** True when the word is written plainly in the document, so a sub-range can be edited. */
function editable(word: Word): boolean {
  return (
    !word.unknown &&
    word.segments.length === 1 &&
    word.segments[0].verbatim &&
    word.span.end - word.span.start === word.text.length
  );
}

function splitArgument(syntax: QemuOption['syntax'], impliedKey: string | undefined, text: string): Split {
  switch (syntax) {
    case 'json':
      return splitJson(text);
    case 'keyval':
      return splitKeyval(text, impliedKey);
    case 'qemuopts':
      return splitQemuOpts(text, impliedKey);
    case 'cpu':
      return splitCpuFeatures(text);
    case 'global':
      return splitGlobal(text);
    default:
      return { props: [], problems: [] };
  }
}

/** List-typed members accumulate instead of replacing (QEMU's QemuOpts keep every occurrence and its visitor collects list members): -numa node,cpus=0,cpus=2. */
function accumulates(option: QemuOption, key: string, settings: Settings): boolean {
  const type = option.props.find((p) => p.implied || p.key === 'type' || p.key === 'qom-type')?.value;
  if (!type) return false;
  const props =
    option.name === 'numa'
      ? numaProps(type, settings.spmForm, qemuVersionOf(settings))
      : option.name === 'object' && option.syntax !== 'json'
        ? objectProps(type, qemuVersionOf(settings))
        : undefined;
  return props?.get(key)?.kind === 'list';
}

/**
 * Later occurrences replace earlier ones: within one option, and across all -m options
 * (merge_lists) and all -machine options (merged into one dict).
 */
function duplicateWarnings(options: QemuOption[], settings: Settings): Diagnostic[] {
  const out: Diagnostic[] = [];
  const groups: { option: QemuOption; props: Prop[] }[][] = [];
  const merged = new Map<string, { option: QemuOption; props: Prop[] }[]>();
  for (const o of options) {
    if (o.unknown || o.props.length === 0) continue;
    // -cpu features and -global are not QemuOpts dicts: x86 applies +feat/-feat after key=value
    // whatever the order, and a -global's keys are one setting.
    if (o.syntax === 'cpu' || o.syntax === 'global') continue;
    const entry = { option: o, props: o.props };
    if (o.name === 'm' || o.name === 'machine') {
      let g = merged.get(o.name);
      if (!g) merged.set(o.name, (g = []));
      g.push(entry);
    } else groups.push([entry]);
  }
  groups.push(...merged.values());
  for (const group of groups) {
    if (group.length === 1 && !repeatsAKey(group[0].props)) continue; // most options: nothing to warn about
    const last = new Map<string, Prop>();
    for (const { props } of group) for (const p of props) last.set(p.key, p);
    for (const { option, props } of group) {
      for (const p of props) {
        const winner = last.get(p.key)!;
        if (winner === p || p.unknown || winner.unknown) continue;
        if (accumulates(option, p.key, settings)) continue;
        if (option.syntax === 'json') continue; // QEMU's JSON parser rejects duplicate keys itself
        const shown = p.implied ? `${p.key} (written without '${p.key}=')` : `'${p.key}'`;
        out.push({
          span: p.span,
          severity: 'warning',
          code: 'QL-opt-008',
          message: `${shown} is given again later; QEMU keeps the last value, '${winner.value}', and ignores this one`,
          related: [{ span: winner.span, message: `${winner.key}=${winner.value} (the value QEMU uses)` }],
          tags: ['unnecessary'],
          fixes: removeDuplicateFix(option, p),
        });
      }
    }
  }
  return out;
}

/** Whether two props share a key (most options have a handful of props: no table needed). */
function repeatsAKey(props: Prop[]): boolean {
  if (props.length > 16) return new Set(props.map((p) => p.key)).size < props.length; // a generated giant
  for (let i = 1; i < props.length; i++) for (let j = 0; j < i; j++) if (props[i].key === props[j].key) return true;
  return false;
}

/**
 * Quick fix for QL-opt-008: delete the ignored `key=value` with the comma that joins it to its
 * neighbour, so the option reads as QEMU reads it. Only offered inside one plainly written word
 * (a duplicate across two -m options, or inside "$VAR", is left to the user).
 */
function removeDuplicateFix(option: QemuOption, p: Prop): Diagnostic['fixes'] {
  if (!option.arg || !editable(option.arg)) return undefined;
  const i = option.props.indexOf(p);
  if (i < 0 || option.props.length < 2) return undefined;
  const span =
    i > 0
      ? { start: option.props[i - 1].span.end, end: p.span.end }
      : { start: p.span.start, end: option.props[1].span.start };
  const name = p.implied ? p.value : `${p.key}=${p.value}`;
  return [{ title: `Remove the ignored '${name}'`, edits: [{ span, newText: '' }], preferred: true }];
}

function toProp(word: Word, r: Split['props'][number]): Prop {
  const prop: Prop = {
    key: r.key,
    value: r.value,
    implied: r.implied,
    keySpan: wordSpan(word, r.keyFrom, r.keyTo),
    valueSpan: wordSpan(word, r.valueFrom, r.valueTo),
    span: wordSpan(word, r.from, r.to),
  };
  if (r.flag) prop.flag = r.flag;
  if (r.json !== undefined) prop.json = r.json;
  if (word.unknown) prop.unknown = true;
  return prop;
}

function joinSpans(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

export function parseOptions(inv: Invocation, settings: Settings): ParsedOptions {
  const options: QemuOption[] = [];
  const diagnostics: Diagnostic[] = [];
  const args = inv.args;
  // The option table is the target release's: 10.0 has no -no-hpet, 7.2 no -run-with.
  const version = qemuVersionOf(settings);
  let i = 0;
  // After a word we could not resolve we cannot know whether it was an option taking a value,
  // so the next word may be that value rather than a disk image.
  let afterUnknown = false;
  while (i < args.length) {
    const word = args[i++];
    const text = word.text;
    const mayBeValue = afterUnknown;
    afterUnknown = !!word.unknown;
    if (!text.startsWith('-')) {
      // vl.c: `if (argv[optind][0] != '-') drive_add(IF_DEFAULT, 0, argv[optind++], HD_OPTS)`.
      const unsure = !!word.unknown || mayBeValue;
      options.push({
        name: 'hda',
        written: '',
        nameSpan: { start: word.span.start, end: word.span.start },
        arg: word,
        argSpan: word.span,
        syntax: 'plain',
        props: [],
        span: word.span,
        ...(unsure ? { unknown: true } : {}),
      });
      if (!unsure) {
        diagnostics.push({
          span: word.span,
          severity: 'information',
          code: 'QL-opt-004',
          message: `'${text}' is not an option: QEMU uses a word without a leading '-' as the disk image of IDE hard disk 0 (like -hda ${text})`,
        });
      }
      continue;
    }
    // lookup_opt: "--foo" is "-foo".
    const dashes = text.startsWith('--') ? 2 : 1;
    const name = text.slice(dashes);
    const nameSpan = word.span;
    const info = optionInfo(name, version);
    if (!info) {
      options.push({
        name,
        written: text,
        nameSpan,
        syntax: 'plain',
        props: [],
        span: word.span,
        ...(word.unknown ? { unknown: true } : {}),
      });
      if (word.unknown) continue; // what the word expands to is not known: neither right nor wrong
      const eq = name.indexOf('=');
      const base = eq > 0 ? optionInfo(name.slice(0, eq), version) : undefined;
      const d: Diagnostic = {
        span: word.span,
        severity: 'error',
        code: 'QL-opt-001',
        message: `${text}: invalid option`,
      };
      if (base) {
        d.code = 'QL-opt-003';
        d.message = `${text}: invalid option\nQEMU takes the value of -${name.slice(0, eq)} as the next word, not after '='`;
        if (editable(word) && base.takesArg) {
          const at = dashes + eq;
          d.fixes = [
            {
              title: `Write ${text.slice(0, at)} ${text.slice(at + 1)}`,
              edits: [{ span: wordSpan(word, at, at + 1), newText: ' ' }],
              preferred: true,
            },
          ];
        }
      }
      diagnostics.push(d);
      continue;
    }
    const canonical = info.name;
    if (!info.takesArg) {
      options.push({
        name: canonical,
        written: text,
        nameSpan,
        syntax: 'flag',
        props: [],
        span: word.span,
        ...(word.unknown ? { unknown: true } : {}),
      });
      continue;
    }
    if (i >= args.length) {
      options.push({ name: canonical, written: text, nameSpan, syntax: 'plain', props: [], span: word.span });
      diagnostics.push({
        span: word.span,
        severity: 'error',
        code: 'QL-opt-002',
        message: `${text}: requires an argument`,
      });
      continue;
    }
    const arg = args[i++];
    const syntax: QemuOption['syntax'] =
      info.syntax === 'json-or-qemuopts' ? (arg.text.startsWith('{') ? 'json' : 'qemuopts') : info.syntax;
    const split = splitArgument(syntax, info.impliedKey, arg.text);
    const option: QemuOption = {
      name: canonical,
      written: text,
      nameSpan,
      arg,
      argSpan: arg.span,
      syntax,
      props: split.props.map((r) => toProp(arg, r)),
      span: joinSpans(word.span, arg.span),
    };
    if (word.unknown || arg.unknown) option.unknown = true;
    options.push(option);
    if (!arg.unknown) for (const p of split.problems) diagnostics.push(problemToDiagnostic(arg, p));
  }
  // A loop, not push(...): a 1 MB line can hold 100k+ options, past the call-argument limit.
  for (const d of duplicateWarnings(options, settings)) diagnostics.push(d);
  return { options, diagnostics };
}
