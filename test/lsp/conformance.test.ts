// LSP conformance: the bundled server (`node dist/server.js --stdio`, built by `npm test` first)
// as a separate process, driven by vscode-jsonrpc's real client over the child's stdio.
// Nothing here waits for a fixed time: every step waits for the message it expects.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  ResponseError,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

const SERVER = resolve('dist/server.js');
const URI = 'file:///work/conformance/launch.sh';

// A backend m1 is referenced but never defined: QEMU stops with "memdev m1 not found" (or similar).
const SCRIPT = [
  '#!/bin/sh',
  'qemu-system-x86_64 \\',
  '  -machine q35 \\',
  '  -m 4G \\',
  '  -object memory-backend-ram,id=m0,size=2G \\',
  '  -object memory-backend-ram,id=m1x,size=2G \\',
  '  -numa node,nodeid=0,memdev=m0 \\',
  '  -numa node,nodeid=1,memdev=m1',
  '',
].join('\n');

let child: ChildProcess;
let conn: MessageConnection;
const diagnostics: PublishDiagnosticsParams[] = [];
const diagnosticWaiters: {
  match: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}[] = [];
const loggedErrors: string[] = [];
const configurationRequests: { scopeUri?: string; section?: string }[] = [];
let inlayHintsEnabled = true;
const logWaiters: { match: RegExp; resolve: () => void }[] = [];

function waitForDiagnostics(match: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
  const seen = diagnostics.find(match);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => diagnosticWaiters.push({ match, resolve }));
}

function waitForLoggedError(match: RegExp): Promise<void> {
  if (loggedErrors.some((e) => match.test(e))) return Promise.resolve();
  return new Promise((resolve) => logWaiters.push({ match, resolve }));
}

function lineOf(text: string, needle: string): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `fixture has ${needle}`);
  return { line, character: lines[line].indexOf(needle) };
}

