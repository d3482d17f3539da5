// The language server: connection and capability wiring only. Every feature lives in
// features/<name>.ts and reads the one cached Analysis of the document (documents.ts).
// This module is bundled alone into dist/lsp.js, which the start-up loader (serverMain.ts,
// dist/server.js) runs through a V8 code cache; it answers initialize by itself, and the analysis
// core, documents and features (serverCore.ts, in dist/main.js) are loaded after that (core()).
// Transport: `--stdio` or `--node-ipc` (also `--socket=N`, `--pipe=NAME`), as vscode-languageserver reads argv.
import {
  createConnection,
  DidChangeConfigurationNotification,
  ErrorCodes,
  IPCMessageReader,
  IPCMessageWriter,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  StreamMessageReader,
  Message,
  type MessageWriter,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver/node';
import { join } from 'node:path';
import type * as ServerCore from './serverCore';
import type { Analysis, ServerSettings } from './serverCore';
import type { serverCore } from './main';
import { codeCacheDir, requireWithCodeCache, type CachedLoad } from './codeCache';
import { describe } from './describe';
import type { PrecompiledGrammar } from './grammarPrefetch';
import { takeEarlyAnswer } from './earlyInitialize';
import { initializeResult } from './initializeResult';
import { messageDecoder } from './messageDecoder';
import { StdioMessageWriter } from './stdioWriter';
import { trustedFrom, UNTRUSTED_MESSAGE } from './features/trust';
import { AddressMapRequest, StatusNotification, TrustNotification, VerifyRequest, type VerifyParams } from './protocol';

const connection = openConnection();
const log = (message: string) => connection.console.error(message);

let configurationCapability = false;
let configurationRegistration = false;
let inlayRefreshCapability = false;
/** What the client sent for the settings (initializationOptions, or didChangeConfiguration without pull). */
let globalOptions: unknown;
let globalSettings: ServerSettings | undefined;
/** Whether the client said the user trusts the workspace: qemuLaunch/verify runs QEMU only then. */
let trusted = false;
const settingsCache = new Map<string, Promise<ServerSettings>>();

connection.onInitialize((params: InitializeParams): InitializeResult => {
  configurationCapability = !!params.capabilities.workspace?.configuration;
  configurationRegistration = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
  inlayRefreshCapability = !!params.capabilities.workspace?.inlayHint?.refreshSupport;
  globalOptions = params.initializationOptions;
  trusted = trustedFrom(params.initializationOptions);
  // Nothing here touches the analysis core: initialize is answered in the time Node needs to
  // start and load the LSP connection. The core is loaded once the answer is out (initialized).
  // Over stdio the loader has answered already (earlyInitialize.ts), with the same result.
  return initializeResult();
});

connection.onInitialized(() => {
  if (startupCache) connection.console.log(`LSP connection loaded (code cache: ${startupCache.status})`);
  // The answer to initialize is out: load the core now and instantiate the grammar's wasm (whose
  // compile the loader started: grammarPrefetch.ts), which the first analysis waits for
  // (parserReady); didOpen is queued meanwhile.
  try {
    parserReady().catch((e: unknown) => log(`loading the shell parser failed: ${describe(e)}`));
  } catch (e) {
    log(`loading the analysis core failed: ${describe(e)}`);
  }
  if (configurationRegistration) {
    // Ask to be told about changes; clients without dynamic registration send them anyway or not at all.
    connection.client.register(DidChangeConfigurationNotification.type, { section: 'qemuLaunch' }).catch(() => {});
  }
});

/** The grammar's wasm as the start-up loader began compiling it (grammarPrefetch.ts), if it did. */
let prefetchedGrammar: PrecompiledGrammar | undefined;

/** Called by the start-up loader (serverMain.ts) before any message is handled. */
export function withGrammar(grammar: PrecompiledGrammar): void {
  prefetchedGrammar = grammar;
}

/**
 * The load from the prefetched modules (initialized and didOpen both wait for it, so that it is
 * reported once and before the first diagnostics).
 */
let grammarLoad: Promise<void> | undefined;

/** Resolves once the grammar is loaded (started at initialized; a failed load is retried here). */
function parserReady(): Promise<void> {
  const grammar = prefetchedGrammar;
  if (!grammar) return core().initShellParser();
  // Held until the parser has instantiated its modules, then let go.
  grammarLoad ??= core()
    .initShellParser(grammar)
    .then(
      () => reportPrefetch(grammar, true),
      async (e: unknown) => {
        await reportPrefetch(grammar, false);
        throw e;
      },
    )
    .finally(() => {
      // Let go of the modules; a later call (or a retry after a failure) loads from the files.
      prefetchedGrammar = undefined;
    });
  return grammarLoad;
}

/**
 * Says where the grammar came from, once: a server that stopped prefetching it (or whose prefetch
 * fails) shows in its log, as the first diagnostics would otherwise only come later.
 */
async function reportPrefetch(grammar: PrecompiledGrammar, loaded: boolean): Promise<void> {
  const settled = await Promise.allSettled([grammar.runtime, grammar.bash]);
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure)
    log(
      `the grammar's prefetch failed (${loaded ? 'loaded from the files' : 'and so did the files'}): ${describe(failure.reason)}`,
    );
  else if (loaded) connection.console.log('shell parser loaded from the prefetched modules');
}

