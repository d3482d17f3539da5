// The stdio writer: each message one framed write; vscode-jsonrpc's reader gets every message, in
// the order written, equal to what was sent; a failing stream rejects the write and reports it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { StreamMessageReader, type Message, type NotificationMessage } from 'vscode-languageserver/node';
import { frame } from '../../../server/src/earlyInitialize';
import { StdioMessageWriter } from '../../../server/src/stdioWriter';

test('messages written without waiting arrive in order, framed as the library frames them', async () => {
  const pipe = new PassThrough();
  // Each message in one write of the stream (not a header write, then a body write).
  let writes = 0;
  const write = pipe.write.bind(pipe) as (...args: unknown[]) => boolean;
  pipe.write = ((...args: unknown[]) => {
    writes++;
    return write(...args);
  }) as typeof pipe.write;
  const writer = new StdioMessageWriter(pipe);
  const reader = new StreamMessageReader(pipe);
  const diagnostic = Object.freeze({
    range: Object.freeze({
      start: Object.freeze({ line: 1, character: 0 }),
      end: Object.freeze({ line: 1, character: 3 }),
    }),
    message: 'größer als 🚀',
  });
  const sent: NotificationMessage[] = Array.from({ length: 50 }, (_, i) => ({
    jsonrpc: '2.0',
    method: i % 2 ? 'textDocument/publishDiagnostics' : 'window/logMessage',
    params:
      i % 2
        ? { uri: 'file:///ä.sh', version: i, diagnostics: [diagnostic, diagnostic] }
        : { type: 3, message: 'x'.repeat(i * 1000) },
  }));
  const received: Message[] = [];
  const all = new Promise<void>((done) =>
    reader.listen((m) => {
      received.push(m);
      if (received.length === sent.length) done();
    }),
  );
  await Promise.all(sent.map((m) => writer.write(m)));
  await all;
  assert.deepEqual(received, JSON.parse(JSON.stringify(sent)));
  assert.equal(writes, sent.length);
  const body = Buffer.from('{"a":"ü"}');
  assert.equal(frame({ a: 'ü' }).toString('utf-8'), `Content-Length: ${body.length}\r\n\r\n{"a":"ü"}`);
  reader.dispose();
  writer.dispose();
});

test('a write the stream fails is rejected and reported with the message and a count', async () => {
  const failing = new Writable({ write: (_chunk, _encoding, callback) => callback(new Error('pipe closed')) });
  failing.on('error', () => {});
  const writer = new StdioMessageWriter(failing);
  const reported: [Error, Message | undefined, number | undefined][] = [];
  writer.onError((e) => reported.push(e));
  const msg: NotificationMessage = { jsonrpc: '2.0', method: 'x', params: {} };
  await assert.rejects(writer.write(msg), /pipe closed/);
  const mine = reported.find(([, m]) => m === msg);
  assert.ok(mine);
  assert.equal(mine[2], 1);
});
