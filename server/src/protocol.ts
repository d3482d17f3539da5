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

// How a client starts the server process (v8FlagList.ts: a module of its own, with no imports,
// so the server's start-up loader carries no protocol code).
export { serverExecArgv } from './v8FlagList';

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
