// One language-server process (`node dist/server.js --stdio`) driven by vscode-jsonrpc, for the
// fuzz campaign and the protocol tests: answers the server's own requests like a plain client,
// and keeps what it logged as an error and every publishDiagnostics it sent.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER = resolve('dist/server.js');

export interface ServerSession {
  child: ChildProcess;
  conn: MessageConnection;
  /** window/logMessage of type Error: a handler that threw is logged here. */
  errors: string[];
  diagnostics: PublishDiagnosticsParams[];
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
  stderr: string[];
  /** What workspace/configuration answers from now on (send didChangeConfiguration after). */
  settings: Record<string, unknown>;
  close(): Promise<void>;
}

export async function startServer(
  settings: Record<string, unknown> = { spmForm: 'auto', inlayHints: { enabled: true } },
  initializationOptions?: unknown,
): Promise<ServerSession> {
  if (!existsSync(SERVER)) throw new Error('dist/server.js is missing: run `npm run build` (npm test does)');
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr.on('data', (b: Buffer) => stderr.push(b.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const errors: string[] = [];
  const diagnostics: PublishDiagnosticsParams[] = [];
  conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
    if (p.type === 1) errors.push(p.message);
  });
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => diagnostics.push(p));
  conn.onNotification('qemuLaunch/status', () => {});
  const state = { settings };
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => state.settings));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/inlayHint/refresh', () => null);
  // A closed pipe shows up as an error on the writer; the exit code tells the story instead.
  conn.onError(() => {});
  conn.onClose(() => {});
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    initializationOptions,
    capabilities: {
      workspace: { configuration: true, inlayHint: { refreshSupport: true } },
      textDocument: {
        publishDiagnostics: { versionSupport: true },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      },
    },
  });
  await conn.sendNotification('initialized', {});
  return {
    child,
    conn,
    errors,
    diagnostics,
    exited,
    stderr,
    get settings() {
      return state.settings;
    },
    set settings(v: Record<string, unknown>) {
      state.settings = v;
    },
    async close() {
      if (child.exitCode === null) {
        try {
          await conn.sendRequest('shutdown');
          await conn.sendNotification('exit');
        } catch {
          child.kill();
        }
        await exited;
      }
      conn.dispose();
    },
  };
}
