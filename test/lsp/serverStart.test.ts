// How the server process starts (server/src/serverMain.ts, server.ts, codeCache.ts), with the
// built dist/: dist/server.js, a small loader, runs the LSP connection bundle (dist/lsp.js),
// which answers initialize by itself, without the analysis bundle (dist/main.js) that it loads
// afterwards. Both bundles go through a V8 code cache that is written after the first
// diagnostics, used by the next start, and ignored (with the same diagnostics) when damaged.
// Over stdio the loader answers initialize itself before any LSP code runs, with what the library
// would answer, and hands the bytes it read to the library. Counts and contents, never times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { initializeResult as sourceResult } from '../../server/src/initializeResult';
import { frame } from '../../server/src/earlyInitialize';
import { analyze, initShellParser } from '../../server/src/analysis/index';
import { defaultSettings } from '../../server/src/analysis/types';
import { openParts } from '../../bench/lspBench';

/** The answer the built server gives: the source's, with the package's version the build puts in. */
function initializeResult(): ReturnType<typeof sourceResult> {
  const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
  return { ...sourceResult(), serverInfo: { name: 'qemu-launch', version } };
}

const DIST = resolve('dist');
const EXAMPLE = resolve('examples/broken-placement.sh');

interface Start {
  capabilities: Record<string, unknown>;
  logs: string[];
  /** Resolves with the first log line matching `re`. */
  logged(re: RegExp): Promise<string>;
  /**
   * didOpen of the example (then `request`, sent right behind it and answered); resolves with
   * its first diagnostics.
   */
  open(request?: { method: string; params: unknown }): Promise<Diagnostic[]>;
  /** didChange of the example to the whole `text` as `version`; resolves with the next diagnostics. */
  change(version: number, text: string): Promise<Diagnostic[]>;
  stop(): Promise<void>;
}

async function start(server: string, env: NodeJS.ProcessEnv): Promise<Start> {
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
  child.stderr.resume();
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const logs: string[] = [];
  const waiting: { re: RegExp; done: (line: string) => void }[] = [];
  conn.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
    for (const w of waiting.filter((x) => x.re.test(p.message))) {
      waiting.splice(waiting.indexOf(w), 1);
      w.done(p.message);
    }
  });
  let diagnostics: ((d: Diagnostic[]) => void) | undefined;
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => diagnostics?.(p.diagnostics));
  conn.onNotification(() => {});
  conn.onRequest(() => null);
  conn.onError(() => {});
  conn.listen();
  const result = await conn.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
  });
  return {
    capabilities: result.capabilities,
    logs,
    logged: (re) => {
      const found = logs.find((l) => re.test(l));
      return found !== undefined ? Promise.resolve(found) : new Promise((done) => waiting.push({ re, done }));
    },
    open: async (request) => {
      const published = new Promise<Diagnostic[]>((done) => (diagnostics = done));
      await conn.sendNotification('initialized', {});
      await conn.sendNotification('textDocument/didOpen', {
        textDocument: {
          uri: pathToFileURL(EXAMPLE).href,
          languageId: 'shellscript',
          version: 1,
          text: readFileSync(EXAMPLE, 'utf8'),
        },
      });
      if (request) await conn.sendRequest(request.method, request.params);
      return published;
    },
    change: async (version, text) => {
      const published = new Promise<Diagnostic[]>((done) => (diagnostics = done));
      await conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: pathToFileURL(EXAMPLE).href, version },
        contentChanges: [{ text }],
      });
      return published;
    },
    stop: async () => {
      await conn.sendRequest('shutdown').catch(() => {});
      await conn.sendNotification('exit').catch(() => {});
      await exited;
      conn.dispose();
    },
  };
}

function privateDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

test('dist/server.js answers initialize with dist/lsp.js alone: dist/main.js is not beside it, and not needed', async () => {
  assert.ok(existsSync(join(DIST, 'main.js')), 'dist/ is built (npm run build; npm test does)');
  const alone = privateDir('qemu-launch-entry-');
  try {
    for (const bundle of ['server.js', 'lsp.js']) copyFileSync(join(DIST, bundle), join(alone, bundle));
    const s = await start(join(alone, 'server.js'), { ...process.env, QEMU_LAUNCH_CODE_CACHE: 'off' });
    assert.equal(s.capabilities.hoverProvider, true);
    assert.deepEqual((s.capabilities.completionProvider as { triggerCharacters: string[] }).triggerCharacters, [
      '-',
      ',',
      '=',
      ' ',
    ]);
    assert.deepEqual((s.capabilities.textDocumentSync as { change: number }).change, 2);
    // Only after initialize does it look for the core; without one it says so and stays up.
    void s.open();
    assert.match(await s.logged(/loading the analysis core failed/), /main\.js/);
    await s.stop();
  } finally {
    rmSync(alone, { recursive: true, force: true });
  }
});

