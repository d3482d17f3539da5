// One esbuild call per bundle (extension, server, cli, webview); type checking is
// `npm run typecheck`. The tree-sitter wasm files are copied next to the bundles,
// where server/src/analysis/shell/parser.ts looks for them.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, existsSync } from 'node:fs';
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
  logLevel: 'warning',
};

mkdirSync('dist', { recursive: true });
copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'), 'dist/tree-sitter.wasm');
copyFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'), 'dist/tree-sitter-bash.wasm');

const bundles = [
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];
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
