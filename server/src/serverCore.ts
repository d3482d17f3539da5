// What the language server needs beyond answering initialize: the analysis core, the document
// store and every feature. It lives in dist/main.js and the server entry (dist/server.js, which
// holds only the LSP connection) loads it once initialize is answered (server.ts, core()).
export { DocumentStore } from './documents';
export { defaultServerSettings, parseSettings, type ServerSettings } from './settings';
export { describeRuleFailure, initShellParser, onRuleFailure, type Analysis } from './analysis/index';
export { documentDiagnostics } from './features/diagnostics';
export { codeActions } from './features/codeActions';
export { completion } from './features/completion';
export { hover } from './features/hover';
export { definition, documentHighlights, prepareRename, references, rename } from './features/navigation';
export { documentSymbols } from './features/symbols';
export { inlayHints } from './features/inlayHints';
export { addressMap } from './features/addressMap';
export { verifyDocument } from './features/verify';
