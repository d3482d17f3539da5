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
};

mkdirSync('dist', { recursive: true });
copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'), 'dist/tree-sitter.wasm');
copyFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'), 'dist/tree-sitter-bash.wasm');

// cli.ts and server.ts in one bundle (server/src/main.ts says why); the two programs are stubs.
const bundles = [{ entryPoints: ['server/src/main.ts'], outfile: 'dist/main.js' }];
for (const [program, run] of [
  ['cli', 'cli'],
  ['server', 'server'],
]) {
  const stub = `dist/${program}.js`;
  writeFileSync(stub, `#!/usr/bin/env node\n'use strict';\nrequire('./main.js').${run}();\n`);
  chmodSync(stub, 0o755);
}
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
if (existsSync('client/webview/main.css')) {
  mkdirSync('dist/webview', { recursive: true });
  copyFileSync('client/webview/main.css', 'dist/webview/main.css');
}
if (watch) console.log('watch mode is not supported; run npm run build again');