test('the grammar comes from the modules the start-up loader prefetched, and the log says so', async () => {
  const s = await start(join(DIST, 'server.js'), { ...process.env, QEMU_LAUNCH_CODE_CACHE: 'off' });
  try {
    assert.ok((await s.open()).length > 0);
    // Logged before the first analysis, so before its diagnostics.
    assert.ok(s.logs.includes('shell parser loaded from the prefetched modules'), s.logs.join('\n'));
    assert.ok(!s.logs.some((l) => l.includes('prefetch failed')));
  } finally {
    await s.stop();
  }
});

test('a prefetch that failed is logged with its reason (here: no wasm files beside the bundles)', async () => {
  const alone = privateDir('qemu-launch-nowasm-');
  try {
    for (const bundle of ['server.js', 'lsp.js', 'main.js']) copyFileSync(join(DIST, bundle), join(alone, bundle));
    const s = await start(join(alone, 'server.js'), { ...process.env, QEMU_LAUNCH_CODE_CACHE: 'off' });
    void s.open();
    assert.match(await s.logged(/the grammar's prefetch failed/), /and so did the files\): .*tree-sitter\.wasm/);
    await s.logged(/loading the shell parser failed/);
    await s.stop();
  } finally {
    rmSync(alone, { recursive: true, force: true });
  }
});

const CORE = /analysis core loaded/;
const LSP = /LSP connection loaded/;

/** The cache files a start wrote, from its log: one per bundle, named after it. */
async function writtenFiles(s: Start, cache: string): Promise<Record<'lsp' | 'main', string>> {
  await s.logged(/code cache written: .*lsp-/);
  await s.logged(/code cache written: .*main-/);
  const files = s.logs.filter((l) => l.startsWith('code cache written: ')).map((l) => l.slice(20));
  assert.equal(files.length, 2, files.join(', '));
  for (const f of files) assert.equal(dirname(f), cache);
  return {
    lsp: files.find((f) => basename(f).startsWith('lsp-'))!,
    main: files.find((f) => basename(f).startsWith('main-'))!,
  };
}

function damage(file: string): Buffer {
  const bytes = readFileSync(file);
  bytes[bytes.length >> 1] ^= 0xff;
  writeFileSync(file, bytes);
  return bytes;
}

test('the code caches of both bundles: written after the first diagnostics, used by the next start, ignored when damaged', async () => {
  const cache = privateDir('qemu-launch-code-cache-');
  const env = { ...process.env, QEMU_LAUNCH_CODE_CACHE: cache };
  const server = join(DIST, 'server.js');
  try {
    const first = await start(server, env);
    const expected = await first.open();
    assert.ok(expected.length > 0, 'the example has diagnostics');
    assert.match(await first.logged(LSP), /code cache: none\)/);
    assert.match(await first.logged(CORE), /code cache: none\)/);
    const written = await writtenFiles(first, cache);
    await first.stop();
    assert.deepEqual(readdirSync(cache).sort(), [basename(written.lsp), basename(written.main)]);

    const second = await start(server, env);
    assert.deepEqual(await second.open(), expected);
    assert.match(await second.logged(LSP), /code cache: accepted\)/);
    assert.match(await second.logged(CORE), /code cache: accepted\)/);
    await second.stop();
    assert.ok(!second.logs.some((l) => l.startsWith('code cache written')), 'accepted caches are not rewritten');

    // One byte of V8's data changed in each: the checksum keeps it from V8, the bundles load the plain way.
    const lspBytes = damage(written.lsp);
    const mainBytes = damage(written.main);
    const third = await start(server, env);
    assert.deepEqual(await third.open(), expected);
    assert.match(await third.logged(LSP), /code cache: damaged\)/);
    assert.match(await third.logged(CORE), /code cache: damaged\)/);
    await writtenFiles(third, cache); // and replaced for the next start
    await third.stop();
    assert.notDeepEqual(readFileSync(written.lsp), lspBytes);
    assert.notDeepEqual(readFileSync(written.main), mainBytes);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test('QEMU_LAUNCH_CODE_CACHE=off: no cache is read or written, the server works the same', async () => {
  const home = privateDir('qemu-launch-home-');
  try {
    const env = { ...process.env, QEMU_LAUNCH_CODE_CACHE: 'off', HOME: home, XDG_CACHE_HOME: join(home, 'cache') };
    const s = await start(join(DIST, 'server.js'), env);
    assert.ok((await s.open()).length > 0);
    assert.match(await s.logged(LSP), /code cache: off\)/);
    assert.match(await s.logged(CORE), /code cache: off\)/);
    await s.stop();
    assert.deepEqual(readdirSync(home), []);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

/** Every LSP frame in `bytes`, parsed (a partial last frame is left out). */
function frames(bytes: Buffer): { id?: number; method?: string; result?: unknown; params?: unknown }[] {
  const out = [];
  for (let rest = bytes; ;) {
    const headerEnd = rest.indexOf('\r\n\r\n');
    if (headerEnd < 0) return out;
    const length = Number(/Content-Length: (\d+)/i.exec(rest.subarray(0, headerEnd).toString())![1]);
    if (rest.length < headerEnd + 4 + length) return out;
    out.push(JSON.parse(rest.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')));
    rest = rest.subarray(headerEnd + 4 + length);
  }
}

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { processId: null, rootUri: null, capabilities: {} },
};

test('over stdio the loader answers initialize before any LSP code: dist/server.js alone answers', async () => {
  const alone = privateDir('qemu-launch-loader-');
  try {
    copyFileSync(join(DIST, 'server.js'), join(alone, 'server.js'));
    const child = spawn(process.execPath, [join(alone, 'server.js'), '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, QEMU_LAUNCH_CODE_CACHE: 'off' },
    });
    let out = Buffer.alloc(0);
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out = Buffer.concat([out, b])));
    child.stderr.on('data', (b: Buffer) => (err += String(b)));
    const code = new Promise<number | null>((done) => child.once('exit', done));
    child.stdin.write(frame(INITIALIZE));
    // The answer is out; loading the connection (dist/lsp.js, not there) then fails the process.
    assert.notEqual(await code, 0);
    assert.deepEqual(frames(out), [{ jsonrpc: '2.0', id: 1, result: initializeResult() }]);
    assert.match(err, /lsp\.js/);
  } finally {
    rmSync(alone, { recursive: true, force: true });
  }
});