// ──────────────────────────── analysis core ────────────────────────────

let loaded: { core: typeof ServerCore; store: ServerCore.DocumentStore; cache: CachedLoad<unknown> } | undefined;

/**
 * The analysis core, documents and features (dist/main.js), loaded on first use: after initialize
 * is answered, so its load and compile (the bulk of the bundle) never delay that answer. With a
 * V8 code cache (codeCache.ts) when one is valid for this Node; written 1 s after the first
 * diagnostics when not, for the next start.
 */
function core(): typeof ServerCore {
  return loadCore().core;
}

function documents(): ServerCore.DocumentStore {
  return loadCore().store;
}

function loadCore(): NonNullable<typeof loaded> {
  if (loaded) return loaded;
  // Date.now, not performance.now: Node loads perf_hooks on the first use of `performance`
  // (6–20 ms of the main thread here), and nothing else on the way to the first diagnostics does.
  const started = Date.now();
  // Beside this bundle in dist/ (esbuild.mjs): dist/server.js never holds the core itself.
  const cache = requireWithCodeCache<{ serverCore: typeof serverCore }>(join(__dirname, 'main.js'), codeCacheDir());
  const c = cache.exports.serverCore();
  // A rule that throws is a bug: log it with its stack; the document keeps the other rules' diagnostics.
  c.onRuleFailure((f) => log(c.describeRuleFailure(f, true)));
  // The store logs each document's first analysis with its time (documents.ts) as information.
  loaded = { core: c, store: new c.DocumentStore(log, (m) => connection.console.log(m)), cache };
  connection.console.log(`analysis core loaded in ${Date.now() - started} ms (code cache: ${cache.status})`);
  return loaded;
}

let cacheSaveScheduled = false;
/** The load of this bundle itself (dist/lsp.js), when the start-up loader ran it with a code cache. */
let startupCache: CachedLoad<unknown> | undefined;

/**
 * Called by the start-up loader (serverMain.ts) with its load of this bundle: that cache is
 * written with the core's, so it holds what initialize, didOpen and publishing compiled.
 */
export function cacheWithCore(load: CachedLoad<unknown>): void {
  startupCache = load;
}

/** Once, after the first diagnostics: by then the caches hold the functions analysis compiled too. */
function saveCodeCacheSoon(): void {
  if (cacheSaveScheduled || !loaded) return;
  cacheSaveScheduled = true;
  const unsaved = [loaded.cache, startupCache].filter(
    (c): c is CachedLoad<unknown> => c !== undefined && c.status !== 'accepted' && !!c.file,
  );
  if (!unsaved.length) return;
  setTimeout(() => {
    for (const cache of unsaved) if (cache.save()) connection.console.log(`code cache written: ${cache.file}`);
  }, 1000).unref();
}

