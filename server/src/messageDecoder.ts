// The JSON-RPC reader's decoder: JSON.parse of the UTF-8 body, as vscode-jsonrpc does, except
// that a long JSON string in it (a whole document: didOpen, and every didChange of a client that
// sends the full text) is decoded in pieces of ~64 KB, never as one string of the whole message.
// The library decodes a body into one string and parses that: for a full-text change of the
// 10,000-line script, a 362 KB string made only to be parsed, then the 343 KB text. V8 puts a
// string over 128 KB in its large-object space, a fresh mapping the kernel fills page by page
// (~1.5 ms here) that also counts towards the next full collection; pieces below that size are
// young-generation strings. The text itself is their concatenation, made flat once when the
// document store first reads it.
import { randomBytes } from 'node:crypto';
import type { ContentTypeDecoder, Message } from 'vscode-languageserver/node';

/** A JSON string at least this long (in bytes) is decoded in pieces. */
const LONG = 32 * 1024;
/** About how many bytes each piece of a long string is (below V8's 128 KB large-object limit). */
const PIECE = 64 * 1024;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export const messageDecoder: ContentTypeDecoder = {
  name: 'application/json',
  decode(buffer, options) {
    // A failure is a rejected promise, as the library's own decoder gives, never a throw.
    try {
      const bytes = Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      if (options.charset !== 'utf-8') return Promise.resolve(JSON.parse(bytes.toString(options.charset)) as Message);
      return Promise.resolve(parseJson(bytes) as Message);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  },
};

/** JSON.parse(bytes.toString('utf-8')): the same value, or the same exception. */
export function parseJson(bytes: Buffer): unknown {
  if (bytes.length >= LONG) {
    try {
      const value = parseInPieces(bytes);
      if (value !== undefined) return value;
    } catch {
      // Not valid JSON after all: the plain parse below throws its own error.
    }
  }
  return JSON.parse(bytes.toString('utf-8'));
}

/**
 * Stands for the i-th long string in the rest of the message. Random per process, so that no text
 * a client sends can be one by chance; a placeholder found other than exactly once (which could
 * then only be on purpose) makes the caller parse the message the plain way.
 */
const PLACEHOLDER = `qemu-launch-${randomBytes(16).toString('hex')}-`;

/**
 * The value of the JSON text `bytes` with its long strings decoded in pieces; undefined when it has
 * none (or a placeholder turns up other than once). May throw where JSON.parse would not: the
 * caller then parses the plain way, which throws where JSON.parse does.
 */
export function parseInPieces(bytes: Buffer): unknown {
  const long = longStrings(bytes);
  if (!long?.length) return undefined;
  // The message with each long string replaced by a placeholder: small, parsed as usual.
  const parts: Buffer[] = [];
  let from = 0;
  long.forEach(([start, end], i) => {
    parts.push(bytes.subarray(from, start), Buffer.from(PLACEHOLDER + i));
    from = end;
  });
  parts.push(bytes.subarray(from));
  const rest: unknown = JSON.parse(Buffer.concat(parts).toString('utf-8'));
  const values = long.map(([start, end]) => decodeString(bytes, start, end));
  const found = new Array<number>(values.length).fill(0);
  const result = replacePlaceholders(rest, values, found);
  return found.every((n) => n === 1) ? result : undefined;
}

/**
 * [start, end) of the contents (between the quotes) of every JSON string of at least LONG bytes,
 * found by jumping from quote to quote: outside a string, a quote opens one; inside, a quote
 * preceded by an even number of backslashes closes it. Undefined if a string is not closed.
 */
function longStrings(bytes: Buffer): [number, number][] | undefined {
  const out: [number, number][] = [];
  let open = bytes.indexOf(QUOTE);
  while (open >= 0) {
    let close = open;
    do {
      close = bytes.indexOf(QUOTE, close + 1);
      if (close < 0) return undefined;
    } while (escaped(bytes, close));
    if (close - open - 1 >= LONG) out.push([open + 1, close]);
    open = bytes.indexOf(QUOTE, close + 1);
  }
  return out;
}

/** Whether an odd number of backslashes precedes `at`. */
function escaped(bytes: Buffer, at: number): boolean {
  let n = 0;
  while (at - n - 1 >= 0 && bytes[at - n - 1] === BACKSLASH) n++;
  return n % 2 === 1;
}

/**
 * The value of the JSON string whose contents are bytes [start, end): pieces of about PIECE bytes,
 * each parsed as a JSON string of its own and joined. A piece ends where no escape sequence
 * (at most 6 bytes: `\uXXXX`) and no UTF-8 sequence can be cut: before an ASCII byte with no
 * backslash among the 6 bytes before it. Each piece is read with the bytes either side of it made
 * quotes for that moment (the first piece's opening quote is there already), so that the string
 * JSON.parse reads is the piece decoded once, not a copy of it with quotes added.
 */
function decodeString(bytes: Buffer, start: number, end: number): string {
  let value = '';
  let from = start;
  while (from < end) {
    let to = Math.min(from + PIECE, end);
    while (to < end && !cuttable(bytes, to, from)) to++;
    const before = bytes[from - 1];
    const after = bytes[to];
    bytes[from - 1] = QUOTE;
    bytes[to] = QUOTE;
    try {
      value += JSON.parse(bytes.toString('utf-8', from - 1, to + 1)) as string;
    } finally {
      bytes[from - 1] = before;
      bytes[to] = after;
    }
    from = to;
  }
  return value;
}

function cuttable(bytes: Buffer, at: number, from: number): boolean {
  if (bytes[at] >= 0x80) return false;
  for (let i = Math.max(from, at - 6); i < at; i++) if (bytes[i] === BACKSLASH) return false;
  return true;
}

function replacePlaceholders(value: unknown, values: string[], found: number[]): unknown {
  if (typeof value === 'string') {
    if (!value.startsWith(PLACEHOLDER)) return value;
    const i = Number(value.slice(PLACEHOLDER.length));
    if (!(i >= 0 && i < values.length && String(i) === value.slice(PLACEHOLDER.length))) return value;
    found[i]++;
    return values[i];
  }
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      const v = o[key];
      if (typeof v === 'object' || typeof v === 'string') {
        const replaced = replacePlaceholders(v, values, found);
        if (replaced !== v) o[key] = replaced;
      }
    }
  }
  return value;
}
