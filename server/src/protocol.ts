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
 * for a small latency cost, measured in BENCHMARKS.md). The server sets any a client left out
 * itself (v8Flags.ts), only in part as V8 honours some only on the command line.
 */
export const SERVER_V8_FLAGS: readonly string[] = ['--optimize-for-size', '--max-semi-space-size=1'];
