// The JSON-RPC writer's encoding (stdioWriter.ts): every message as JSON.stringify then UTF-8, as
// vscode-jsonrpc does, except publishDiagnostics, which is put together from each diagnostic's
// bytes, kept for as long as the diagnostic object lives. A keystroke republishes every diagnostic of the
// document (640, 195 KB on the 10,000-line bench script), nearly all the same objects as last
// time (features/diagnostics.ts reuses them when nothing in them changed): stringifying them
// again made a 195 KB string per edit, which V8 puts in its large-object space (a fresh mapping
// the kernel fills page by page, ~1.5 ms here, and old-generation growth that brings the next
// full collection closer), and then a 195 KB buffer from it.
import type { Message } from 'vscode-languageserver/node';

const PUBLISH = 'textDocument/publishDiagnostics';
const COMMA = 0x2c; // ,
/** What ends the message after the diagnostics: the array, params, the message. */
const TAIL = Buffer.from(']}}');

/**
 * Bytes of a diagnostic's JSON, by identity. Only frozen objects are kept (features/diagnostics.ts
 * deep-freezes what it publishes): their JSON cannot change while they live.
 */
const pieces = new WeakMap<object, Buffer>();

/**
 * The UTF-8 bytes of JSON.stringify(msg), byte for byte, for a publishDiagnostics notification
 * whose diagnostics are its last field; undefined for any other message (which the caller
 * stringifies whole). With `header`, the buffer starts with header(the body's length) in ASCII:
 * the stdio writer's frame, filled in place rather than copied from a second 195 KB buffer.
 */
export function encodePublish(msg: Message, header?: (bodyLength: number) => string): Buffer | undefined {
  const m = msg as { method?: unknown; params?: unknown };
  if (m.method !== PUBLISH || !isObject(m.params)) return undefined;
  const params = m.params as { diagnostics?: unknown };
  const list = params.diagnostics;
  if (!Array.isArray(list) || lastKey(m) !== 'params' || lastKey(params) !== 'diagnostics') return undefined;
  // The message without its diagnostics ends `"diagnostics":[]}}`: the head is all of it but `]}}`.
  const head = JSON.stringify({ ...m, params: { ...params, diagnostics: [] } });
  if (!head.endsWith('[]}}')) return undefined;
  const start = Buffer.from(head.slice(0, -3));
  const parts: Buffer[] = new Array<Buffer>(list.length);
  let length = start.length + Math.max(0, list.length - 1) + TAIL.length; // with a comma between two
  for (let i = 0; i < list.length; i++) {
    const d: unknown = list[i];
    // JSON.stringify writes a missing or unserialisable element as null, not as nothing.
    if (!isObject(d) || typeof (d as { toJSON?: unknown }).toJSON === 'function') return undefined;
    parts[i] = pieceOf(d);
    length += parts[i].length;
  }
  // One buffer filled piece by piece (Buffer.concat of 1,281 pieces costs 0.6 ms, this 0.02).
  const prefix = header?.(length) ?? '';
  const out = Buffer.allocUnsafe(prefix.length + length);
  out.write(prefix, 0, 'ascii');
  out.set(start, prefix.length);
  let at = prefix.length + start.length;
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) out[at++] = COMMA;
    out.set(parts[i], at);
    at += parts[i].length;
  }
  out.set(TAIL, at);
  return out;
}

function pieceOf(d: object): Buffer {
  let piece = pieces.get(d);
  if (!piece) {
    const json = JSON.stringify(d);
    if (!Object.isFrozen(d)) return Buffer.from(json);
    // A kept piece gets memory of its own: a small Buffer.from() is a slice of Node's shared 8 KB
    // pool, which one kept piece would hold alive whole.
    piece = Buffer.allocUnsafeSlow(Buffer.byteLength(json));
    piece.write(json);
    pieces.set(d, piece);
  }
  return piece;
}

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

/** The last own enumerable key whose value JSON.stringify writes (undefined values it skips). */
function lastKey(o: object): string | undefined {
  const keys = Object.keys(o);
  for (let i = keys.length - 1; i >= 0; i--) {
    const v = (o as Record<string, unknown>)[keys[i]];
    if (v !== undefined && typeof v !== 'function' && typeof v !== 'symbol') return keys[i];
  }
  return undefined;
}