test('the loader answers what the library answers: dist/lsp.js started alone answers initialize the same', async () => {
  const env = { ...process.env, QEMU_LAUNCH_CODE_CACHE: 'off' };
  // dist/lsp.js is a whole server without the loader: the library answers (server.ts onInitialize).
  const library = await start(join(DIST, 'lsp.js'), env);
  await library.stop();
  const loader = await start(join(DIST, 'server.js'), env);
  await loader.stop();
  assert.deepEqual(loader.capabilities, library.capabilities);
  assert.deepEqual(library.capabilities, initializeResult().capabilities);
});

/** dist/server.js (or `server`) over node IPC, as the VS Code client starts it; every message it sends is kept. */
function forkIpc(server = join(DIST, 'server.js')) {
  const child = fork(server, ['--node-ipc'], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, QEMU_LAUNCH_CODE_CACHE: 'off' },
  });
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += String(b)));
  const received: { id?: number; method?: string; result?: unknown; params?: unknown }[] = [];
  const waiting: { test: () => boolean; done: () => void }[] = [];
  child.on('message', (m: (typeof received)[number]) => {
    received.push(m);
    for (const w of waiting.filter((x) => x.test())) {
      waiting.splice(waiting.indexOf(w), 1);
      w.done();
    }
  });
  const code = new Promise<number | null>((done) => child.once('exit', done));
  const until = (test: () => boolean) =>
    test() ? Promise.resolve() : new Promise<void>((done) => waiting.push({ test, done }));
  return { child, received, until, code, stderr: () => err };
}

