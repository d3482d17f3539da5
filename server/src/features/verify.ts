// qemuLaunch/verify: run the user's QEMU on the command(s) of an open document and answer with
// verify's JSON. The one request that executes a program: refused unless the client said the
// workspace is trusted, and only ever run on this explicit request (never on open or edit).
import type { CancellationToken } from 'vscode-languageserver';
import type { Analysis } from '../analysis/index';
import { nearestInvocation } from '../featureSupport/convert';
import type { ServerSettings } from '../settings';
import type { VerifyParams } from '../protocol';
import { verifyText } from '../verify/index';
import { verifyJson } from '../verify/format';

/**
 * verify's JSON, or why there is none. The server entry turns a refusal into the JSON-RPC error
 * (its own ResponseError: this module is in the analysis bundle, which has no JSON-RPC copy).
 */
export type VerifyOutcome = { json: unknown } | { refused: 'invalidParams' | 'cancelled'; message: string };

/** Which commands the params name: their indexes, or an error message. */
function selected(analysis: Analysis, params: VerifyParams): number[] | string {
  const count = analysis.invocations.length;
  if (params.invocation !== undefined) {
    const i = params.invocation;
    if (!Number.isSafeInteger(i) || i < 0 || i >= count)
      return `qemuLaunch/verify: no QEMU command ${String(i)} (the document has ${count})`;
    return [i];
  }
  if (params.position !== undefined) {
    const p = params.position;
    if (!p || !Number.isSafeInteger(p.line) || !Number.isSafeInteger(p.character))
      return 'qemuLaunch/verify: position must be { line, character }';
    const inv = nearestInvocation(analysis, analysis.lines.offsetAt(p));
    return inv ? [analysis.invocations.indexOf(inv)] : [];
  }
  return analysis.invocations.map((_inv, i) => i);
}

export async function verifyDocument(
  uri: string,
  text: string,
  analysis: Analysis,
  settings: ServerSettings,
  params: VerifyParams,
  token: CancellationToken,
): Promise<VerifyOutcome> {
  const only = selected(analysis, params);
  if (typeof only === 'string') return { refused: 'invalidParams', message: only };
  const abort = new AbortController();
  const listener = token.onCancellationRequested(() => abort.abort());
  try {
    const result = await verifyText(
      text,
      settings,
      { qemu: settings.qemuPath, timeoutMs: settings.verify.timeoutSeconds * 1000, signal: abort.signal },
      // The model follows the QEMU that runs; a different qemuVersion setting is named in one line.
      { mode: 'follow', setting: 'qemuLaunch.qemuVersion', configured: settings.qemuVersion },
      only,
    );
    if (token.isCancellationRequested)
      return { refused: 'cancelled', message: 'qemuLaunch/verify cancelled (QEMU killed)' };
    return { json: verifyJson({ file: uri, ...result }) };
  } finally {
    listener.dispose();
  }
}
