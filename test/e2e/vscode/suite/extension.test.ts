// The extension inside a real VS Code, through the API a user's editor uses: diagnostics,
// completion, hover, quick fix, inlay hints and the address-map panel on the examples.
// Runs in the extension host (see ../runTests.ts); the workspace is a copy of examples/.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import * as facts from '../../facts';

const EXTENSION_ID = 'qemu-launch.qemu-launch';
const WAIT_MS = 45_000;

/** Resolves with probe()'s first defined answer, re-asked on each `event`; rejects after WAIT_MS. */
function when<T>(what: string, event: vscode.Event<unknown>, probe: () => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const first = probe();
    if (first !== undefined) return resolve(first);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`));
    }, WAIT_MS);
    const sub = event(() => {
      const value = probe();
      if (value === undefined) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(value);
    });
  });
}

function diagnosticsWhen(
  uri: vscode.Uri,
  what: string,
  ok: (d: vscode.Diagnostic[]) => boolean,
): Promise<vscode.Diagnostic[]> {
  return when(what, vscode.languages.onDidChangeDiagnostics, () => {
    const d = vscode.languages.getDiagnostics(uri);
    return ok(d) ? d : undefined;
  });
}

async function openExample(name: string): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'VS Code was started without the examples workspace');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, name));
  await vscode.window.showTextDocument(doc);
  assert.equal(doc.languageId, 'shellscript');
  return doc;
}

function at(doc: vscode.TextDocument, needle: string, offset = 0): vscode.Position {
  const p = facts.positionIn(doc.getText(), needle);
  return new vscode.Position(p.line, p.character + offset);
}

const hoverText = (hovers: vscode.Hover[]) =>
  hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
const labelText = (h: vscode.InlayHint) =>
  typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
const isProblem = (d: vscode.Diagnostic) =>
  d.severity === vscode.DiagnosticSeverity.Error || d.severity === vscode.DiagnosticSeverity.Warning;

suite('qemu-launch in VS Code', () => {
  suiteSetup(async () => {
    // Opening a shell script is what activates the extension (onLanguage:shellscript). The broken
    // example, so the accepted ones are still unopened when their test waits for their first report.
    await openExample(facts.BROKEN_EXAMPLE);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    // activate() resolves once the language client has started, i.e. its providers are registered.
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test("diagnostics: QEMU's message, a stable code and the exact range", async () => {
    const doc = await openExample(facts.BROKEN_EXAMPLE);
    const diags = await diagnosticsWhen(doc.uri, 'diagnostics on the broken example', (d) =>
      d.some((x) => x.message.includes(facts.BROKEN_IN_USE)),
    );
    for (const d of diags) {
      const code = typeof d.code === 'object' ? d.code.value : d.code;
      assert.match(String(code), /^QL-/, `diagnostic without a qemu-launch code: ${d.message}`);
    }
    const inUse = diags.find((d) => d.message.includes(facts.BROKEN_IN_USE))!;
    assert.equal(inUse.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(inUse.range.start.line, at(doc, facts.BROKEN_IN_USE_AT).line);
    assert.match(doc.getText(inUse.range), /^(memdev=)?hbm$/);
    const spans = diags.find((d) => facts.BROKEN_SPANS_4G.test(d.message));
    assert.ok(spans, 'no "spans across 4GB boundary" error');
    assert.equal(spans.range.start.line, at(doc, 'memmap-type=spm').line);
  });

  test('every example QEMU accepts checks without errors or warnings', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const names = (await vscode.workspace.fs.readDirectory(folder))
      .map(([name]) => name)
      .filter((n) => n.endsWith('.sh') && !n.startsWith('broken'));
    assert.ok(names.length >= 5, `only ${names.length} examples`);
    for (const name of names) {
      const uri = vscode.Uri.joinPath(folder, name);
      assert.ok(
        !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()),
        `${name} was opened by an earlier test; this one must see its first report`,
      );
      // The server publishes for every document it analyses, an empty list included; wait for
      // that event (subscribed before opening) rather than reading an empty list too early.
      let seen = false;
      const sub = vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === uri.toString())) seen = true;
      });
      try {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
        await when(`diagnostics for ${name}`, vscode.languages.onDidChangeDiagnostics, () => (seen ? true : undefined));
      } finally {
        sub.dispose();
      }
      const problems = vscode.languages.getDiagnostics(uri).filter(isProblem);
      assert.deepEqual(
        problems.map((d) => `${String(typeof d.code === 'object' ? d.code.value : d.code)} ${d.message}`),
        [],
        `${name} got errors or warnings`,
      );
    }
  });

  test('completion after -device offers the memory devices', async () => {
    const doc = await openExample(facts.V8_EXAMPLE);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      at(doc, facts.V8_SPM0),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const device of ['spm-memory', 'pc-dimm'])
      assert.ok(labels.includes(device), `no ${device} in ${labels.slice(0, 30).join(', ')}`);
  });

  test('hover on an SPM device shows where real QEMU puts it', async () => {
    const doc = await openExample(facts.V8_EXAMPLE);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      at(doc, facts.V8_SPM0, 2),
    );
    const text = hoverText(hovers);
    for (const part of [facts.V8_SPM0_RANGE, facts.V8_SPM0_SIZE, facts.V8_SPM0_NODE, facts.SOFT_RESERVED]) {
      assert.ok(text.includes(part), `hover lacks "${part}":\n${text}`);
    }
  });

  test('inlay hint after the SPM device gives its guest range', async () => {
    const doc = await openExample(facts.V8_EXAMPLE);
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
      'vscode.executeInlayHintProvider',
      doc.uri,
      whole,
    );
    const line = at(doc, facts.V8_SPM0).line;
    const onSpm0 = hints.filter((h) => h.position.line === line).map(labelText);
    assert.equal(onSpm0.length, 1, `expected one hint on spm0's line, got ${JSON.stringify(onSpm0)}`);
    assert.ok(
      facts.ungroupHex(onSpm0[0]).includes(`0x${facts.V8_SPM0_START.toString(16)}`),
      `hint "${onSpm0[0]}" lacks spm0's start`,
    );
  });

  test('quick fix: applying the maxmem fix leaves a script QEMU accepts', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'shellscript', content: facts.FIXABLE_SCRIPT });
    await vscode.window.showTextDocument(doc);
    const diags = await diagnosticsWhen(doc.uri, 'the missing-maxmem error', (d) =>
      d.some((x) => facts.FIXABLE_MESSAGE.test(x.message)),
    );
    const target = diags.find((x) => facts.FIXABLE_MESSAGE.test(x.message))!;
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      target.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find(
      (a): a is vscode.CodeAction => 'edit' in a && !!a.edit && facts.FIXABLE_FIX_TITLE.test(a.title),
    );
    assert.ok(fix, `no maxmem fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(await vscode.workspace.applyEdit(fix.edit!), true);
    assert.notEqual(doc.getText(), facts.FIXABLE_SCRIPT, 'the fix did not change the text');
    await diagnosticsWhen(doc.uri, 'no errors or warnings after the fix', (d) => !d.some(isProblem));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('Show Address Map opens the address-map webview', async () => {
    await openExample(facts.V8_EXAMPLE);
    const webviewTabs = () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
    const before = webviewTabs().length;
    await vscode.commands.executeCommand('qemuLaunch.showAddressMap');
    const tabs = await when('a webview tab', vscode.window.tabGroups.onDidChangeTabs, () =>
      webviewTabs().length > before ? webviewTabs() : undefined,
    );
    assert.ok(
      tabs.some((t) => /address map/i.test(t.label)),
      `webview tabs: ${tabs.map((t) => t.label).join(', ')}`,
    );
  });
});
