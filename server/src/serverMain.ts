// dist/server.js, `qemu-launch-server`: the start-up loader. It sets the V8 flags; over stdio
// and node IPC it answers `initialize` itself (earlyInitialize.ts), before any LSP code is
// loaded; then it runs the LSP connection bundle (dist/lsp.js, server/src/server.ts) through a
// V8 code cache, as that bundle runs the analysis core (dist/main.js) later. Loading and running
// dist/lsp.js was most of what the server did before answering (BENCHMARKS.md, round 5). This
// file holds only the flags, the first-message reader, codeCache.ts and the start of the grammar's
// compile (grammarPrefetch.ts): it compiles in no time.
import { join } from 'node:path';
import type * as CodeCache from './codeCache';
import { answerInitializeEarly, answerInitializeEarlyOverIpc } from './earlyInitialize';
import { prefetchGrammar } from './grammarPrefetch';
import type { cacheWithCore, withGrammar } from './server';
import { applyServerV8Flags } from './v8Flags';

// Before the server module allocates anything: see v8Flags.ts.
applyServerV8Flags();

function loadConnection(): void {
  // First: V8 compiles the grammar's wasm on other threads while this one loads the bundles.
  const grammar = prefetchGrammar(__dirname);
  // Required here, not imported: its Node modules (crypto, vm, module, os) load after the answer.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { codeCacheDir, requireWithCodeCache } = require('./codeCache') as typeof CodeCache;
  // Beside this file in dist/ (esbuild.mjs); the cache is written with the core's (server.ts).
  const lsp = requireWithCodeCache<{ cacheWithCore: typeof cacheWithCore; withGrammar: typeof withGrammar }>(
    join(__dirname, 'lsp.js'),
    codeCacheDir(),
  );
  lsp.exports.cacheWithCore(lsp);
  lsp.exports.withGrammar(grammar);
}

// The transport as vscode-languageserver reads it from argv; --socket and --pipe are left to it.
if (process.argv.includes('--stdio')) {
  // Input closed before a whole first message: as the connection does when its input closes.
  answerInitializeEarly(process.stdin, process.stdout, loadConnection, () => process.exit(1));
} else if (process.argv.includes('--node-ipc') && process.send) {
  answerInitializeEarlyOverIpc(process, loadConnection);
} else {
  loadConnection();
}