test('over node IPC the loader answers too: dist/server.js alone answers, then a whole session gets one answer per request', async () => {
  const alone = privateDir('qemu-launch-loader-ipc-');
  try {
    copyFileSync(join(DIST, 'server.js'), join(alone, 'server.js'));
    const lone = forkIpc(join(alone, 'server.js'));
    lone.child.send(INITIALIZE);
    assert.notEqual(await lone.code, 0, 'no dist/lsp.js to load after answering');
    assert.deepEqual(lone.received, [{ jsonrpc: '2.0', id: 1, result: initializeResult() }]);
    assert.match(lone.stderr(), /lsp\.js/);
  } finally {
    rmSync(alone, { recursive: true, force: true });
  }

  const s = forkIpc();
  const uri = pathToFileURL(EXAMPLE).href;
  // Sent at once: the messages after initialize arrive while the loader loads the connection.
  s.child.send(INITIALIZE);
  s.child.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
  s.child.send({
    jsonrpc: '2.0',
    method: 'textDocument/didOpen',
    params: { textDocument: { uri, languageId: 'shellscript', version: 1, text: readFileSync(EXAMPLE, 'utf8') } },
  });
  await s.until(() => s.received.some((m) => m.method === 'textDocument/publishDiagnostics'));
  s.child.send({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
  await s.until(() => s.received.some((m) => m.id === 2 && !m.method));
  s.child.send({ jsonrpc: '2.0', method: 'exit' });
  assert.equal(await s.code, 0, 'shutdown, then exit');
  assert.deepEqual(
    s.received.filter((m) => m.method === undefined).map((m) => m.id),
    [1, 2],
    'one answer per request',
  );
  assert.deepEqual(s.received[0], { jsonrpc: '2.0', id: 1, result: initializeResult() });
  const published = s.received.find((m) => m.method === 'textDocument/publishDiagnostics')!
    .params as PublishDiagnosticsParams;
  assert.equal(published.uri, uri);
  assert.ok(published.diagnostics.length > 0, 'the example has diagnostics');
});

test('a whole session in one write: initialize answered once, every later message reaches the library', async () => {
  const child = spawn(process.execPath, [join(DIST, 'server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, QEMU_LAUNCH_CODE_CACHE: 'off' },
  });
  child.stderr.resume();
  const code = new Promise<number | null>((done) => child.once('exit', done));
  let out = Buffer.alloc(0);
  const uri = pathToFileURL(EXAMPLE).href;
  let step = 0;
  child.stdout.on('data', (b: Buffer) => {
    out = Buffer.concat([out, b]);
    const seen = frames(out);
    if (step === 0 && seen.some((m) => m.method === 'textDocument/publishDiagnostics')) {
      step = 1;
      child.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
    } else if (step === 1 && seen.some((m) => m.id === 2 && !m.method)) {
      step = 2;
      child.stdin.end(frame({ jsonrpc: '2.0', method: 'exit' }));
    }
  });
  // The loader reads initialize and the messages after it in one go: those must not be lost.
  child.stdin.write(
    Buffer.concat([
      frame(INITIALIZE),
      frame({ jsonrpc: '2.0', method: 'initialized', params: {} }),
      frame({
        jsonrpc: '2.0',
        method: 'textDocument/didOpen',
        params: { textDocument: { uri, languageId: 'shellscript', version: 1, text: readFileSync(EXAMPLE, 'utf8') } },
      }),
    ]),
  );
  assert.equal(await code, 0, 'shutdown, then exit');
  const seen = frames(out);
  const responses = seen.filter((m) => m.method === undefined).map((m) => m.id);
  assert.deepEqual(responses, [1, 2], 'one answer per request');
  assert.deepEqual(seen[0], { jsonrpc: '2.0', id: 1, result: initializeResult() }, 'initialize answered first');
  const published = seen.find((m) => m.method === 'textDocument/publishDiagnostics')!
    .params as PublishDiagnosticsParams;
  assert.equal(published.uri, uri);
  assert.ok(published.diagnostics.length > 0, 'the example has diagnostics');
});

test("a document's first analysis is logged once, with its time and command count, as the bench reads it", async () => {
  const s = await start(join(DIST, 'server.js'), { ...process.env, QEMU_LAUNCH_CODE_CACHE: 'off' });
  const uri = pathToFileURL(EXAMPLE).href;
  const text = readFileSync(EXAMPLE, 'utf8');
  try {
    // A request right behind didOpen may run the first analysis before the diagnostics do.
    await s.open({ method: 'textDocument/documentSymbol', params: { textDocument: { uri } } });
    await s.change(2, `${text}# edited\n`);
    const prefix = `first analysis of ${uri}: `;
    const first = s.logs.filter((l) => l.startsWith('first analysis of '));
    assert.equal(first.length, 1, s.logs.join('\n'));
    assert.ok(first[0].startsWith(prefix), first[0]);
    await initShellParser();
    const commands = analyze(text, defaultSettings).invocations.length;
    assert.ok(commands > 0);
    const tail = /^(\d+) ms \((\d+) QEMU commands\)$/.exec(first[0].slice(prefix.length));
    assert.ok(tail, first[0]);
    assert.equal(Number(tail[2]), commands);
    const parts = openParts(s.logs, uri);
    assert.equal(parts?.firstAnalysisMs, Number(tail[1]));
    assert.equal(parts?.coreLoadMs, Number(/loaded in (\d+) ms/.exec(await s.logged(CORE))![1]));
  } finally {
    await s.stop();
  }
});
