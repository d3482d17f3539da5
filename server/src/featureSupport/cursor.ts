// What the cursor is on inside a QEMU command line, for completion: an option name, or a key or
// value inside an option's argument. Worked out from the argv words the shell front end produced
// (quotes removed, `\` continuations joined), mapped back to the document through the words'
// segments, so it works inside quotes and across continuation lines.
import type { InvocationAnalysis, Analysis } from '../analysis/index';
import type { QemuOption, Span, Word } from '../analysis/types';
import { invocationAt } from './convert';

export interface ArgPart {
  /** Key of the part the cursor is in; undefined while the key itself is being typed. */
  key?: string;
  /** What is typed of the key (no '=' yet) or of the value (after '='). */
  prefix: string;
  /** First part without '=': QEMU's implied key (driver, qom-type, type, size). */
  firstPart: boolean;
}

export interface CursorContext {
  analysis: Analysis;
  inv: InvocationAnalysis;
  offset: number;
  word?: Word;
  /** Source range to replace with the completion (what is typed of the current token). */
  replace: Span;
  kind: 'optionName' | 'optionArg' | 'other';
  /** optionName: the typed text, dashes included. */
  typed: string;
  /** optionArg: canonical option name and the parsed argument around the cursor. */
  optionName?: string;
  option?: QemuOption;
  part?: ArgPart;
  /** optionArg: the implied first value (driver / qom-type / numa type / machine type), if written. */
  type?: string;
  /** optionArg: keys already present in the argument (other than the one being typed). */
  presentKeys: Set<string>;
}

/** Source offset → index into word.text (the furthest text position at or before the offset). */
export function textIndexAt(word: Word, offset: number): number {
  let index = 0;
  for (const s of word.segments) {
    if (s.src.start > offset) break;
    if (offset <= s.src.end) {
      index = s.verbatim ? s.from + Math.min(offset - s.src.start, s.to - s.from) : s.to;
      break;
    }
    index = s.to;
  }
  return index;
}

/** word.text index → source offset, when that character is written literally; else undefined. */
export function sourceOffsetAt(word: Word, index: number): number | undefined {
  for (const s of word.segments) {
    if (index >= s.from && index <= s.to && s.verbatim) return s.src.start + (index - s.from);
  }
  return undefined;
}

/** Splits a QemuOpts argument at single commas (',,' is an escaped comma). Returns part start indexes. */
export function partStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== ',') continue;
    if (text[i + 1] === ',') {
      i++;
      continue;
    }
    starts.push(i + 1);
  }
  return starts;
}

function parts(text: string): string[] {
  const starts = partStarts(text);
  return starts.map((s, i) => text.slice(s, i + 1 < starts.length ? starts[i + 1] - 1 : text.length));
}

export interface CursorOptions {
  /** Does this option (canonical name) take an argument? */
  takesArg(name: string): boolean;
  /** Canonical name of a written option ('-M' → 'machine'), or undefined when unknown. */
  canonical(written: string): string | undefined;
}

export function cursorContext(analysis: Analysis, offset: number, opts: CursorOptions): CursorContext | undefined {
  const inv = invocationAt(analysis, offset);
  if (!inv) return undefined;
  const base = { analysis, inv, offset, presentKeys: new Set<string>() };
  const words = inv.invocation.args;
  const index = words.findIndex((w) => w.span.start <= offset && offset <= w.span.end);
  const word = index >= 0 ? words[index] : undefined;
  if (inv.invocation.program.span.start <= offset && offset <= inv.invocation.program.span.end) {
    return { ...base, kind: 'other', typed: '', replace: { start: offset, end: offset } };
  }

  // Which option is this word (or the new word at the cursor) the argument of?
  let option = word
    ? inv.options.find(
        (o) => o.arg === word || (o.argSpan && o.argSpan.start === word.span.start && o.argSpan.end === word.span.end),
      )
    : undefined;
  let optionName = option?.name;
  if (!option) {
    // The word before: by argv order when the cursor is on a word, else the nearest one written
    // before the cursor (array elements are written elsewhere than the command line).
    let previous = index > 0 ? words[index - 1] : undefined;
    if (!word)
      for (const w of words) if (w.span.end < offset && (!previous || w.span.end > previous.span.end)) previous = w;
    const prevName = previous && previous.text.startsWith('-') ? opts.canonical(previous.text) : undefined;
    const prevIsValueOfOption = previous && inv.options.some((o) => o.arg === previous);
    if (
      prevName &&
      !prevIsValueOfOption &&
      opts.takesArg(prevName) &&
      !(word && word.text.startsWith('-') && !isNegativeNumber(word.text))
    ) {
      optionName = prevName;
      option = inv.options.find((o) => o.nameSpan.start === previous!.span.start);
    }
  }

  const textIndex = word ? textIndexAt(word, offset) : 0;
  const typedText = word ? word.text.slice(0, textIndex) : '';

  if (!optionName) {
    // Before a word's opening quote, its first character maps past the cursor: never an inverted range.
    const start = Math.min(word ? (sourceOffsetAt(word, 0) ?? offset) : offset, offset);
    return {
      ...base,
      word,
      kind: word && !typedText.startsWith('-') ? 'other' : 'optionName',
      typed: typedText,
      replace: { start, end: offset },
    };
  }

  const full = word?.text ?? '';
  if (full.trimStart().startsWith('{')) {
    return {
      ...base,
      word,
      option,
      optionName,
      kind: 'other',
      typed: typedText,
      replace: { start: offset, end: offset },
    };
  }
  const starts = partStarts(full);
  let partIndex = 0;
  for (let i = 0; i < starts.length; i++) if (starts[i] <= textIndex) partIndex = i;
  const partStart = starts[partIndex];
  const partTyped = full.slice(partStart, textIndex);
  const all = parts(full);
  const eq = partTyped.indexOf('=');
  const part: ArgPart =
    eq >= 0
      ? { key: partTyped.slice(0, eq), prefix: partTyped.slice(eq + 1), firstPart: partIndex === 0 }
      : { prefix: partTyped, firstPart: partIndex === 0 };
  const tokenIndex = eq >= 0 ? partStart + eq + 1 : partStart;
  // Before a word's opening quote (-machine |"q35"), the token maps past the cursor: clamp.
  const start = Math.min(word ? (sourceOffsetAt(word, tokenIndex) ?? offset) : offset, offset);

  const presentKeys = new Set<string>();
  all.forEach((p, i) => {
    if (i === partIndex) return;
    const e = p.indexOf('=');
    if (e > 0) presentKeys.add(p.slice(0, e));
  });
  const first = all[0] ?? '';
  let type: string | undefined = first.includes('=') ? undefined : first;
  if (partIndex === 0 && eq < 0) type = undefined; // still being typed
  for (const p of all) {
    const m = /^(driver|qom-type|type)=(.*)$/.exec(p);
    if (m) type = m[2];
  }
  return {
    ...base,
    word,
    option,
    optionName,
    kind: 'optionArg',
    typed: partTyped,
    part,
    type,
    presentKeys,
    replace: { start, end: offset },
  };
}

function isNegativeNumber(s: string): boolean {
  return /^-\d/.test(s);
}
