// dist/main.js: the CLI and the language server's analysis side share the analysis core and the
// QEMU schema, so the published package carries them once. dist/cli.js is a two-line stub
// (written by esbuild.mjs) calling cli(); dist/server.js is its own small bundle (the LSP
// connection, server/src/serverMain.ts) that loads serverCore() from here after initialize.
// Each module runs when it is first required.
import type * as ServerCore from './serverCore';

export function cli(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: only the chosen program's module runs
  require('./cli');
}

export function serverCore(): typeof ServerCore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: the CLI never runs the server's modules
  return require('./serverCore') as typeof ServerCore;
}
