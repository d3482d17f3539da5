// One esbuild call per bundle (extension, main = CLI + server, webview); type checking is
// `npm run typecheck`. The tree-sitter wasm files are copied next to the bundles,
// where server/src/analysis/shell/parser.ts looks for them.
// Bundles are minified (names kept, so stack traces and rule names stay readable); the source
// maps beside them are for development only and are left out of both packages.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minify: true,
  keepNames: true,
  logLevel: 'warning',
  // The version the server reports in initialize (server/src/initializeResult.ts).
  define: { QEMU_LAUNCH_VERSION: JSON.stringify(require('./package.json').version) },
};

mkdirSync('dist', { recursive: true });
copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'), 'dist/tree-sitter.wasm');
copyFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'), 'dist/tree-sitter-bash.wasm');

// dist/main.js: the CLI and the server's analysis core in one bundle (server/src/main.ts says
// why); dist/cli.js is a stub calling it. dist/lsp.js is its own small bundle, the LSP
// connection only, which answers initialize before it loads dist/main.js (server/src/server.ts);
// dist/server.js, the program, loads it (server/src/serverMain.ts).
const bundles = [
  // import() becomes require(): server/src/codeCache.ts runs this bundle from vm.Script, where
  // Node 20 has no loader for import() (web-tree-sitter imports fs/promises that way).
  { entryPoints: ['server/src/main.ts'], outfile: 'dist/main.js', supported: { 'dynamic-import': false } },
  { entryPoints: ['server/src/serverMain.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  // dist/lsp.js (the LSP connection) is run by the small loader dist/server.js through the same
  // code cache, hence the same rule for import().
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/lsp.js', supported: { 'dynamic-import': false } },
];
writeFileSync('dist/cli.js', `#!/usr/bin/env node\n'use strict';\nrequire('./main.js').cli();\n`);
if (existsSync('client/src/extension.ts')) {
  bundles.push({ entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
}
if (existsSync('client/webview/main.ts')) {
  bundles.push({
    entryPoints: ['client/webview/main.ts'],
    outfile: 'dist/webview/main.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  });
}
await Promise.all(bundles.map((b) => build({ ...common, ...b })));
for (const program of ['dist/cli.js', 'dist/server.js']) chmodSync(program, 0o755);
if (existsSync('client/webview/main.css')) {
  mkdirSync('dist/webview', { recursive: true });
  copyFileSync('client/webview/main.css', 'dist/webview/main.css');
}
if (watch) console.log('watch mode is not supported; run npm run build again');
