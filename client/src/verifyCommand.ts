// "QEMU Launch: Verify with QEMU": asks the server (qemuLaunch/verify) to run the user's QEMU on
// the command at the cursor, with a cancellable progress notification, and shows the verdict in
// the address-map panel (a status line, ✓ or QEMU's value on each row). Refused in Restricted
// Mode: it runs a program (the machine-scoped qemuLaunch.qemuPath), which an untrusted
// workspace must not be able to trigger.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { VerifyRequest } from '../../server/src/protocol';
import { targetFor, type AddressMapPanel, type AddressMapPanels, type Target } from './addressMapPanel';
import { isVerifyResultJson, marksFrom } from './verifyMarks';

export const VERIFY_COMMAND = 'qemuLaunch.verify';

export const RESTRICTED_MESSAGE =
  'QEMU Launch: Verify with QEMU runs a program and is disabled in Restricted Mode. Trust this workspace to use it.';

export function registerVerifyCommand(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  panels: () => AddressMapPanels,
): (panel: AddressMapPanel) => void {
  const fromPanel = (panel: AddressMapPanel) => void verify(client, panels(), panel.shown);
  context.subscriptions.push(
    vscode.commands.registerCommand(VERIFY_COMMAND, (uri?: unknown) => {
      const target =
        targetFor(vscode.window.activeTextEditor, uri instanceof vscode.Uri ? uri : undefined) ??
        panels().current()?.shown;
      return verify(client, panels(), target);
    }),
  );
  return fromPanel;
}

async function verify(client: LanguageClient, panels: AddressMapPanels, target: Target | undefined): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(RESTRICTED_MESSAGE);
    return;
  }
  if (!target) {
    void vscode.window.showInformationMessage('QEMU Launch: open a shell script with a qemu-system-x86_64 command.');
    return;
  }
  const panel = panels.open(target);
  await panel.settled();
  const line = panel.mapLine;
  if (line === undefined) return; // the panel says why there is no map
  panel.showVerification({ line, status: 'running', headline: 'verifying with QEMU…', details: [], rows: {} });
  try {
    const result: unknown = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'QEMU Launch: verifying with QEMU…', cancellable: true },
      (_progress, token) =>
        client.sendRequest(
          VerifyRequest,
          {
            uri: target.uri.toString(),
            position: { line: target.position.line, character: target.position.character },
          },
          token,
        ),
    );
    if (!isVerifyResultJson(result)) throw new Error('the language server answered with something else');
    const marks = marksFrom(result, line);
    panel.showVerification(marks);
    if (marks.status === 'failed') void vscode.window.showErrorMessage(`QEMU Launch: ${marks.headline}`);
  } catch (e) {
    panel.showVerification(null);
    const message = e instanceof Error ? e.message : String(e);
    // A cancel the user asked for needs no error box.
    if (!/cancel/i.test(message)) void vscode.window.showErrorMessage(`QEMU Launch: Verify with QEMU: ${message}`);
  }
}
