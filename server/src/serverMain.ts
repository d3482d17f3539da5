// dist/server.js, `qemu-launch-server`: the start-up loader. It sets the V8 flags, then runs the
// LSP connection bundle (dist/lsp.js, server/src/server.ts) through a V8 code cache, as that
// bundle runs the analysis core (dist/main.js) later: compiling dist/lsp.js was the largest
// share of what the server did before answering initialize (BENCHMARKS.md, round 5). This file
// holds only the flags and codeCache.ts, so it compiles in next to no time itself.
import { join } from 'node:path';
import { codeCacheDir, requireWithCodeCache } from './codeCache';
import type { cacheWithCore } from './server';
import { applyServerV8Flags } from './v8Flags';

// Before the server module allocates anything: see v8Flags.ts.
applyServerV8Flags();
// Beside this file in dist/ (esbuild.mjs); the cache is written with the core's (server.ts).
const lsp = requireWithCodeCache<{ cacheWithCore: typeof cacheWithCore }>(join(__dirname, 'lsp.js'), codeCacheDir());
lsp.exports.cacheWithCore(lsp);
