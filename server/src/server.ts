// The language server: connection and capability wiring only. Every feature lives in
// features/<name>.ts and reads the one cached Analysis of the document (documents.ts).
// Transport: `--stdio` or `--node-ipc` (also `--socket=N`, `--pipe=NAME`), as vscode-languageserver reads argv.
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ErrorCodes,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver/node';
import type { Analysis } from './analysis/index';
import { describeRuleFailure, initShellParser, onRuleFailure } from './analysis/index';
import { DocumentStore, describe } from './documents';
import { defaultServerSettings, parseSettings, type ServerSettings } from './settings';
import { documentDiagnostics } from './features/diagnostics';
import { codeActions } from './features/codeActions';
import { completion, COMPLETION_TRIGGERS } from './features/completion';
import { hover } from './features/hover';
import { definition, documentHighlights, prepareRename, references, rename } from './features/navigation';
import { documentSymbols } from './features/symbols';
import { inlayHints } from './features/inlayHints';
import { addressMap } from './features/addressMap';
import { verifyDocument, trustedFrom, UNTRUSTED_MESSAGE } from './features/verify';
import { AddressMapRequest, StatusNotification, TrustNotification, VerifyRequest, type VerifyParams } from './protocol';

const connection = openConnection();
const log = (message: string) => connection.console.error(message);
const store = new DocumentStore(log);
// A rule that throws is a bug: log it with its stack; the document keeps the other rules' diagnostics.
onRuleFailure((f) => log(describeRuleFailure(f, true)));

let configurationCapability = false;
let configurationRegistration = false;
let inlayRefreshCapability = false;
let globalSettings: ServerSettings = defaultServerSettings;
/** Whether the client said the user trusts the workspace: qemuLaunch/verify runs QEMU only then. */
let trusted = false;
const settingsCache = new Map<string, Promise<ServerSettings>>();

connection.onInitialize((params: InitializeParams): InitializeResult => {
  configurationCapability = !!params.capabilities.workspace?.configuration;
  configurationRegistration = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
  inlayRefreshCapability = !!params.capabilities.workspace?.inlayHint?.refreshSupport;
  globalSettings = parseSettings(params.initializationOptions);
  trusted = trustedFrom(params.initializationOptions);
  // The grammar's wasm compiles while the client goes on: initialize answers in the time Node
  // needs to load the bundle, and the first analysis waits for the parser (parserReady).
  parserReady().catch((e: unknown) => log(`loading the shell parser failed: ${describe(e)}`));
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      inlayHintProvider: true,
    },
    serverInfo: { name: 'qemu-launch', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (configurationRegistration) {
    // Ask to be told about changes; clients without dynamic registration send them anyway or not at all.
    connection.client.register(DidChangeConfigurationNotification.type, { section: 'qemuLaunch' }).catch(() => {});
  }
});

/** Resolves once the grammar is loaded (started by initialize; a failed load is retried here). */
function parserReady(): Promise<void> {
  return initShellParser();
}

// ───────────────────────────── settings ─────────────────────────────

function settingsFor(uri: string): Promise<ServerSettings> {
  if (!configurationCapability) return Promise.resolve(globalSettings);
  let pending = settingsCache.get(uri);
  if (!pending) {
    pending = connection.workspace
      .getConfiguration({ scopeUri: uri, section: 'qemuLaunch' })
      .then(parseSettings, (e) => {
        log(`workspace/configuration failed, using defaults: ${describe(e)}`);
        return globalSettings;
      });
    settingsCache.set(uri, pending);
  }
  return pending;
}

