// Just enough of the `vscode` API for the address-map panel, recording what the panel does:
// panels created, HTML set, messages posted, editors revealed, files written, clipboard.
import { posix } from 'node:path';

export class Emitter<T> {
  private readonly listeners = new Set<(e: T) => unknown>();
  readonly event = (listener: (e: T) => unknown) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  get size(): number {
    return this.listeners.size;
  }
}

export class Uri {
  constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static parse(value: string): Uri {
    const m = /^([a-z][a-z0-9+.-]*):\/\/(\/.*)$/.exec(value);
    if (!m) throw new Error(`bad uri ${value}`);
    return new Uri(m[1], m[2]);
  }
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, posix.join(base.path, ...parts));
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}
export class Range {
  constructor(
    readonly start: Position,
    readonly end: Position,
  ) {}
}
export class Selection extends Range {
  constructor(
    readonly anchor: Position,
    readonly active: Position,
  ) {
    super(anchor, active);
  }
}

export interface FakeDocument {
  uri: Uri;
  languageId: string;
  lineCount: number;
  lineAt(line: number): { firstNonWhitespaceCharacterIndex: number };
}

export interface FakeEditor {
  document: FakeDocument;
  selection: Selection;
  viewColumn: number;
  revealed: Range[];
  revealRange(range: Range): void;
}

export class FakePanel {
  readonly posted: unknown[] = [];
  readonly received = new Emitter<unknown>();
  readonly disposed = new Emitter<void>();
  readonly viewState = new Emitter<{ webviewPanel: FakePanel }>();
  readonly reveals: unknown[] = [];
  title: string;
  visible = true;
  isDisposed = false;
  readonly webview = {
    options: {} as Record<string, unknown>,
    html: '',
    cspSource: 'https://fake.vscode-cdn.net',
    asWebviewUri: (u: Uri) => new Uri('https', `/fake.vscode-cdn.net${u.path}`),
    postMessage: async (m: unknown) => {
      this.posted.push(structuredClone(m));
      return true;
    },
    onDidReceiveMessage: this.received.event,
  };
  readonly onDidDispose = this.disposed.event;
  readonly onDidChangeViewState = this.viewState.event;
  constructor(
    readonly viewType: string,
    title: string,
    readonly showOptions: unknown,
    options: Record<string, unknown>,
  ) {
    this.title = title;
    this.webview.options = options;
  }
  reveal(...args: unknown[]): void {
    this.reveals.push(args);
  }
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.disposed.fire();
  }
}

export function document(path: string, lineCount: number, languageId = 'shellscript'): FakeDocument {
  return { uri: Uri.file(path), languageId, lineCount, lineAt: () => ({ firstNonWhitespaceCharacterIndex: 2 }) };
}

export function editor(doc: FakeDocument, line: number, viewColumn = 1): FakeEditor {
  const at = new Position(line, 0);
  const e: FakeEditor = {
    document: doc,
    selection: new Selection(at, at),
    viewColumn,
    revealed: [],
    revealRange: (r) => e.revealed.push(r),
  };
  return e;
}

export function fakeVscode() {
  const selection = new Emitter<{ textEditor: FakeEditor; selections: Selection[] }>();
  const activeEditor = new Emitter<FakeEditor | undefined>();
  const changeDocument = new Emitter<{ document: FakeDocument; contentChanges: unknown[] }>();
  const rec = {
    commands: new Map<string, (...args: unknown[]) => unknown>(),
    serializers: new Map<string, { deserializeWebviewPanel(panel: FakePanel, state: unknown): Promise<void> }>(),
    panels: [] as FakePanel[],
    written: [] as { uri: Uri; text: string }[],
    clipboard: [] as string[],
    shown: [] as { doc: FakeDocument; options: unknown }[],
    errors: [] as string[],
    saveAnswer: undefined as Uri | undefined,
    saveDialogs: [] as unknown[],
  };
  const window = {
    activeTextEditor: undefined as FakeEditor | undefined,
    visibleTextEditors: [] as FakeEditor[],
    createWebviewPanel: (viewType: string, title: string, showOptions: unknown, options: Record<string, unknown>) => {
      const p = new FakePanel(viewType, title, showOptions, options);
      rec.panels.push(p);
      return p;
    },
    registerWebviewPanelSerializer: (
      viewType: string,
      s: { deserializeWebviewPanel(panel: FakePanel, state: unknown): Promise<void> },
    ) => {
      rec.serializers.set(viewType, s);
      return { dispose: () => rec.serializers.delete(viewType) };
    },
    onDidChangeTextEditorSelection: selection.event,
    onDidChangeActiveTextEditor: activeEditor.event,
    showTextDocument: async (doc: FakeDocument, options: unknown) => {
      rec.shown.push({ doc, options });
      let e = window.visibleTextEditors.find((x) => x.document === doc);
      if (!e) {
        e = editor(doc, 0);
        window.visibleTextEditors.push(e);
      }
      return e;
    },
    showSaveDialog: async (options: unknown) => {
      rec.saveDialogs.push(options);
      return rec.saveAnswer;
    },
    setStatusBarMessage: () => ({ dispose() {} }),
    showErrorMessage: async (m: string) => {
      rec.errors.push(m);
      return undefined;
    },
  };
  const workspace = {
    textDocuments: [] as FakeDocument[],
    openTextDocument: async (uri: Uri) => {
      const d = workspace.textDocuments.find((x) => x.uri.toString() === uri.toString());
      if (!d) throw new Error(`cannot open ${uri.toString()}`);
      return d;
    },
    onDidChangeTextDocument: changeDocument.event,
    fs: {
      writeFile: async (uri: Uri, bytes: Uint8Array) => {
        rec.written.push({ uri, text: new TextDecoder().decode(bytes) });
      },
    },
  };
  const api = {
    Uri,
    Position,
    Range,
    Selection,
    ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
    TextEditorRevealType: { Default: 0, InCenter: 1, InCenterIfOutsideViewport: 2, AtTop: 3 },
    window,
    workspace,
    commands: {
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
        rec.commands.set(id, fn);
        return { dispose: () => rec.commands.delete(id) };
      },
    },
    env: {
      clipboard: {
        writeText: async (t: string) => {
          rec.clipboard.push(t);
        },
      },
    },
  };
  return { api, rec, selection, activeEditor, changeDocument };
}
