// server/src/earlyInitialize.ts: the start-up loader answers `initialize` before the LSP library
// is loaded and hands every byte it read back to the input, so the library sees the session from
// its first byte. Streams in process; the real server is driven in test/lsp/serverStart.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { answerInitializeEarly, firstMessage, frame, takeEarlyAnswer } from '../../../server/src/earlyInitialize';
import { initializeResult } from '../../../server/src/initializeResult';

const INITIALIZE = { jsonrpc: '2.0', id: 7, method: 'initialize', params: { processId: null, capabilities: {} } };
const INITIALIZED = { jsonrpc: '2.0', method: 'initialized', params: {} };

/** Every frame in `bytes`, parsed. */
function frames(bytes: Buffer): unknown[] {
  const out: unknown[] = [];
  for (let rest = bytes; rest.length;) {
    const headerEnd = rest.indexOf('\r\n\r\n');
    const length = Number(/Content-Length: (\d+)/.exec(rest.subarray(0, headerEnd).toString())![1]);
    out.push(JSON.parse(rest.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')));
    rest = rest.subarray(headerEnd + 4 + length);
  }
  return out;
}

test('firstMessage: waits for the whole first message, gives up on what is not LSP framing', () => {
  const whole = Buffer.concat([frame(INITIALIZE), frame(INITIALIZED)]);
  const first = frame(INITIALIZE).length;
  assert.deepEqual(firstMessage(whole), INITIALIZE, 'the first of two');
  assert.equal(firstMessage(whole.subarray(0, 10)), undefined, 'inside the header');
  assert.equal(firstMessage(whole.subarray(0, first - 1)), undefined, 'one byte short');
  assert.deepEqual(firstMessage(whole.subarray(0, first)), INITIALIZE);
  // Content-Length counts bytes, not characters.
  const utf8 = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { rootPath: '/home/jürgen/€' } };
  assert.deepEqual(firstMessage(frame(utf8)), utf8);
  // Header names are case-insensitive, and other headers may come first.
  const body = JSON.stringify(INITIALIZE);
  const typed = `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
  assert.deepEqual(firstMessage(Buffer.from(typed)), INITIALIZE);
  assert.equal(firstMessage(Buffer.from('hello\r\n\r\n{}')), null, 'no Content-Length');
  assert.equal(firstMessage(Buffer.from('Content-Length: 3\r\n\r\n{x}')), null, 'not JSON');
  assert.equal(firstMessage(Buffer.alloc(9000, 'a')), null, 'no header end in 8 KB');
});

/** Feeds `chunks` to a loader reading `input`; resolves with what it wrote and what `input` then yields. */
async function early(chunks: Buffer[]): Promise<{ answered: Buffer; replayed: Buffer; handedOver: unknown }> {
  const input = new PassThrough();
  const output = new PassThrough();
  const written: Buffer[] = [];
  output.on('data', (b: Buffer) => written.push(b));
  const next = new Promise<unknown>((resolve) =>
    answerInitializeEarly(
      input,
      output,
      () => resolve(takeEarlyAnswer()),
      () => assert.fail('the input did not end'),
    ),
  );
  for (const c of chunks) {
    input.write(c);
    await new Promise((r) => setImmediate(r));
  }
  const handedOver = await next;
  // What the library will read: the bytes the loader read, then the rest of the input.
  const replayed: Buffer[] = [];
  input.on('data', (b: Buffer) => replayed.push(b));
  input.end();
  await new Promise((r) => input.once('end', r));
  return { answered: Buffer.concat(written), replayed: Buffer.concat(replayed), handedOver };
}

test('initialize, split across reads: answered once with the fixed result, every byte handed back', async () => {
  const bytes = Buffer.concat([frame(INITIALIZE), frame(INITIALIZED)]);
  const { answered, replayed, handedOver } = await early([
    bytes.subarray(0, 5),
    bytes.subarray(5, 40),
    bytes.subarray(40),
  ]);
  assert.deepEqual(frames(answered), [{ jsonrpc: '2.0', id: 7, result: initializeResult() }]);
  assert.deepEqual(replayed, bytes);
  assert.deepEqual(handedOver, { id: 7 }, 'the connection learns which answer to drop');
  assert.equal(takeEarlyAnswer(), undefined, 'taken once');
});

test('anything else first is not answered, and handed back untouched', async () => {
  const other = frame({ jsonrpc: '2.0', id: 1, method: 'shutdown' });
  const notification = frame({ jsonrpc: '2.0', method: 'initialize', params: {} }); // no id: not a request
  const garbage = Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  for (const bytes of [other, notification, garbage]) {
    const { answered, replayed, handedOver } = await early([bytes]);
    assert.equal(answered.length, 0, bytes.toString());
    assert.deepEqual(replayed, bytes);
    assert.equal(handedOver, undefined);
  }
});
