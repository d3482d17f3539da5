// Workspace trust for qemuLaunch/verify, read at initialize: its own module so the server entry
// (dist/server.js) answers initialize without loading the analysis core.

export const UNTRUSTED_MESSAGE =
  'qemuLaunch/verify refused: the workspace is not trusted. Verify runs QEMU (the qemuLaunch.qemuPath setting), ' +
  'so it runs only where the user trusts the workspace (VS Code: Manage Workspace Trust; other editors: ' +
  'initializationOptions { "trusted": true } or the qemuLaunch/trust notification).';

/** `trusted: true` at the top of initializationOptions: never from the workspace's own settings. */
export function trustedFrom(initializationOptions: unknown): boolean {
  return (
    typeof initializationOptions === 'object' &&
    initializationOptions !== null &&
    (initializationOptions as { trusted?: unknown }).trusted === true
  );
}
