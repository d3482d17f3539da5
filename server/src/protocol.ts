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
