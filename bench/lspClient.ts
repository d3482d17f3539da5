// A real LSP client over stdio, as an editor is: spawns a server, speaks JSON-RPC through
// vscode-jsonrpc, answers the server's own requests (configuration, registrations) and times
// every round trip. Used for our server and for bash-language-server alike.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { now } from './stats';

interface Waiter {
  version: number | undefined;
  resolve: (diagnostics: unknown[]) => void;
}

export interface Position {
  line: number;
  character: number;
}

export class LspSession {
  private waiters = new Map<string, Waiter[]>();
  readonly lastDiagnostics = new Map<string, unknown[]>();
  /** What the server wrote to its log (window/logMessage), in order. */
  readonly logMessages: string[] = [];
  private versions = new Map<string, number>();
  /** 1 = full text per change, 2 = incremental (TextDocumentSyncKind). */
  syncKind = 2;
  capabilities: Record<string, unknown> = {};

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    private readonly connection: MessageConnection,
  ) {}

  /**
   * Spawns the server and completes `initialize` (then sends `initialized` unless told not to);
   * returns the session and spawn→result time. The server gets a process group of its own, so
   * stop() can wait for every process it started (bash-language-server's ShellCheck runs).
   */
  static async start(
    name: string,
    command: string,
    args: string[],
    rootDir: string,
    initialized = true,
  ): Promise<{ session: LspSession; initializeMs: number }> {
    const started = now();
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    child.stderr.on('data', () => {}); // drained so the server never blocks on a full pipe
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const session = new LspSession(name, child, connection);
    connection.onNotification(
      'textDocument/publishDiagnostics',
      (p: { uri: string; version?: number; diagnostics: unknown[] }) => session.onDiagnostics(p),
    );
    // Whatever the server asks (workspace/configuration, client/registerCapability, progress):
    // answer as an editor with default settings would.
    connection.onRequest((method: string, params: unknown) => {
      if (method === 'workspace/configuration') return ((params as { items: unknown[] }).items ?? []).map(() => null);
      return null;
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => session.logMessages.push(p.message));
    connection.onNotification(() => {});
    connection.listen();
    const rootUri = pathToFileURL(rootDir).href;
    const result = await connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: {
        textDocument: {
          synchronization: { didSave: true, dynamicRegistration: false },
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          inlayHint: {},
        },
        workspace: { configuration: true, workspaceFolders: true },
      },
    });
    const initializeMs = now() - started;
    session.capabilities = result.capabilities;
    const sync = result.capabilities.textDocumentSync;
    session.syncKind = typeof sync === 'number' ? sync : ((sync as { change?: number } | undefined)?.change ?? 1);
    if (initialized) await connection.sendNotification('initialized', {});
    return { session, initializeMs };
  }

  private onDiagnostics(p: { uri: string; version?: number; diagnostics: unknown[] }): void {
    this.lastDiagnostics.set(p.uri, p.diagnostics);
    const waiting = this.waiters.get(p.uri) ?? [];
    // Fresh = published for the awaited version or a later one; a server that does not send
    // versions is taken at its word that a publish after the change is about the change.
    const done = waiting.filter((w) => p.version === undefined || w.version === undefined || p.version >= w.version);
    this.waiters.set(
      p.uri,
      waiting.filter((w) => !done.includes(w)),
    );
    for (const w of done) w.resolve(p.diagnostics);
  }

  private diagnosticsFor(uri: string, version: number, timeoutMs: number): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: no diagnostics for version ${version} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const list = this.waiters.get(uri) ?? [];
      list.push({
        version,
        resolve: (d) => {
          clearTimeout(timer);
          resolve(d);
        },
      });
      this.waiters.set(uri, list);
    });
  }

  /** didOpen → first diagnostics, in ms. */
  async open(uri: string, text: string, timeoutMs = 120_000): Promise<number> {
    this.versions.set(uri, 1);
    const started = now();
    const fresh = this.diagnosticsFor(uri, 1, timeoutMs);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'shellscript', version: 1, text },
    });
    await fresh;
    return now() - started;
  }

  /**
   * Replaces [start, end) on one line with `newText` (sent incrementally or as the full text,
   * as the server asked). Returns the ms until diagnostics for the new version, or undefined
   * when `wait` is false.
   */
  async change(
    uri: string,
    fullText: string,
    at: Position,
    endCharacter: number,
    newText: string,
    wait: boolean,
    timeoutMs = 120_000,
    /** Override the server's sync kind (1 = send the full text; LSP lets any client do that). */
    syncKind = this.syncKind,
  ): Promise<number | undefined> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const started = now();
    const fresh = wait ? this.diagnosticsFor(uri, version, timeoutMs) : undefined;
    const contentChanges =
      syncKind === 2
        ? [{ range: { start: at, end: { line: at.line, character: endCharacter } }, text: newText }]
        : [{ text: fullText }];
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges,
    });
    if (!fresh) return undefined;
    await fresh;
    return now() - started;
  }

  /** Waits for diagnostics of the current version (after edits sent without waiting). */
  async settle(uri: string, timeoutMs = 120_000): Promise<void> {
    await this.diagnosticsFor(uri, this.versions.get(uri) ?? 1, timeoutMs);
  }

  /** One request round trip; the error (e.g. method not supported) is returned, not thrown. */
  async request(method: string, params: unknown): Promise<{ ms: number; result?: unknown; error?: string }> {
    const started = now();
    try {
      const result = await this.connection.sendRequest(method, params);
      return { ms: now() - started, result };
    } catch (error) {
      return { ms: now() - started, error: (error as Error).message };
    }
  }

  supports(provider: string): boolean {
    return !!this.capabilities[provider];
  }

  /** Resident set size of the server process (not its children), in bytes. */
  rss(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
    return kb * 1024;
  }

  /**
   * Asks the server to exit and waits until it and every process of its group (its children:
   * ShellCheck runs) are gone, killing what is left after a grace period, so nothing of this
   * server still runs when the next one is timed.
   */
  async stop(): Promise<void> {
    const exited = new Promise<void>((done) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) done();
      else this.child.once('exit', () => done());
    });
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // the server may already be gone
    }
    const late = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(late);
    this.connection.dispose();
    await waitForGroup(this.child.pid!);
  }
}

/** Waits until no process of group `pgid` is left (SIGKILL to the group after 5 s, gives up at 10 s). */
async function waitForGroup(pgid: number): Promise<void> {
  const deadline = now() + 5000;
  while (groupMembers(pgid) > 0 && now() < deadline + 5000) {
    if (now() > deadline) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Live processes whose process group is `pgid` (Linux /proc; elsewhere none are found). */
function groupMembers(pgid: number): number {
  let count = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The fields after the command name (which may hold spaces): state ppid pgrp …
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') count++;
    } catch {
      // exited while we looked
    }
  }
  return count;
}