// ───────────────────────────── settings ─────────────────────────────

/** The settings the client sent itself (parsed on first use: parsing needs the core). */
function clientSettings(): ServerSettings {
  globalSettings ??= core().parseSettings(globalOptions);
  return globalSettings;
}

function settingsFor(uri: string): Promise<ServerSettings> {
  if (!configurationCapability) return Promise.resolve(clientSettings());
  let pending = settingsCache.get(uri);
  if (!pending) {
    pending = connection.workspace
      .getConfiguration({ scopeUri: uri, section: 'qemuLaunch' })
      .then(core().parseSettings, (e) => {
        log(`workspace/configuration failed, using defaults: ${describe(e)}`);
        return clientSettings();
      });
    settingsCache.set(uri, pending);
  }
  return pending;
}

connection.onDidChangeConfiguration((change) => {
  if (!configurationCapability) {
    globalOptions = change.settings;
    globalSettings = undefined;
  }
  settingsCache.clear();
  const store = documents();
  store.invalidateAll();
  for (const state of store.all()) schedule(state.uri);
  if (inlayRefreshCapability) connection.languages.inlayHint.refresh().catch(() => {});
});

// ──────────────────────────── documents ────────────────────────────

const scheduled = new Map<string, { cancel(): void }>();

/**
 * Diagnostics as soon as the messages already received are handled, with no fixed delay.
 * vscode-jsonrpc handles one queued message per event-loop turn, so the run hops one turn before
 * starting: an edit still queued behind this one gets handled first and reschedules, and a burst
 * of queued edits costs one analysis instead of one each.
 */
function schedule(uri: string): void {
  scheduled.get(uri)?.cancel();
  const state = documents().get(uri);
  if (!state) return;
  let second: NodeJS.Immediate | undefined;
  const first = setImmediate(() => {
    second = setImmediate(() => {
      scheduled.delete(uri);
      void publish(uri, state.document.version);
    });
  });
  scheduled.set(uri, {
    cancel: () => {
      clearImmediate(first);
      if (second) clearImmediate(second);
    },
  });
}

/**
 * The document's settings, once the grammar is ready too. The client's answer to
 * workspace/configuration and the grammar's compilation overlap: on the first open both are
 * pending, and waiting for one before asking for the other added a round trip.
 */
async function settingsOnceReady(uri: string): Promise<ServerSettings> {
  const pending = settingsFor(uri);
  await parserReady();
  return pending;
}

async function publish(uri: string, version: number): Promise<void> {
  try {
    const settings = await settingsOnceReady(uri);
    const store = documents();
    const state = store.get(uri);
    if (!state || state.document.version !== version) return; // stale: a newer run is scheduled
    const analysis = store.analysis(uri, settings);
    const diagnostics = analysis ? core().documentDiagnostics(analysis, uri) : [];
    await connection.sendDiagnostics({ uri, version, diagnostics });
    await connection.sendNotification(StatusNotification, {
      uri,
      version,
      invocations: analysis?.invocations.length ?? 0,
    });
    saveCodeCacheSoon();
    primeSoon(uri, settings);
  } catch (e) {
    log(`diagnostics for ${uri} failed: ${describe(e)}`);
  }
}

/**
 * A document's first analysis skips the cache (DocumentStore.prime): once its diagnostics are
 * out, the cache is filled in a later turn, after whatever edit is already queued.
 */
function primeSoon(uri: string, settings: ServerSettings): void {
  setImmediate(() => {
    try {
      documents().prime(uri, settings);
    } catch (e) {
      log(`priming the analysis cache of ${uri} failed: ${describe(e)}`);
    }
  });
}

connection.onDidOpenTextDocument(({ textDocument: d }) => {
  try {
    documents().open(d.uri, d.languageId, d.version, d.text);
    schedule(d.uri);
  } catch (e) {
    log(`didOpen ${d.uri} failed: ${describe(e)}`);
  }
});

