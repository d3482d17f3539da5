// What the server answers to `initialize`: fixed, whatever the client sent. One definition for
// both places that answer it: the start-up loader (serverMain.ts), before any LSP library is
// loaded, and the LSP connection (server.ts), whose library would answer exactly this (it only
// fills textDocumentSync.change when missing). No runtime import of the protocol library: the
// loader stays small (CodeActionKind.QuickFix and TextDocumentSyncKind.Incremental are spelled out).
import type { InitializeResult } from 'vscode-languageserver-protocol';
import { COMPLETION_TRIGGERS } from './features/completionTriggers';

/** The package's version, put in by the build (esbuild.mjs); run from source it is unknown. */
declare const QEMU_LAUNCH_VERSION: string | undefined;

/** A fresh copy each time (the library may fill in what a result leaves out). */
export function initializeResult(): InitializeResult {
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: 2 /* TextDocumentSyncKind.Incremental */ },
      completionProvider: { triggerCharacters: [...COMPLETION_TRIGGERS] },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix' /* CodeActionKind.QuickFix */] },
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      inlayHintProvider: true,
    },
    serverInfo: {
      name: 'qemu-launch',
      version: typeof QEMU_LAUNCH_VERSION === 'string' ? QEMU_LAUNCH_VERSION : 'dev',
    },
  };
}
