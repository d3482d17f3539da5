// Answers `initialize` before the LSP library is loaded (issue 14: spawn → initialize). Over
// stdio (other editors, the benchmark) the start-up loader (serverMain.ts) reads the first
// message itself; when it is
// `initialize` it writes the fixed answer (initializeResult.ts), puts every byte it read back
// into stdin (Readable.unshift) and only then loads the LSP connection (dist/lsp.js). The
// connection reads the same `initialize` again, so the library sets itself up exactly as on a
// plain start, and drops its own answer to that one id (server.ts): the client gets one answer,
// before the library's 190 KB have even run. Anything else first (not LSP framing, another
// method, a broken message) is put back untouched and answered by the library as always.
// Over node IPC (how the VS Code client starts the server) the same, with the first message
// event: answered, then emitted again once the connection listens.
//
// No import of vscode-jsonrpc here: this module is part of the loader, which must stay small.
import type { Readable, Writable } from 'node:stream';
import { initializeResult } from './initializeResult';

/** The request id answered by the loader: the connection drops its own answer to it. */
export interface EarlyAnswer {
  id: number | string;
}

/** Where the loader leaves the answer for the connection: each bundle has its own copy of this module. */
const HANDOFF = Symbol.for('qemu-launch.earlyInitialize');
/** Headers longer than this are not an LSP client's: given up, left to the library. */
const MAX_HEADER_BYTES = 8192;

/** The header of a message whose body is `bodyLength` bytes. */
export function contentLength(bodyLength: number): string {
  return `Content-Length: ${bodyLength}\r\n\r\n`;
}

/** One message in LSP's base protocol framing, its JSON encoded straight after the header. */
export function frame(message: unknown): Buffer {
  const json = JSON.stringify(message);
  const bodyLength = Buffer.byteLength(json, 'utf8');
  const header = contentLength(bodyLength);
  const out = Buffer.allocUnsafe(header.length + bodyLength);
  out.write(header, 0, 'ascii');
  out.write(json, header.length, 'utf8');
  return out;
}

/**
 * The first message of `bytes` when it is complete: `undefined` while more is needed, `null` when
 * the bytes are not LSP framing or the body is not JSON (left to the library).
 */
export function firstMessage(bytes: Buffer): unknown {
  const headerEnd = bytes.indexOf('\r\n\r\n');
  if (headerEnd < 0) return bytes.length > MAX_HEADER_BYTES ? null : undefined;
  const length = /^content-length:[ \t]*(\d+)[ \t]*$/im.exec(bytes.subarray(0, headerEnd).toString('ascii'));
  if (!length) return null;
  const start = headerEnd + 4;
  const end = start + Number(length[1]);
  if (bytes.length < end) return undefined;
  try {
    return JSON.parse(bytes.subarray(start, end).toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

function isInitialize(message: unknown): message is { id: number | string } {
  const m = message as { method?: unknown; id?: unknown } | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.method === 'initialize' &&
    (typeof m.id === 'number' || typeof m.id === 'string')
  );
}

/** The answer to initialize request `id`, left for the connection to know it was sent. */
function answer(id: number | string): unknown {
  (globalThis as Record<symbol, unknown>)[HANDOFF] = { id } satisfies EarlyAnswer;
  return { jsonrpc: '2.0', id, result: initializeResult() };
}

/**
 * Reads `input` up to its first complete message; answers it on `output` when it is
 * `initialize`; puts everything read back into `input`; then calls `next` (synchronously, so no
 * `end` of the input can slip in before the bytes are back). An input that ends before one
 * message is complete calls `ended` instead.
 */
export function answerInitializeEarly(input: Readable, output: Writable, next: () => void, ended: () => void): void {
  const chunks: Buffer[] = [];
  let length = 0;
  const stop = () => {
    input.removeListener('readable', onReadable);
    input.removeListener('end', ended);
    input.removeListener('error', ended);
  };
  const onReadable = () => {
    for (let chunk: Buffer | null; (chunk = input.read() as Buffer | null) !== null;) {
      chunks.push(chunk);
      length += chunk.length;
    }
    const bytes = Buffer.concat(chunks, length);
    const message = firstMessage(bytes);
    if (message === undefined) return;
    stop();
    if (isInitialize(message)) output.write(frame(answer(message.id)));
    input.unshift(bytes);
    next();
  };
  input.on('readable', onReadable);
  input.once('end', ended);
  input.once('error', ended);
}

/**
 * The same over node IPC: the first message the parent sends is answered when it is
 * `initialize`; then `next` loads the connection and the message is emitted again for it, before
 * any later one (Node delivers each IPC message in a task of its own).
 */
export function answerInitializeEarlyOverIpc(channel: NodeJS.Process, next: () => void): void {
  channel.once('message', (message: unknown) => {
    if (isInitialize(message) && channel.send) channel.send(answer(message.id));
    next();
    channel.emit('message', message, undefined);
  });
}

/** For the connection: the id the loader answered already, if it did (taken once). */
export function takeEarlyAnswer(): EarlyAnswer | undefined {
  const store = globalThis as Record<symbol, unknown>;
  const answer = store[HANDOFF] as EarlyAnswer | undefined;
  delete store[HANDOFF];
  return answer;
}