connection.onDidChangeTextDocument(({ textDocument: d, contentChanges }) => {
  try {
    if (documents().change(d.uri, d.version, contentChanges)) schedule(d.uri);
  } catch (e) {
    log(`didChange ${d.uri} failed: ${describe(e)}`);
  }
});

connection.onDidCloseTextDocument(({ textDocument: d }) => {
  try {
    scheduled.get(d.uri)?.cancel();
    scheduled.delete(d.uri);
    documents().close(d.uri);
    settingsCache.delete(d.uri);
    void connection.sendDiagnostics({ uri: d.uri, diagnostics: [] });
  } catch (e) {
    log(`didClose ${d.uri} failed: ${describe(e)}`);
  }
});

// ───────────────────────────── requests ─────────────────────────────

type Handler<P, R> = (params: P, token?: CancellationToken) => R | ResponseError | Promise<R | ResponseError>;

/**
 * Wraps a feature: finds the document's analysis (an error response for a document that is not
 * open), runs the feature, and turns any exception into a logged empty result.
 */
function feature<P extends { textDocument: { uri: string } }, R>(
  name: string,
  empty: R,
  run: (analysis: Analysis, params: P, settings: ServerSettings) => R | ResponseError,
): Handler<P, R> {
  return async (params, token) => {
    const uri = params?.textDocument?.uri;
    try {
      // Cancelled while queued (the user typed on): do not analyse a version nobody waits for.
      if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
      const store = documents();
      if (typeof uri !== 'string' || !store.get(uri)) {
        return new ResponseError(ErrorCodes.InvalidParams, `${name}: document not open: ${String(uri)}`);
      }
      const settings = await settingsOnceReady(uri);
      if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
      const analysis = store.analysis(uri, settings);
      if (!analysis) return empty;
      return run(analysis, params, settings);
    } catch (e) {
      log(`${name} failed for ${String(uri)}: ${describe(e)}`);
      return empty;
    }
  };
}

connection.onCompletion(feature('completion', [], (a, p) => core().completion(a, p.position)));
connection.onHover(feature('hover', null, (a, p) => core().hover(a, p.position)));
connection.onCodeAction(
  feature('codeAction', [], (a, p) => core().codeActions(a, p.textDocument.uri, p.range, p.context?.only)),
);
connection.onDefinition(feature('definition', [], (a, p) => core().definition(a, p.textDocument.uri, p.position)));
connection.onReferences(
  feature('references', [], (a, p) =>
    core().references(a, p.textDocument.uri, p.position, p.context?.includeDeclaration ?? true),
  ),
);
connection.onDocumentHighlight(feature('documentHighlight', [], (a, p) => core().documentHighlights(a, p.position)));
connection.onPrepareRename(feature('prepareRename', null, (a, p) => core().prepareRename(a, p.position)));
connection.onRenameRequest(
  feature('rename', null, (a, p) => {
    const result = core().rename(a, p.textDocument.uri, p.position, p.newName);
    return typeof result === 'string' ? new ResponseError(ErrorCodes.InvalidRequest, result) : result;
  }),
);
connection.onDocumentSymbol(feature('documentSymbol', [], (a) => core().documentSymbols(a)));
connection.languages.inlayHint.on(
  feature('inlayHint', [], (a, p, s) => (s.inlayHints.enabled ? core().inlayHints(a, p.range) : [])),
);
const addressMapHandler = feature('addressMap', null, (a, p: { textDocument: { uri: string }; position: Position }) =>
  core().addressMap(a, p.position ?? { line: 0, character: 0 }),
);
connection.onRequest(AddressMapRequest, (p) =>
  addressMapHandler({ textDocument: { uri: p?.uri }, position: p?.position }),
);

