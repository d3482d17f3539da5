// The address-map panel: a webview beside the editor showing the map of the QEMU invocation at the
// cursor. It follows the cursor and edits (debounced, posting only when the map changed, so the
// webview redraws in place), reveals lines the webview asks for, saves exports, and comes back
// after a reload through its serializer. Everything the webview posts is shape-checked first.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { buildHtml, makeNonce } from './addressMapHtml';
import {
  isInvocationMapJson,
  isMapSource,
  parseFromWebview,
  type FromWebview,
  type MapSource,
  type ToWebview,
  type VerifyMarks,
} from '../webview/protocol';

export { buildHtml } from './addressMapHtml';

export const ADDRESS_MAP_VIEW_TYPE = 'qemuLaunch.addressMap';
const COMMAND = 'qemuLaunch.showAddressMap';
/** Cursor moves settle quickly; edits wait for a pause in typing. */
const FOLLOW_DELAY_MS = 120;
const EDIT_DELAY_MS = 300;
const RETRY_DELAY_MS = 1000;

/** The messages that carry the map (the verdict travels separately). */
type MapMessage = Exclude<ToWebview, { command: 'verified' }>;

export interface Target {
  uri: vscode.Uri;
  position: vscode.Position;
}

/** What the verify command needs of the panel: open it on a target, post marks to it. */
export interface AddressMapPanels {
  /** The panel showing `target` (opened beside the editor, or the existing one retargeted). */
  open(target: Target | undefined): AddressMapPanel;
  /** The open panel, if any. */
  current(): AddressMapPanel | undefined;
}

export function registerAddressMapPanel(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  onVerify: (panel: AddressMapPanel) => void,
): AddressMapPanels {
  const root = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
  let current: AddressMapPanel | undefined;
  const adopt = (panel: vscode.WebviewPanel, target: Target | undefined) => {
    current?.dispose();
    const adopted = new AddressMapPanel(panel, client, root, target, onVerify);
    current = adopted;
    panel.onDidDispose(() => {
      if (current?.panel === panel) current = undefined;
    });
    return adopted;
  };
  const open = (target: Target | undefined): AddressMapPanel => {
    if (current) {
      current.panel.reveal(vscode.ViewColumn.Beside, true);
      if (target) current.track(target, 0);
      return current;
    }
    const panel = vscode.window.createWebviewPanel(
      ADDRESS_MAP_VIEW_TYPE,
      'Address Map',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(root),
    );
    return adopt(panel, target);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMAND, (uri?: unknown) => {
      open(targetFor(vscode.window.activeTextEditor, uri instanceof vscode.Uri ? uri : undefined));
    }),
    vscode.window.registerWebviewPanelSerializer(ADDRESS_MAP_VIEW_TYPE, {
      deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Thenable<void> {
        const source = typeof state === 'object' && state !== null ? (state as { source?: unknown }).source : undefined;
        let target: Target | undefined;
        if (isMapSource(source)) {
          try {
            target = {
              uri: vscode.Uri.parse(source.uri, true),
              position: new vscode.Position(source.position.line, source.position.character),
            };
          } catch {
            target = undefined;
          }
        }
        adopt(panel, target ?? targetFor(vscode.window.activeTextEditor, undefined));
        return Promise.resolve();
      },
    }),
    { dispose: () => current?.dispose() },
  );
  return { open, current: () => current };
}

function webviewOptions(root: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [root], retainContextWhenHidden: false };
}

function isShellScript(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'shellscript';
}

export function targetFor(editor: vscode.TextEditor | undefined, uri: vscode.Uri | undefined): Target | undefined {
  if (editor && (!uri || editor.document.uri.toString() === uri.toString())) {
    return { uri: editor.document.uri, position: editor.selection.active };
  }
  return uri ? { uri, position: new vscode.Position(0, 0) } : undefined;
}

