// The one bundle behind both programs: `qemu-launch` (cli.ts) and `qemu-launch-server`
// (server.ts) share the analysis core and the QEMU schema, so the published package carries
// them once (dist/main.js) instead of twice. dist/cli.js and dist/server.js are two-line stubs
// (written by esbuild.mjs) that call one of these; each module runs when it is first required.
import { applyServerV8Flags } from './v8Flags';

export function cli(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: only the chosen program's module runs
  require('./cli');
}

export function server(): void {
  // Before the server module allocates anything: see v8Flags.ts.
  applyServerV8Flags();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: only the chosen program's module runs
  require('./server');
}
