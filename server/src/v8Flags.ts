// The V8 flags the language server runs with (issue 14, BENCHMARKS.md "V8 flags"): a small young
// generation and a tightly grown old one. A long-lived server that re-analyses on every keystroke
// makes mostly short-lived garbage; with the default 16 MB semi-spaces that garbage alone kept
// ~30 MB more resident on a 10,000-line script, and V8's default heap growing let the old
// generation (with the large strings each edit makes) double before collecting it. And wasm on
// Liftoff only: tiering tree-sitter's grammar up to TurboFan cost more memory and CPU than it
// saved (v8FlagList.ts).
// The VS Code client passes them on the command line (client/src/extension.ts); a server started
// without them (`qemu-launch-server`, another editor's plain `node dist/server.js`) sets them as
// early as it can (serverMain.ts), which V8 honours only in part: the command line is better.
import { setFlagsFromString } from 'node:v8';
import { SERVER_V8_FLAGS } from './v8FlagList';

export { SERVER_V8_FLAGS };

/**
 * The adopted flags the command line does not set either way (`--x`, `--x=…`, `--no-x`; for an
 * adopted `--no-x`, `--x` too).
 */
export function missingV8Flags(execArgv: readonly string[]): string[] {
  return SERVER_V8_FLAGS.filter((flag) => {
    const name = flag.split('=')[0].replace(/^--no-/, '--');
    const negated = `--no-${name.slice(2)}`;
    return !execArgv.some((a) => a === name || a === negated || a.startsWith(`${name}=`));
  });
}

/** Sets the flags the command line did not give (before the server allocates much). */
export function applyServerV8Flags(execArgv: readonly string[] = process.execArgv): void {
  for (const flag of missingV8Flags(execArgv)) setFlagsFromString(flag);
}
