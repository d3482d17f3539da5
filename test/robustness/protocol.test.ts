// Hostile JSON-RPC against the server process, beyond test/lsp/conformance.test.ts (which covers
// a truncated JSON body, one unknown method, hover/completion on an unopened document):
// broken headers, JSON that is not JSON-RPC, every request on an unopened document, parameters
// of the wrong types, notifications about documents that are not open, requests before
// initialize, exit without shutdown. After each, the server must still answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseError } from 'vscode-jsonrpc/node';
import { startServer, type ServerSession } from './serverSession';
import { spawn } from 'node:child_process';
import { SERVER } from './serverSession';

const URI = 'file:///protocol/launch.sh';
const TEXT =
  'qemu-system-x86_64 -machine q35 -m 2G \\\n  -object memory-backend-ram,id=m0,size=2G \\\n  -numa node,nodeid=0,memdev=m0\n';
let s: ServerSession;

before(async () => {
  s = await startServer();
  await s.conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri: URI, languageId: 'shellscript', version: 1, text: TEXT },
  });
});

after(async () => {
  await s?.close();
});

/** The server is alive and still answers about the open document. */
async function stillUp(): Promise<void> {
  assert.equal(s.child.exitCode, null, `server exited: ${s.stderr.join('')}`);
  const symbols = await s.conn.sendRequest<unknown[]>('textDocument/documentSymbol', {
    textDocument: { uri: URI },
  });
  assert.equal(symbols.length, 1);
}

function raw(bytes: string | Buffer): Promise<void> {
  return new Promise((done, fail) => s.child.stdin!.write(bytes, (e) => (e ? fail(e) : done())));
}

function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

async function answer(method: string, params: unknown): Promise<{ result?: unknown; error?: ResponseError<unknown> }> {
  try {
    return { result: await s.conn.sendRequest(method, params) };
  } catch (e) {
    assert.ok(e instanceof ResponseError, `${method}: a JSON-RPC error, got ${String(e)}`);
    return { error: e };
  }
}

test('JSON that is not a JSON-RPC message', async () => {
  for (const body of [
    '[]',
    '42',
    '"text"',
    'null',
    '{}',
    '{"jsonrpc":"2.0"}',
    '{"jsonrpc":"2.0","id":1}',
    '{"jsonrpc":"2.0","id":{},"method":"x"}',
    '{"jsonrpc":"2.0","method":42}',
    '[{"jsonrpc":"2.0","id":5,"method":"textDocument/hover"}]',
    '{"jsonrpc":"1.0","id":6,"method":"shutdown"}',
  ]) {
    await raw(frame(body));
    await stillUp();
  }
});

test('bytes that are not UTF-8 and a body of NULs', async () => {
  await raw(
    Buffer.concat([Buffer.from('Content-Length: 6\r\n\r\n'), Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80])]),
  );
  await stillUp();
  await raw(frame('\u0000'.repeat(64)));
  await stillUp();
});

test('broken headers: unknown header, bad content type, non-numeric and zero Content-Length', async () => {
  await raw(`X-Whatever: 1\r\n${frame('{"jsonrpc":"2.0","method":"$/noop"}')}`);
  await stillUp();
  await raw(
    `Content-Type: application/vscode-jsonrpc; charset=latin1\r\n${frame('{"jsonrpc":"2.0","method":"$/noop"}')}`,
  );
  await stillUp();
  await raw('Content-Length: 0\r\n\r\n');
  await stillUp();
});

test('every request on a document that is not open: an error or an empty answer', async () => {
  const textDocument = { uri: 'file:///protocol/never-opened.sh' };
  const position = { line: 0, character: 0 };
  const range = { start: position, end: position };
  const requests: [string, unknown][] = [
    ['textDocument/completion', { textDocument, position }],
    ['textDocument/hover', { textDocument, position }],
    ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }],
    ['textDocument/inlayHint', { textDocument, range }],
    ['textDocument/documentSymbol', { textDocument }],
    ['textDocument/definition', { textDocument, position }],
    ['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }],
    ['textDocument/documentHighlight', { textDocument, position }],
    ['textDocument/prepareRename', { textDocument, position }],
    ['textDocument/rename', { textDocument, position, newName: 'x' }],
    ['qemuLaunch/addressMap', { uri: textDocument.uri, position }],
  ];
  for (const [method, params] of requests) {
    const r = await answer(method, params);
    if (r.error) assert.equal(r.error.code, -32602, `${method}: InvalidParams`);
    else
      assert.ok(
        r.result === null || (Array.isArray(r.result) && r.result.length === 0),
        `${method}: ${JSON.stringify(r.result)}`,
      );
  }
  await stillUp();
});