connection.onNotification(TrustNotification, (p) => {
  trusted = p?.trusted === true;
});
connection.onRequest(VerifyRequest, async (p: VerifyParams & { textDocument?: { uri?: string } }, token) => {
  const uri = p?.uri ?? p?.textDocument?.uri;
  try {
    if (!trusted) return new ResponseError(ErrorCodes.InvalidRequest, UNTRUSTED_MESSAGE);
    const store = documents();
    const state = typeof uri === 'string' ? store.get(uri) : undefined;
    if (!state)
      return new ResponseError(ErrorCodes.InvalidParams, `qemuLaunch/verify: document not open: ${String(uri)}`);
    const settings = await settingsOnceReady(uri);
    const analysis = store.analysis(uri, settings);
    if (!analysis) return new ResponseError(ErrorCodes.InvalidParams, `qemuLaunch/verify: cannot analyse ${uri}`);
    const outcome = await core().verifyDocument(uri, state.document.getText(), analysis, settings, p, token);
    if ('json' in outcome) return outcome.json;
    const code = outcome.refused === 'cancelled' ? LSPErrorCodes.RequestCancelled : ErrorCodes.InvalidParams;
    return new ResponseError(code, outcome.message);
  } catch (e) {
    log(`qemuLaunch/verify failed for ${String(uri)}: ${describe(e)}`);
    return new ResponseError(ErrorCodes.InternalError, `qemuLaunch/verify failed: ${describe(e)}`);
  }
});

connection.listen();

// ───────────────────────────── transport ─────────────────────────────

/**
 * `writer`, except for its first response to `id`: the start-up loader has sent that answer
 * (earlyInitialize.ts), and a client must get one answer per request.
 */
function withoutAnswerTo(writer: MessageWriter, id: number | string): MessageWriter {
  let dropped = false;
  return {
    get onError() {
      return writer.onError;
    },
    get onClose() {
      return writer.onClose;
    },
    write: (message: Message) => {
      if (!dropped && Message.isResponse(message) && message.id === id) {
        dropped = true;
        return Promise.resolve();
      }
      return writer.write(message);
    },
    end: () => writer.end(),
    dispose: () => writer.dispose(),
  };
}

/**
 * Over stdio we read and write the stream ourselves: a message that is not JSON is answered with a
 * JSON-RPC parse error (id null) instead of being dropped silently, long strings are decoded in
 * pieces (messageDecoder.ts), publishDiagnostics is written from kept bytes (publishEncoder.ts) and
 * each message goes out in one write (stdioWriter.ts). Over node IPC the library's own reader and
 * writer serve: Node serialises every message itself there.
 */
function openConnection(): Connection {
  // The loader may have answered initialize (earlyInitialize.ts): the library's answer is dropped.
  const early = takeEarlyAnswer();
  const out = (w: MessageWriter): MessageWriter => (early ? withoutAnswerTo(w, early.id) : w);
  if (!process.argv.includes('--stdio')) {
    // Over node IPC (the only other transport the loader answers on) the library would pick
    // these same reader and writer from argv.
    if (early)
      return createConnection(ProposedFeatures.all, new IPCMessageReader(process), out(new IPCMessageWriter(process)));
    return createConnection(ProposedFeatures.all);
  }
  const reader = new StreamMessageReader(process.stdin, { contentTypeDecoder: messageDecoder });
  const writer = out(new StdioMessageWriter(process.stdout));
  reader.onError((error) => {
    void writer.write({
      jsonrpc: '2.0',
      id: null,
      error: { code: ErrorCodes.ParseError, message: `Parse error: ${error.message}` },
    } as never);
  });
  const conn = createConnection(ProposedFeatures.all, reader, writer);
  // stdout carries the protocol: anything a library prints goes to the client's log instead.
  console.log = (...args: unknown[]) => conn.console.log(args.map(String).join(' '));
  console.info = console.log;
  console.warn = (...args: unknown[]) => conn.console.warn(args.map(String).join(' '));
  console.error = (...args: unknown[]) => conn.console.error(args.map(String).join(' '));
  const exitWhenClosed = () => process.exit(shutdownRequested ? 0 : 1);
  let shutdownRequested = false;
  conn.onShutdown(() => {
    shutdownRequested = true;
  });
  process.stdin.on('end', exitWhenClosed);
  process.stdin.on('close', exitWhenClosed);
  return conn;
}
