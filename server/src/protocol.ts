// The server's own LSP extensions, typed once here and imported by the server and the client.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { InvocationMapJson } from './analysis/mapJson';

export interface AddressMapParams {
  uri: string;
  position: { line: number; character: number };
}

/** The map of the QEMU invocation at (or nearest to) the position, or null when the document has none. */
export const AddressMapRequest = new RequestType<AddressMapParams, InvocationMapJson | null, void>(
  'qemuLaunch/addressMap',
);

export interface StatusParams {
  uri: string;
  version: number;
  /** Number of QEMU invocations found in the document. */
  invocations: number;
}

/** Sent after each analysis that was published, for the client's status-bar item. */
export const StatusNotification = new NotificationType<StatusParams>('qemuLaunch/status');

/**
 * How a client starts the server process: the V8 flags it runs best with (less resident memory
 * for a small latency cost, measured in BENCHMARKS.md): a 2 MB young generation and an old
 * generation that grows by 20 % over what survived the last full collection. The server sets any
 * a client left out itself (v8Flags.ts), only in part as V8 honours some only on the command line.
 * (`--optimize-for-size`, adopted before, saved no more memory than these and doubled the CPU time
 * of an edit: it also makes the compiler favour small code.)
 *
 * The last two keep tree-sitter's wasm on Liftoff, V8's baseline wasm compiler: with tiering on,
 * the first parse of a large script makes V8 recompile the bash grammar's lexer (one 160 KB wasm
 * function) with TurboFan in the background: ~1.4 s of CPU competing with the first analysis for
 * the second core, and compiler memory (V8's peak 52 MB against 13) that glibc keeps resident. Its
 * TurboFan code parses hardly faster here (BENCHMARKS.md, round 5): RSS after opening the 10,000-line
 * script 154 → 116 MB, an edit's re-parse ~0.7 ms slower.
 */
export const SERVER_V8_FLAGS: readonly string[] = [
  '--max-semi-space-size=2',
  '--heap-growing-percent=20',
  '--no-wasm-dynamic-tiering',
  '--no-wasm-tier-up',
];

export interface VerifyParams {
  /** The document (open in the server). `textDocument.uri` is accepted too. */
  uri: string;
  /** 0-based index of the QEMU command among the document's; absent: see `position`. */
  invocation?: number;
  /** The command at (or nearest to) this position; with neither field, every command. */
  position?: { line: number; character: number };
}

/**
 * Runs the user's QEMU (setting qemuPath) on the sanitised memory part of the command(s) and
 * compares its map with ours: verify's JSON (docs/verify.md). Only in a trusted workspace;
 * cancelling kills QEMU's process group.
 */
export const VerifyRequest = new RequestType<VerifyParams, unknown, void>('qemuLaunch/verify');

/** The client says whether the user trusts the workspace (also `trusted` in initializationOptions). */
export const TrustNotification = new NotificationType<{ trusted: boolean }>('qemuLaunch/trust');