test('parameters of the wrong types are answered, never crash the server', async () => {
  const logged = s.errors.length;
  const bad: unknown[] = [
    null,
    [],
    'text',
    { textDocument: { uri: 42 }, position: { line: 0, character: 0 } },
    { textDocument: { uri: URI }, position: 'here' },
    { textDocument: { uri: URI }, position: { line: -5, character: -1 } },
    { textDocument: { uri: URI }, position: { line: 1e308, character: Number.MAX_SAFE_INTEGER } },
    { textDocument: { uri: URI }, position: { line: 0.5, character: 2.5 } },
    { textDocument: { uri: URI }, position: { line: '1', character: '2' } },
    { textDocument: { uri: URI } },
    {
      textDocument: { uri: URI },
      range: { start: { line: 5, character: 0 }, end: { line: 0, character: 0 } },
      context: null,
    },
    { textDocument: { uri: URI }, range: 'all', context: { only: 'quickfix' } },
  ];
  for (const method of [
    'textDocument/completion',
    'textDocument/hover',
    'textDocument/codeAction',
    'textDocument/inlayHint',
    'textDocument/definition',
    'textDocument/references',
    'textDocument/documentHighlight',
    'textDocument/prepareRename',
    'textDocument/rename',
    'qemuLaunch/addressMap',
  ]) {
    for (const params of bad) await answer(method, params);
    await stillUp();
  }
  // A handler that trips over a malformed parameter logs "<feature> failed for <uri>" and answers
  // empty (server.ts); anything else logged here would be a failure outside that net.
  assert.deepEqual(
    s.errors.slice(logged).filter((e) => !/^\S+ failed for /.test(e)),
    [],
  );
});

test('notifications about documents that are not open, or with broken content', async () => {
  const other = 'file:///protocol/other.sh';
  const notes: [string, unknown][] = [
    ['textDocument/didChange', { textDocument: { uri: other, version: 2 }, contentChanges: [{ text: 'x' }] }],
    ['textDocument/didClose', { textDocument: { uri: other } }],
    ['textDocument/didOpen', { textDocument: { uri: other, languageId: 'shellscript', version: 1 } }],
    ['textDocument/didOpen', { textDocument: { uri: other, languageId: 'shellscript', version: 1, text: 42 } }],
    ['textDocument/didChange', { textDocument: { uri: other, version: 0 }, contentChanges: 'x' }],
    [
      'textDocument/didChange',
      { textDocument: { uri: other, version: 3 }, contentChanges: [{ range: 'x', text: 'y' }, null, { text: null }] },
    ],
    ['textDocument/didClose', null],
    ['workspace/didChangeConfiguration', { settings: { qemuLaunch: { spmForm: 'nonsense', inlayHints: 'yes' } } }],
    ['workspace/didChangeConfiguration', null],
    ['$/cancelRequest', { id: 123456 }],
    ['$/setTrace', { value: 'verbose' }],
    ['no/such/notification', { x: 1 }],
  ];
  for (const [method, params] of notes) {
    await s.conn.sendNotification(method, params);
    await stillUp();
  }
});

test('a document edited with a version that goes backwards and a 5 MB change still answers', async () => {
  await s.conn.sendNotification('textDocument/didChange', {
    textDocument: { uri: URI, version: 0 },
    contentChanges: [{ text: TEXT + '#'.repeat(5_000_000) + '\n' }],
  });
  await stillUp();
  await s.conn.sendNotification('textDocument/didChange', {
    textDocument: { uri: URI, version: 1 },
    contentChanges: [{ text: TEXT }],
  });
  await stillUp();
});

test('a request before initialize is refused, and the server then initializes normally', async () => {
  const fresh = await startServerRaw();
  try {
    const before = await fresh.request({
      jsonrpc: '2.0',
      id: 1,
      method: 'textDocument/hover',
      params: { textDocument: { uri: URI }, position: { line: 0, character: 0 } },
    });
    assert.ok('error' in before, `an error before initialize: ${JSON.stringify(before)}`);
    const init = await fresh.request({
      jsonrpc: '2.0',
      id: 2,
      method: 'initialize',
      params: { processId: null, rootUri: null, capabilities: {} },
    });
    assert.ok('result' in init, JSON.stringify(init));
  } finally {
    fresh.kill();
  }
});

test('exit without shutdown ends the process with code 1; closing stdin ends it too', async () => {
  const a = await startServerRaw();
  await a.request({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { processId: null, rootUri: null, capabilities: {} },
  });
  a.send({ jsonrpc: '2.0', method: 'exit' });
  assert.equal(await a.exited, 1);
  const b = await startServerRaw();
  b.closeInput();
  assert.notEqual(await b.exited, null);
});

/** A server process spoken to in raw frames (no client library state to get in the way). */
async function startServerRaw() {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let buffer = Buffer.alloc(0);
  const waiting = new Map<number, (m: Record<string, unknown>) => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const head = buffer.indexOf('\r\n\r\n');
      if (head < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, head).toString())?.[1]);
      if (buffer.length < head + 4 + length) return;
      const message = JSON.parse(buffer.subarray(head + 4, head + 4 + length).toString()) as Record<string, unknown>;
      buffer = buffer.subarray(head + 4 + length);
      if (typeof message.id === 'number' && !('method' in message)) waiting.get(message.id)?.(message);
    }
  });
  const send = (m: unknown) => child.stdin.write(frame(JSON.stringify(m)));
  return {
    exited,
    send,
    request(m: { id: number } & Record<string, unknown>): Promise<Record<string, unknown>> {
      return new Promise((done) => {
        waiting.set(m.id, done);
        send(m);
      });
    },
    closeInput: () => child.stdin.end(),
    kill: () => {
      if (child.exitCode === null) child.kill();
    },
  };
}
