// Quote removal for the literal node kinds, as bash does it, into pieces that keep their
// source. A run of ordinary characters stays verbatim (exact sub-ranges); an escape becomes a
// one-character piece whose source is the whole escape.
import type { Part } from './fields';

function push(
  out: Part[],
  text: string,
  start: number,
  end: number,
  verbatim: boolean,
  quoted: boolean,
  literal: boolean,
): void {
  if (text === '') return;
  out.push({ kind: 'piece', text, src: { start, end }, verbatim, quoted, literal });
}

/** An empty quoted piece: '' and $'' are words of their own even when empty. */
function marker(out: Part[], at: number): void {
  out.push({ kind: 'piece', text: '', src: { start: at, end: at }, verbatim: true, quoted: true, literal: false });
}

/** Length of the code point at s[i] in UTF-16 units (a lone surrogate counts as one). */
function charLen(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

/** A line continuation at s[i] (a backslash already seen at i - 1): its length after the backslash, else 0. */
function newlineAt(s: string, i: number): number {
  if (s.charCodeAt(i) === 10) return 1;
  if (s.charCodeAt(i) === 13 && s.charCodeAt(i + 1) === 10) return 2; // CRLF read as LF (docs/shell.md)
  return 0;
}

/**
 * Unquoted text (a `word`): `\x` is x, quoted; `\` + newline vanishes. `base` is the document
 * offset of s[0].
 */
export function unquotedPieces(s: string, base: number, out: Part[], literal = true): void {
  let run = 0;
  let i = 0;
  while (i < s.length) {
    if (s.charCodeAt(i) !== 92 /* \ */ || i + 1 >= s.length) {
      i++;
      continue;
    }
    push(out, s.slice(run, i), base + run, base + i, true, false, literal);
    const nl = newlineAt(s, i + 1);
    if (nl > 0) {
      i += 1 + nl;
    } else {
      const n = charLen(s, i + 1);
      push(out, s.slice(i + 1, i + 1 + n), base + i, base + i + 1 + n, false, true, literal);
      i += 1 + n;
    }
    run = i;
  }
  push(out, s.slice(run), base + run, base + s.length, true, false, literal);
}

/** Inside double quotes: only \$ \` \" \\ and \newline are escapes; other backslashes stay. */
export function doubleQuotedPieces(s: string, base: number, out: Part[]): void {
  let run = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i + 1);
    if (s.charCodeAt(i) !== 92 || i + 1 >= s.length) {
      i++;
      continue;
    }
    const nl = newlineAt(s, i + 1);
    if (nl === 0 && c !== 36 && c !== 96 && c !== 34 && c !== 92) {
      i++;
      continue;
    }
    push(out, s.slice(run, i), base + run, base + i, true, true, false);
    if (nl > 0) {
      i += 1 + nl;
    } else {
      push(out, s[i + 1], base + i, base + i + 2, false, true, false);
      i += 2;
    }
    run = i;
  }
  push(out, s.slice(run), base + run, base + s.length, true, true, false);
}

/** '...': everything up to the closing quote, as written. `s` is the node text. */
export function singleQuotedPieces(s: string, base: number, out: Part[]): void {
  const end = s.length >= 2 && s.endsWith("'") ? s.length - 1 : s.length;
  marker(out, base);
  push(out, s.slice(1, end), base + 1, base + end, true, true, false);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

function codePoint(n: number): string {
  return n <= 0x10ffff ? String.fromCodePoint(n) : '\ufffd';
}

/** One ANSI-C escape starting at s[i] (a backslash): its value and length, or undefined if not an escape. */
function ansiEscape(s: string, i: number): { value: string; len: number } | undefined {
  const c = s[i + 1];
  if (c === undefined) return undefined;
  if (c in SIMPLE_ESCAPES) return { value: SIMPLE_ESCAPES[c], len: 2 };
  let m = /^[0-7]{1,3}/.exec(s.slice(i + 1, i + 4));
  if (m) return { value: String.fromCharCode(parseInt(m[0], 8) & 0xff), len: 1 + m[0].length };
  const hex = (max: number): RegExpExecArray | null =>
    new RegExp(`^[0-9a-fA-F]{1,${max}}`).exec(s.slice(i + 2, i + 2 + max));
  if (c === 'x' && (m = hex(2))) return { value: String.fromCharCode(parseInt(m[0], 16)), len: 2 + m[0].length };
  if (c === 'u' && (m = hex(4))) return { value: codePoint(parseInt(m[0], 16)), len: 2 + m[0].length };
  if (c === 'U' && (m = hex(8))) return { value: codePoint(parseInt(m[0], 16)), len: 2 + m[0].length };
  if (c === 'c' && i + 2 < s.length) return { value: String.fromCharCode(s.charCodeAt(i + 2) & 0x1f), len: 3 };
  return undefined;
}

/** $'...': ANSI-C escapes decoded. `s` is the node text including $' and '. */
export function ansiCPieces(s: string, base: number, out: Part[]): void {
  const end = s.length >= 3 && s.endsWith("'") ? s.length - 1 : s.length;
  const body = s.slice(0, end);
  marker(out, base);
  let run = 2;
  let i = 2;
  while (i < end) {
    if (body.charCodeAt(i) !== 92) {
      i++;
      continue;
    }
    const esc = ansiEscape(body, i);
    if (!esc) {
      i += 2;
      continue;
    }
    push(out, body.slice(run, i), base + run, base + i, true, true, false);
    push(out, esc.value, base + i, base + i + esc.len, false, true, false);
    i += esc.len;
    run = i;
  }
  push(
    out,
    body.slice(run, Math.min(end, body.length)),
    base + run,
    base + Math.min(end, body.length),
    true,
    true,
    false,
  );
}