connection.onDidChangeConfiguration((change) => {
  if (!configurationCapability) globalSettings = parseSettings(change.settings);
  settingsCache.clear();
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
  const state = store.get(uri);
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

async function publish(uri: string, version: number): Promise<void> {
  try {
    await parserReady();
    const settings = await settingsFor(uri);
    const state = store.get(uri);
    if (!state || state.document.version !== version) return; // stale: a newer run is scheduled
    const analysis = store.analysis(uri, settings);
    const diagnostics = analysis ? documentDiagnostics(analysis, uri) : [];
    await connection.sendDiagnostics({ uri, version, diagnostics });
    await connection.sendNotification(StatusNotification, {
      uri,
      version,
      invocations: analysis?.invocations.length ?? 0,
    });
  } catch (e) {
    log(`diagnostics for ${uri} failed: ${describe(e)}`);
  }
}

connection.onDidOpenTextDocument(({ textDocument: d }) => {
  try {
    store.open(d.uri, d.languageId, d.version, d.text);
    schedule(d.uri);
  } catch (e) {
    log(`didOpen ${d.uri} failed: ${describe(e)}`);
  }
});

connection.onDidChangeTextDocument(({ textDocument: d, contentChanges }) => {
  try {
    if (store.change(d.uri, d.version, contentChanges)) schedule(d.uri);
  } catch (e) {
    log(`didChange ${d.uri} failed: ${describe(e)}`);
  }
});

connection.onDidCloseTextDocument(({ textDocument: d }) => {
  try {
    scheduled.get(d.uri)?.cancel();
    scheduled.delete(d.uri);
    store.close(d.uri);
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
      if (typeof uri !== 'string' || !store.get(uri)) {
        return new ResponseError(ErrorCodes.InvalidParams, `${name}: document not open: ${String(uri)}`);
      }
      await parserReady();
      const settings = await settingsFor(uri);
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

connection.onCompletion(feature('completion', [], (a, p) => completion(a, p.position)));
connection.onHover(feature('hover', null, (a, p) => hover(a, p.position)));
connection.onCodeAction(
  feature('codeAction', [], (a, p) => codeActions(a, p.textDocument.uri, p.range, p.context?.only)),
);
connection.onDefinition(feature('definition', [], (a, p) => definition(a, p.textDocument.uri, p.position)));
connection.onReferences(
  feature('references', [], (a, p) =>
    references(a, p.textDocument.uri, p.position, p.context?.includeDeclaration ?? true),
  ),
);
connection.onDocumentHighlight(feature('documentHighlight', [], (a, p) => documentHighlights(a, p.position)));
connection.onPrepareRename(feature('prepareRename', null, (a, p) => prepareRename(a, p.position)));
connection.onRenameRequest(
  feature('rename', null, (a, p) => {
    const result = rename(a, p.textDocument.uri, p.position, p.newName);
    return typeof result === 'string' ? new ResponseError(ErrorCodes.InvalidRequest, result) : result;
  }),
);
connection.onDocumentSymbol(feature('documentSymbol', [], (a) => documentSymbols(a)));
connection.languages.inlayHint.on(
  feature('inlayHint', [], (a, p, s) => (s.inlayHints.enabled ? inlayHints(a, p.range) : [])),
);
const addressMapHandler = feature('addressMap', null, (a, p: { textDocument: { uri: string }; position: Position }) =>
  addressMap(a, p.position ?? { line: 0, character: 0 }),
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
    const state = typeof uri === 'string' ? store.get(uri) : undefined;
    if (!state)
      return new ResponseError(ErrorCodes.InvalidParams, `qemuLaunch/verify: document not open: ${String(uri)}`);
    await parserReady();
    const settings = await settingsFor(uri);
    const analysis = store.analysis(uri, settings);
    if (!analysis) return new ResponseError(ErrorCodes.InvalidParams, `qemuLaunch/verify: cannot analyse ${uri}`);
    return await verifyDocument(uri, state.document.getText(), analysis, settings, p, token);
  } catch (e) {
    log(`qemuLaunch/verify failed for ${String(uri)}: ${describe(e)}`);
    return new ResponseError(ErrorCodes.InternalError, `qemuLaunch/verify failed: ${describe(e)}`);
  }
});

connection.listen();

// ───────────────────────────── transport ─────────────────────────────

/**
 * Over stdio we read the stream ourselves so that a message that is not JSON is answered with a
 * JSON-RPC parse error (id null) instead of being dropped silently; everything else is stock.
 */
function openConnection(): Connection {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const reader = new StreamMessageReader(process.stdin);
  const writer = new StreamMessageWriter(process.stdout);
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