async function rejects(p: Promise<unknown>): Promise<ResponseError<unknown>> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ResponseError, `a ResponseError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an error response');
}

before(async () => {
  assert.ok(existsSync(SERVER), 'dist/server.js exists (run `npm run build` first; `npm test` does)');
  child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!), {
    error: (m) => {
      loggedErrors.push(m);
      for (const w of [...logWaiters]) if (w.match.test(m)) w.resolve();
    },
    warn: () => {},
    info: () => {},
    log: () => {},
  });
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.push(p);
    for (const w of [...diagnosticWaiters]) {
      if (w.match(p)) {
        diagnosticWaiters.splice(diagnosticWaiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  conn.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) => {
    configurationRequests.push(...p.items);
    return p.items.map(() => ({ spmForm: 'auto', inlayHints: { enabled: inlayHintsEnabled } }));
  });
  conn.onRequest('client/registerCapability', () => null);
  conn.onNotification('window/logMessage', () => {});
  conn.onNotification('qemuLaunch/status', () => {});
  conn.listen();
});

after(() => {
  conn?.dispose();
  if (child && child.exitCode === null) child.kill();
});

test('initialize answers with the capabilities the server implements', async () => {
  const result: any = await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true },
      textDocument: { publishDiagnostics: { versionSupport: true } },
    },
  });
  const caps = result.capabilities;
  assert.equal(caps.textDocumentSync.change, 2, 'incremental sync');
  assert.equal(caps.textDocumentSync.openClose, true);
  assert.ok(caps.completionProvider);
  assert.equal(caps.hoverProvider, true);
  assert.ok(caps.codeActionProvider);
  assert.deepEqual(caps.renameProvider, { prepareProvider: true });
  for (const c of [
    'definitionProvider',
    'referencesProvider',
    'documentHighlightProvider',
    'documentSymbolProvider',
    'inlayHintProvider',
  ]) {
    assert.equal(caps[c], true, c);
  }
  await conn.sendNotification('initialized', {});
});

test('didOpen → publishDiagnostics for that version, pointing at the unknown memdev', async () => {
  await conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri: URI, languageId: 'shellscript', version: 1, text: SCRIPT },
  });
  const p = await waitForDiagnostics((d) => d.uri === URI && d.version === 1);
  const at = lineOf(SCRIPT, 'memdev=m1');
  const d = p.diagnostics.find((x: Diagnostic) => x.range.start.line === at.line);
  assert.ok(d, `a diagnostic on line ${at.line}: ${JSON.stringify(p.diagnostics)}`);
  assert.equal(d.source, 'qemu-launch');
  assert.equal(d.severity, 1);
  assert.equal(typeof d.code, 'string');
});

test('didChange (incremental) → fresh diagnostics for the new version; the fixed error is gone', async () => {
  // Rename the backend m1x to m1: the reference now resolves.
  const at = lineOf(SCRIPT, 'id=m1x');
  const start = { line: at.line, character: at.character + 'id=m1'.length };
  await conn.sendNotification('textDocument/didChange', {
    textDocument: { uri: URI, version: 2 },
    contentChanges: [{ range: { start, end: { line: start.line, character: start.character + 1 } }, text: '' }],
  });
  const p = await waitForDiagnostics((d) => d.uri === URI && d.version === 2);
  assert.deepEqual(
    p.diagnostics.filter((d) => d.severity === 1),
    [],
  );
});

test('edits already queued are coalesced: a burst written at once is analysed once, for its last version', async () => {
  // One write (well under the pipe's atomic size) puts all of them in the server's queue together.
  const frame = (m: unknown) => {
    const body = JSON.stringify(m);
    return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  };
  let raw = '';
  for (let v = 10; v <= 15; v++) {
    // Type a comment character by character at the end of line 0 ("#!/bin/sh" → "#!/bin/sh xxxxx").
    const ch = 9 + (v - 10);
    raw += frame({
      jsonrpc: '2.0',
      method: 'textDocument/didChange',
      params: {
        textDocument: { uri: URI, version: v },
        contentChanges: [
          { range: { start: { line: 0, character: ch }, end: { line: 0, character: ch } }, text: v === 10 ? ' ' : 'x' },
        ],
      },
    });
  }
  const before = diagnostics.length;
  child.stdin!.write(raw);
  await waitForDiagnostics((d) => d.uri === URI && d.version === 15);
  assert.deepEqual(
    diagnostics.slice(before).map((d) => d.version),
    [15],
  );
  // Back to the text the next steps expect.
  await conn.sendNotification('textDocument/didChange', {
    textDocument: { uri: URI, version: 16 },
    contentChanges: [{ range: { start: { line: 0, character: 9 }, end: { line: 0, character: 15 } }, text: '' }],
  });
  await waitForDiagnostics((d) => d.uri === URI && d.version === 16);
});

test('completion after memdev= offers the backends of the script', async () => {
  // Version 3: a third node whose memdev is being typed.
  const last = lineOf(SCRIPT, 'memdev=m1');
  const lineText = SCRIPT.split('\n')[last.line];
  const insert = ' \\\n  -object memory-backend-ram,id=m2,size=1G \\\n  -numa node,nodeid=2,memdev=';
  await conn.sendNotification('textDocument/didChange', {
    textDocument: { uri: URI, version: 17 },
    contentChanges: [
      {
        range: {
          start: { line: last.line, character: lineText.length },
          end: { line: last.line, character: lineText.length },
        },
        text: insert,
      },
    ],
  });
  const items: any = await conn.sendRequest('textDocument/completion', {
    textDocument: { uri: URI },
    position: { line: last.line + 2, character: '  -numa node,nodeid=2,memdev='.length },
  });
  const labels = (Array.isArray(items) ? items : items.items).map((i: { label: string }) => i.label);
  assert.ok(labels.includes('m2'), `m2 offered: ${labels}`);
  assert.ok(!labels.includes('m0'), 'm0 is used by node 0 already');
});

test('hover on an option answers with markdown', async () => {
  const at = lineOf(SCRIPT, '-numa');
  const h: any = await conn.sendRequest('textDocument/hover', {
    textDocument: { uri: URI },
    position: { line: at.line, character: at.character + 2 },
  });
  assert.ok(h && h.contents, 'a hover');
  assert.equal(h.contents.kind, 'markdown');
  assert.match(h.contents.value, /numa/);
});

test('codeAction answers with an array for any range', async () => {
  const actions = await conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri: URI },
    range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
    context: { diagnostics: [] },
  });
  assert.ok(Array.isArray(actions));
});

test('settings are read per document; a configuration change is honoured (inlay hints off)', async () => {
  assert.ok(configurationRequests.some((i) => i.scopeUri === URI && i.section === 'qemuLaunch'));
  const whole = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };
  const before: any[] = await conn.sendRequest('textDocument/inlayHint', { textDocument: { uri: URI }, range: whole });
  assert.ok(before.length > 0);
  assert.ok(before.every((h) => typeof h.label === 'string' && h.label.startsWith('⟶ 0x')));
  inlayHintsEnabled = false;
  await conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  const after = await conn.sendRequest('textDocument/inlayHint', { textDocument: { uri: URI }, range: whole });
  assert.deepEqual(after, []);
  inlayHintsEnabled = true;
  await conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
});

test('rename over the wire: a WorkspaceEdit for every use; an invalid name is an error response', async () => {
  const at = lineOf(SCRIPT, 'id=m0');
  const edit: any = await conn.sendRequest('textDocument/rename', {
    textDocument: { uri: URI },
    position: { line: at.line, character: at.character + 4 },
    newName: 'fast0',
  });
  assert.equal(edit.changes[URI].length, 2);
  assert.ok(edit.changes[URI].every((e: { newText: string }) => e.newText === 'fast0'));
  const e = await rejects(
    conn.sendRequest('textDocument/rename', {
      textDocument: { uri: URI },
      position: { line: at.line, character: at.character + 4 },
      newName: '9 lives',
    }),
  );
  assert.match(e.message, /not a valid QEMU id/);
});

test('malformed JSON is answered with a parse error and the server stays up', async () => {
  const body = '{"jsonrpc":"2.0","id":99,"method":';
  child.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  await waitForLoggedError(/Parse error/);
  const symbols = await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: URI } });
  assert.ok(Array.isArray(symbols) && symbols.length === 1);
});

test('an unknown method is answered with MethodNotFound and the server stays up', async () => {
  const e = await rejects(conn.sendRequest('qemuLaunch/noSuchMethod', {}));
  assert.equal(e.code, -32601);
  const symbols = await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: URI } });
  assert.ok(Array.isArray(symbols));
});

test('a request for a document that is not open is answered with an error', async () => {
  const e = await rejects(
    conn.sendRequest('textDocument/hover', {
      textDocument: { uri: 'file:///not/open.sh' },
      position: { line: 0, character: 0 },
    }),
  );
  assert.equal(e.code, -32602);
  const e2 = await rejects(conn.sendRequest('textDocument/completion', { textDocument: null, position: null }));
  assert.equal(e2.code, -32602);
});

test('a position past the end of the document gets a well-formed empty answer', async () => {
  const h = await conn.sendRequest('textDocument/hover', {
    textDocument: { uri: URI },
    position: { line: 10_000, character: 10_000 },
  });
  assert.equal(h, null);
  const items: any = await conn.sendRequest('textDocument/completion', {
    textDocument: { uri: URI },
    position: { line: 10_000, character: 5 },
  });
  assert.ok(Array.isArray(items) || Array.isArray(items?.items));
});

test('qemuLaunch/addressMap returns the invocation map', async () => {
  const map: any = await conn.sendRequest('qemuLaunch/addressMap', { uri: URI, position: { line: 3, character: 0 } });
  assert.ok(map);
  assert.equal(map.line, 2);
  assert.equal(map.ramSize, '0x100000000');
});

test('shutdown then exit: the process ends with code 0', async () => {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  assert.equal(await conn.sendRequest('shutdown'), null);
  await conn.sendNotification('exit');
  assert.equal(await exited, 0);
});
