// Starts compiling tree-sitter's two wasm modules (the runtime and the bash grammar, beside the
// bundles in dist/) as soon as the server has answered initialize, so that V8 compiles them on its
// background threads while the main thread loads the LSP connection and the analysis core
// (dist/lsp.js, dist/main.js: ~150 ms). The server runs with --no-wasm-lazy-compilation
// (v8FlagList.ts): compiled lazily, the functions the first parse calls were compiled on the main
// thread during that parse (70–120 ms), after the core had loaded (BENCHMARKS.md, round 6).
// Kept out of the analysis core: it is the loader's (serverMain.ts) and needs only fs and path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledWasm, PrecompiledGrammar } from './analysis/shell/parser';

export type { PrecompiledGrammar };

/**
 * Compiles `tree-sitter.wasm` and `tree-sitter-bash.wasm` from `dir`; a failure rejects (the
 * parser then loads the files itself). The files are read here and now: read asynchronously,
 * each piece of the read waited for a turn of the event loop, which loading the bundles keeps
 * busy, and the compile started only after them.
 */
export function prefetchGrammar(dir: string): PrecompiledGrammar {
  const compile = async (file: string): Promise<CompiledWasm> => {
    const bytes = readFileSync(join(dir, file));
    return { bytes, module: await WebAssembly.compile(bytes) };
  };
  const grammar: PrecompiledGrammar = { runtime: compile('tree-sitter.wasm'), bash: compile('tree-sitter-bash.wasm') };
  // Unhandled until initShellParser awaits them: a rejection here must not end the process.
  grammar.runtime.catch(() => {});
  grammar.bash.catch(() => {});
  return grammar;
}