export class AddressMapPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sequence = 0;
  private last: MapMessage | undefined;
  private lastJson = '';
  private editorColumn: vscode.ViewColumn | undefined;
  private disposed = false;
  private retrying = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly client: LanguageClient,
    root: vscode.Uri,
    private target: Target | undefined,
    private readonly onVerify: (panel: AddressMapPanel) => void,
  ) {
    const webview = panel.webview;
    webview.options = webviewOptions(root);
    webview.html = buildHtml(
      webview.cspSource,
      makeNonce(),
      webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')).toString(),
      webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css')).toString(),
    );
    this.editorColumn = vscode.window.activeTextEditor?.viewColumn;
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.visible) this.schedule(0);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document.uri.scheme === 'output' || !isShellScript(e.textEditor.document)) return;
        this.editorColumn = e.textEditor.viewColumn ?? this.editorColumn;
        this.track(
          { uri: e.textEditor.document.uri, position: e.selections[0]?.active ?? e.textEditor.selection.active },
          FOLLOW_DELAY_MS,
        );
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!editor || !isShellScript(editor.document)) return;
        this.editorColumn = editor.viewColumn ?? this.editorColumn;
        this.track({ uri: editor.document.uri, position: editor.selection.active }, FOLLOW_DELAY_MS);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.target && e.contentChanges.length && e.document.uri.toString() === this.target.uri.toString())
          this.schedule(EDIT_DELAY_MS);
      }),
    );
    this.updateTitle();
    this.schedule(0);
  }

  /** The script and position the panel shows. */
  get shown(): Target | undefined {
    return this.target;
  }

  /** 1-based line of the map on screen (the marks' key), once one arrived. */
  get mapLine(): number | undefined {
    return this.last?.command === 'update' ? this.last.map.line : undefined;
  }

  /** Whether a map (not a message) for `target`'s document is on screen or on its way. */
  showsDocument(uri: vscode.Uri): boolean {
    return this.target?.uri.toString() === uri.toString();
  }

  /** Verify with QEMU's verdict for the invocation on screen (null clears it). */
  showVerification(marks: VerifyMarks | null): void {
    this.marks = marks;
    void this.panel.webview.postMessage({ command: 'verified', marks } satisfies ToWebview);
  }

  private marks: VerifyMarks | null = null;

  /** Resolves once the first map (or message) for the current target was posted. */
  async settled(): Promise<void> {
    while (!this.disposed && (this.timer !== undefined || this.refreshing)) await new Promise((r) => setTimeout(r, 50));
  }

  track(target: Target, delay: number): void {
    this.target = target;
    this.updateTitle();
    this.schedule(delay);
  }

  private updateTitle(): void {
    this.panel.title = this.target ? `Address Map: ${path.posix.basename(this.target.uri.path)}` : 'Address Map';
  }

  private schedule(delay: number): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }

  private source(): MapSource | null {
    if (!this.target) return null;
    return {
      uri: this.target.uri.toString(),
      label: path.posix.basename(this.target.uri.path),
      position: { line: this.target.position.line, character: this.target.position.character },
    };
  }

  /** Asks the server for the map at the target; only the newest answer is posted. */
  private refreshing = false;

  private async refresh(): Promise<void> {
    this.refreshing = true;
    try {
      await this.refreshNow();
    } finally {
      this.refreshing = false;
    }
  }

  private async refreshNow(): Promise<void> {
    const target = this.target;
    const source = this.source();
    if (!target || !source) {
      this.post({
        command: 'empty',
        source: null,
        message: 'Open a shell script and put the cursor on a qemu-system-x86_64 command.',
      });
      return;
    }
    const sequence = ++this.sequence;
    let message: MapMessage;
    try {
      // Opening makes the language client send didOpen, so a panel restored after a reload can
      // ask about a document that no editor shows yet.
      await vscode.workspace.openTextDocument(target.uri);
      const uri = target.uri.toString();
      const position = { line: target.position.line, character: target.position.character };
      // `textDocument` too: the server's request wrapper finds documents the LSP way.
      const map: unknown = await this.client.sendRequest('qemuLaunch/addressMap', {
        uri,
        textDocument: { uri },
        position,
      });
      if (map === null || map === undefined) {
        message = { command: 'empty', source, message: `No qemu-system-x86_64 command in ${source.label}.` };
      } else if (isInvocationMapJson(map)) {
        message = { command: 'update', source, map };
      } else {
        message = {
          command: 'empty',
          source,
          message: 'The language server answered with a map this panel cannot read.',
        };
      }
    } catch (e) {
      if (sequence !== this.sequence || this.disposed) return;
      // A panel restored after a reload may ask before the server has the document (or before
      // it has started): one retry a moment later, before saying there is no map.
      if (!this.retrying) {
        this.retrying = true;
        this.schedule(RETRY_DELAY_MS);
        return;
      }
      message = { command: 'empty', source, message: `No address map: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (sequence !== this.sequence || this.disposed) return;
    this.retrying = false;
    this.post(message);
  }

  /**
   * Posts only what differs from the last message, so moving inside one invocation redraws
   * nothing. The cursor position is left out of the comparison: it only tells the serializer
   * where to look after a reload, and any position inside the invocation does.
   */
  private post(message: MapMessage, force = false): void {
    const json = JSON.stringify({
      ...message,
      source: message.source && { uri: message.source.uri, label: message.source.label },
    });
    if (!force && json === this.lastJson) return;
    this.last = message;
    this.lastJson = json;
    void this.panel.webview.postMessage(message);
  }

  private document(): vscode.TextDocument | undefined {
    const uri = this.target?.uri.toString();
    return uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) : undefined;
  }

  private onMessage(raw: unknown): void {
    const doc = this.document();
    const message = parseFromWebview(raw, doc?.lineCount ?? Number.MAX_SAFE_INTEGER);
    if (!message) return; // not one of ours, or out of range: ignored
    void this.handle(message, doc).catch((e: unknown) => {
      void vscode.window.showErrorMessage(`Address map: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  private async handle(message: FromWebview, doc: vscode.TextDocument | undefined): Promise<void> {
    switch (message.command) {
      case 'ready':
        if (this.last) this.post(this.last, true);
        else this.schedule(0);
        if (this.marks) void this.panel.webview.postMessage({ command: 'verified', marks: this.marks });
        return;
      case 'verify':
        this.onVerify(this);
        return;
      case 'reveal': {
        if (!doc) return;
        const line = Math.min(message.line, doc.lineCount) - 1;
        const shown = vscode.window.visibleTextEditors.find((e) => e.document === doc);
        const editor =
          shown ??
          (await vscode.window.showTextDocument(doc, { viewColumn: this.editorColumn ?? vscode.ViewColumn.One }));
        const at = new vscode.Position(line, doc.lineAt(line).firstNonWhitespaceCharacterIndex);
        editor.selection = new vscode.Selection(at, at);
        editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
        return;
      }
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        vscode.window.setStatusBarMessage('Address map tables copied as Markdown', 3000);
        return;
      case 'export': {
        const ext = message.format === 'svg' ? 'svg' : 'md';
        const base = this.target ? path.posix.basename(this.target.uri.path).replace(/\.[^.]*$/, '') : 'qemu';
        const folder =
          this.target && this.target.uri.scheme === 'file' ? vscode.Uri.joinPath(this.target.uri, '..') : undefined;
        const defaultUri = folder ? vscode.Uri.joinPath(folder, `${base}-address-map.${ext}`) : undefined;
        const uri = await vscode.window.showSaveDialog({
          defaultUri,
          filters: message.format === 'svg' ? { 'SVG image': ['svg'] } : { Markdown: ['md'] },
          saveLabel: 'Export',
        });
        if (!uri) return;
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(message.content));
        vscode.window.setStatusBarMessage(`Address map exported to ${path.posix.basename(uri.path)}`, 3000);
        return;
      }
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
