// The VS Code client: starts the bundled language server over IPC, shows how many QEMU
// invocations the active editor has, and registers the address-map panel. It executes nothing
// from the workspace. An activation failure is shown to the user (VS Code does not do that itself).
import * as path from 'node:path';
import { availableParallelism } from 'node:os';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { serverExecArgv, StatusNotification, TrustNotification, type StatusParams } from '../../server/src/protocol';
import { registerAddressMapPanel, type AddressMapPanels } from './addressMapPanel';
import { registerVerifyCommand } from './verifyCommand';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  try {
    client = startClient(context);
    const status = new InvocationStatus(client);
    context.subscriptions.push(status);
    // Registered before the server starts so the command and the panel serializer exist even
    // while it is starting (requests wait for it).
    const c = client;
    // The command and the panel refer to each other: the panel's toolbar button runs verify,
    // verify posts its verdict to the panel (the getter is only called after both exist).
    const verifyFromPanel = registerVerifyCommand(context, c, () => panels);
    const panels: AddressMapPanels = registerAddressMapPanel(context, c, verifyFromPanel);
    // Trust granted later (Restricted Mode left): the server may run QEMU on request from now on.
    context.subscriptions.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => void c.sendNotification(TrustNotification, { trusted: true })),
    );
    await client.start();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    void vscode.window.showErrorMessage(`QEMU Launch could not start its language server: ${message}`);
    throw e;
  }
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}

function startClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server's V8 code cache (server/src/codeCache.ts) in the extension's own storage, which
  // VS Code deletes with the extension; a QEMU_LAUNCH_CODE_CACHE of the user's (`off`) wins.
  const storage = context.globalStorageUri;
  const env =
    process.env.QEMU_LAUNCH_CODE_CACHE === undefined && storage.scheme === 'file'
      ? { QEMU_LAUNCH_CODE_CACHE: path.join(storage.fsPath, 'code-cache') }
      : undefined;
  const execArgv = serverExecArgv(availableParallelism());
  const serverOptions: ServerOptions = {
    // Less resident memory for a small latency cost, and a V8 thread pool that leaves the
    // analysis its core (server/src/v8FlagList.ts, BENCHMARKS.md).
    run: { module, transport: TransportKind.ipc, options: { execArgv, env } },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: [...execArgv, '--nolazy', '--inspect=6019'], env },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'shellscript' },
      { scheme: 'untitled', language: 'shellscript' },
    ],
    // `trusted` last, so no workspace setting of that name can stand in for the user's trust.
    initializationOptions: {
      ...(JSON.parse(JSON.stringify(vscode.workspace.getConfiguration('qemuLaunch'))) as object),
      trusted: vscode.workspace.isTrusted,
    },
  };
  // The client id 'qemuLaunch' makes vscode-languageclient honour `qemuLaunch.trace.server`.
  const c = new LanguageClient('qemuLaunch', 'QEMU Launch', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => void c.stop() });
  return c;
}

/** Status-bar item: "QEMU ×N" for the active editor, from the server's qemuLaunch/status notifications. */
class InvocationStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('qemuLaunch.status', vscode.StatusBarAlignment.Right, 100);
  private readonly counts = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(client: LanguageClient) {
    this.item.name = 'QEMU Launch';
    this.item.command = 'qemuLaunch.showAddressMap';
    this.disposables.push(
      this.item,
      client.onNotification(StatusNotification, (p: StatusParams) => {
        this.counts.set(p.uri, p.invocations);
        this.update();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidCloseTextDocument((d) => this.counts.delete(d.uri.toString())),
    );
    this.update();
  }

  private update(): void {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const count = uri ? this.counts.get(uri) : undefined;
    if (count === undefined || count === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(vm) QEMU ×${count}`;
    this.item.tooltip = `${count} QEMU invocation${count === 1 ? '' : 's'} in this file — click for the address map`;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
