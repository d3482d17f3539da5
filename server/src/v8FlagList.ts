// The V8 flag list alone, imported by the server's start-up loader (serverMain.ts, through
// v8Flags.ts) and by the client through protocol.ts; no imports, so the loader stays small.
/**
 * How a client starts the server process: the V8 flags it runs best with (measured in
 * BENCHMARKS.md): a 4 MB young generation and an old
 * generation that grows by 20 % over what survived the last full collection. (Round 7 doubled the
 * young generation from 2 MB: edits then cost ~20 % less CPU, and the 5–10 MB more it keeps resident
 * are about what the smaller thread pool of serverExecArgv saves.) The server sets any
 * a client left out itself (v8Flags.ts), only in part as V8 honours some only on the command line.
 * (`--optimize-for-size`, adopted before, saved no more memory than these and doubled the CPU time
 * of an edit: it also makes the compiler favour small code.)
 *
 * `--no-wasm-dynamic-tiering --no-wasm-tier-up` keep tree-sitter's wasm on Liftoff, V8's baseline
 * wasm compiler: with tiering on, the first parse of a large script makes V8 recompile the bash
 * grammar's lexer (one 160 KB wasm function) with TurboFan in the background: ~1.4 s of CPU competing with the first analysis for
 * the second core, and compiler memory (V8's peak 52 MB against 13) that glibc keeps resident. Its
 * TurboFan code parses hardly faster here (BENCHMARKS.md, round 5): RSS after opening the 10,000-line
 * script 154 → 116 MB, an edit's re-parse ~0.7 ms slower.
 *
 * `--no-wasm-lazy-compilation`: V8 compiles every function of the two wasm modules with Liftoff on
 * its background threads when the module is compiled, which the server starts right after
 * answering initialize (grammarPrefetch.ts), so it overlaps loading the bundles. Compiled lazily,
 * the functions the first parse calls were compiled on the main thread during that parse, inside
 * didOpen → first diagnostics (BENCHMARKS.md, round 6).
 *
 * `--initial-old-space-size=32`: the old generation's first limit. Without it V8 starts marking
 * the old generation at ~10 MB, in the middle of the first analysis of a large script (which
 * promotes ~25 MB): marking steps on the main thread and concurrent marking on the pool's
 * threads (one on a 2-core machine), where TurboFan is compiling the analysis's hot functions.
 * With it, didOpen → first diagnostics of the 10,000-line script took 16 ms less at the median of
 * 15 alternating starts (7 at the best) and RSS after 1,000 edits was the same (BENCHMARKS.md,
 * round 9): the full collections after the first analysis came at the same heap sizes with and
 * without it (30–36 MB, `--trace-gc`). V8 reads it only when the process starts: the server cannot
 * set it for itself (v8Flags.ts tries; it changes nothing), so only a client's command line gives it.
 */
export const SERVER_V8_FLAGS: readonly string[] = [
  '--max-semi-space-size=4',
  '--heap-growing-percent=20',
  '--initial-old-space-size=32',
  '--no-wasm-dynamic-tiering',
  '--no-wasm-tier-up',
  '--no-wasm-lazy-compilation',
];

/**
 * Threads in Node's V8 platform pool for the server: one core fewer than the machine has, at
 * most Node's default of 4, at least 1. The pool runs V8's background work (TurboFan compiles,
 * parallel scavenges, the grammar's wasm compile); more threads than free cores only take the
 * core the analysis runs on, and each thread's malloc arena adds resident memory (BENCHMARKS.md,
 * round 7). A Node option, not a V8 flag: only a client's command line can set it. (Measured with
 * Node; whether Electron, which desktop VS Code runs the server with, honours it is not.)
 */
export function serverPoolSize(cores: number): number {
  return Math.min(4, Math.max(1, cores - 1));
}

/** The command line a client starts the server with, on a machine with `cores` cores. */
export function serverExecArgv(cores: number): string[] {
  return [...SERVER_V8_FLAGS, `--v8-pool-size=${serverPoolSize(cores)}`];
}
