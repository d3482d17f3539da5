// Starts compiling tree-sitter's two wasm modules (the runtime and the bash grammar, beside the
// bundles in dist/) as soon as the server has answered initialize, so that V8 compiles them on its
// background threads while the main thread loads the LSP connection and the analysis core
// (dist/lsp.js, dist/main.js: ~150 ms). The server runs with --no-wasm-lazy-compilation
// (v8FlagList.ts): compiled lazily, the functions the first parse calls were compiled on the main
// thread during that parse (70–120 ms), after the core had loaded (BENCHMARKS.md, round 6).
// Kept out of the analysis core: it is the loader's (serverMain.ts) and needs only fs and path.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrecompiledGrammar } from './analysis/shell/parser';

export type { PrecompiledGrammar };

/** Compiles `tree-sitter.wasm` and `tree-sitter-bash.wasm` from `dir`; a failure rejects (the parser then loads the files itself). */
export function prefetchGrammar(dir: string): PrecompiledGrammar {
  const compile = (file: string) =>
    readFile(join(dir, file)).then(async (bytes) => ({ bytes, module: await WebAssembly.compile(bytes) }));
  const grammar: PrecompiledGrammar = { runtime: compile('tree-sitter.wasm'), bash: compile('tree-sitter-bash.wasm') };
  // Unhandled until initShellParser awaits them: a rejection here must not end the process.
  grammar.runtime.catch(() => {});
  grammar.bash.catch(() => {});
  return grammar;
}
