// What the server answers to `initialize`: fixed, whatever the client sent. One definition for
// both places that answer it: the start-up loader (serverMain.ts), before any LSP library is
// loaded, and the LSP connection (server.ts), whose library would answer exactly this (it only
// fills textDocumentSync.change when missing). No runtime import of the protocol library: the
// loader stays small (CodeActionKind.QuickFix and TextDocumentSyncKind.Incremental are spelled out).
import type { InitializeResult } from 'vscode-languageserver-protocol';
import { COMPLETION_TRIGGERS } from './features/completionTriggers';

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
    serverInfo: { name: 'qemu-launch', version: '0.1.0' },
  };
}
