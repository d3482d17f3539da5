// Run by grammarPrefetch.test.ts in a process of its own (the parser loads once per process):
// loads the grammar as the server does, from the modules its start-up loader began compiling
// (`prefetch`), from the files (`files`), or from a prefetch that failed (`failed`), then parses;
// `mismatched` hands it the grammar's module as the runtime's, which cannot be instantiated.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { initShellParser, parseShell, type PrecompiledGrammar } from '../../../server/src/analysis/shell/parser';
import { prefetchGrammar } from '../../../server/src/grammarPrefetch';

const mode = process.argv[2];
// What reaches WebAssembly.instantiate: a compiled module, or bytes V8 copies (and compiles or finds).
const instantiated: string[] = [];
const instantiate = WebAssembly.instantiate;
const recording = ((source: BufferSource | WebAssembly.Module, imports?: WebAssembly.Imports) => {
  instantiated.push(source instanceof WebAssembly.Module ? 'module' : 'bytes');
  return instantiate(source as BufferSource, imports);
}) as typeof WebAssembly.instantiate;
WebAssembly.instantiate = recording;
// The wasm files side by side, as esbuild.mjs copies them into dist/ (a build is not needed here).
const dist = mkdtempSync(join(tmpdir(), 'qemu-launch-grammar-'));
copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'), join(dist, 'tree-sitter.wasm'));
copyFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'), join(dist, 'tree-sitter-bash.wasm'));
process.on('exit', () => rmSync(dist, { recursive: true, force: true }));
function mismatched(): PrecompiledGrammar {
  const { bash } = prefetchGrammar(dist);
  return { runtime: bash, bash };
}
const grammar: PrecompiledGrammar | undefined =
  mode === 'prefetch'
    ? prefetchGrammar(dist)
    : mode === 'failed'
      ? prefetchGrammar(join(dist, 'no-such-directory'))
      : mode === 'mismatched'
        ? mismatched()
        : undefined;

// The server asks for the grammar only after loading its bundles and receiving `initialized`: a
// prefetch that failed has rejected by then, which must not end the process unhandled.
void new Promise((wait) => setTimeout(wait, 50))
  .then(() => initShellParser(grammar))
  .then(() => {
    const tree = parseShell('qemu-system-x86_64 -m 4G \\\n  -smp 2\n');
    process.stdout.write(`\nparsed: ${tree.rootNode.firstChild?.type}\n`);
    process.stdout.write(`instantiated: ${instantiated.join(',')}\n`);
    process.stdout.write(`restored: ${WebAssembly.instantiate === recording}\n`);
    tree.delete();
  })
  .catch((e: unknown) => {
    process.stdout.write(`\nrejected: ${e instanceof Error ? e.name : String(e)}\n`);
    process.stdout.write(`restored: ${WebAssembly.instantiate === recording}\n`);
  });
