// The address-map panel's extension side against a recording fake of the `vscode` API: what it
// registers, the webview it creates (CSP, resource roots), how it follows the cursor and edits
// (debounced, newest answer only, nothing re-posted when the map did not change), and what it
// does with each message the webview may post — valid or not.
import { after, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { current, restoreModuleLoader } from './vscodeStub';
import { registerAddressMapPanel as register } from '../../client/src/addressMapPanel';
import { fakeVscode, document, editor, Uri, Position, Selection, FakePanel } from './fakeVscode';
import { fixture } from './harness';
import type { InvocationMapJson } from '../../client/webview/protocol';

after(() => restoreModuleLoader());
const registerAddressMapPanel = register as unknown as (context: unknown, client: unknown) => void;
let fake = current.fake;

const EXT = Uri.file('/ext');
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

interface Setup {
  panel(): FakePanel;
  requests: {
    method: string;
    params: { uri: string; position: { line: number; character: number }; textDocument: { uri: string } };
  }[];
  answer: (params: { position: { line: number } }) => unknown;
  run(): Promise<void>;
  subscriptions: { dispose(): unknown }[];
}

const mapA = fixture('spm-v8-pc-dimm-between').map;
const mapB = fixture('spm-v7-middle').map;
const doc = document('/work/launch.sh', 40);

function setup(): Setup {
  fake = current.fake = fakeVscode();
  const subscriptions: { dispose(): unknown }[] = [];
  const s: Setup = {
    panel: () => fake.rec.panels.at(-1)!,
    requests: [],
    // Lines 0–19 are in invocation A, the rest in B.
    answer: (p) => (p.position.line < 20 ? mapA : mapB),
    run: async () => {
      await fake.rec.commands.get('qemuLaunch.showAddressMap')!();
      mock.timers.tick(1000);
      await settle();
    },
    subscriptions,
  };
  const client = {
    sendRequest: async (method: string, params: Setup['requests'][number]['params']) => {
      s.requests.push({ method, params });
      return s.answer(params);
    },
  };
  fake.api.workspace.textDocuments.push(doc);
  const e = editor(doc, 5);
  fake.api.window.activeTextEditor = e;
  fake.api.window.visibleTextEditors.push(e);
  registerAddressMapPanel({ extensionUri: EXT, subscriptions }, client);
  return s;
}

function moveCursor(line: number): void {
  const e = fake.api.window.activeTextEditor!;
  const at = new Position(line, 0);
  e.selection = new Selection(at, at);
  fake.selection.fire({ textEditor: e, selections: [e.selection] });
}

const updates = (p: FakePanel) =>
  p.posted.filter((m) => (m as { command: string }).command === 'update') as { map: InvocationMapJson }[];

describe('address-map panel (extension side)', () => {
  beforeEach(() => {
    mock.timers.reset();
    mock.timers.enable({ apis: ['setTimeout'] });
  });

  it('registers the command and a serializer for its view type', () => {
    setup();
    assert.ok(fake.rec.commands.has('qemuLaunch.showAddressMap'));
    assert.ok(fake.rec.serializers.has('qemuLaunch.addressMap'));
  });

  it('opens a locked-down webview beside the editor and draws the invocation at the cursor', async () => {
    const s = setup();
    await s.run();
    const p = s.panel();
    assert.equal(p.viewType, 'qemuLaunch.addressMap');
    assert.deepEqual(p.showOptions, { viewColumn: fake.api.ViewColumn.Beside, preserveFocus: true });
    assert.equal(p.webview.options.enableScripts, true);
    assert.deepEqual((p.webview.options.localResourceRoots as Uri[]).map(String), ['file:///ext/dist/webview']);
    const csp = /content="([^"]*)"/.exec(p.webview.html)![1];
    const nonce = /'nonce-([A-Za-z0-9]+)'/.exec(csp)![1];
    assert.equal(
      csp,
      `default-src 'none'; style-src ${p.webview.cspSource}; script-src 'nonce-${nonce}'; img-src ${p.webview.cspSource} data:`,
    );
    assert.ok(
      p.webview.html.includes(
        `<script nonce="${nonce}" src="https:///fake.vscode-cdn.net/ext/dist/webview/main.js"></script>`,
      ),
    );
    assert.equal(p.title, 'Address Map: launch.sh');

    assert.equal(s.requests.length, 1);
    assert.equal(s.requests[0].method, 'qemuLaunch/addressMap');
    assert.deepEqual(s.requests[0].params.position, { line: 5, character: 0 });
    assert.equal(s.requests[0].params.uri, 'file:///work/launch.sh');
    assert.deepEqual(p.posted, [
      {
        command: 'update',
        source: { uri: 'file:///work/launch.sh', label: 'launch.sh', position: { line: 5, character: 0 } },
        map: mapA,
      },
    ]);
  });

  it('follows the cursor (debounced) and posts only when the map changes', async () => {
    const s = setup();
    await s.run();
    const p = s.panel();
    for (const line of [6, 7, 8, 9]) moveCursor(line);
    mock.timers.tick(1000);
    await settle();
    assert.equal(s.requests.length, 2, 'four moves in a burst: one request');
    assert.deepEqual(s.requests[1].params.position, { line: 9, character: 0 });
    // Same invocation, same map: nothing to redraw.
    assert.equal(updates(p).length, 1);
    moveCursor(25);
    mock.timers.tick(1000);
    await settle();
    assert.deepEqual(updates(p).at(-1)!.map, mapB, 'the other invocation');
    const before = p.posted.length;
    // An edit that leaves the map as it was posts nothing either.
    fake.changeDocument.fire({ document: doc, contentChanges: [{}] });
    mock.timers.tick(1000);
    await settle();
    assert.equal(s.requests.length, 4);
    assert.equal(p.posted.length, before);
  });

  it('redraws after an edit with the newest answer only', async () => {
    const s = setup();
    await s.run();
    const p = s.panel();
    const edited = structuredClone(mapA);
    edited.memoryDevices[0].start = '0x180000000';
    // The first request answers late and stale; the second one is the truth.
    let release!: () => void;
    const late = new Promise<void>((r) => (release = r));
    let n = 0;
    s.answer = () => (n++ === 0 ? late.then(() => mapB) : edited);
    fake.changeDocument.fire({ document: doc, contentChanges: [{}] });
    mock.timers.tick(1000);
    await settle();
    fake.changeDocument.fire({ document: doc, contentChanges: [{}] });
    mock.timers.tick(1000);
    await settle();
    release();
    await settle();
    assert.deepEqual(updates(p).at(-1)!.map, edited);
    assert.ok(
      !updates(p).some((u) => u.map === mapB || JSON.stringify(u.map) === JSON.stringify(mapB)),
      'the stale answer is dropped',
    );
    // Edits in other documents are not ours.
    const before = s.requests.length;
    fake.changeDocument.fire({ document: document('/work/other.sh', 3), contentChanges: [{}] });
    mock.timers.tick(1000);
    await settle();
    assert.equal(s.requests.length, before);
  });

  it('says so when there is no invocation, the answer is malformed, or the request fails', async () => {
    const s = setup();
    s.answer = () => null;
    await s.run();
    const p = s.panel();
    assert.deepEqual(p.posted.at(-1), {
      command: 'empty',
      source: { uri: 'file:///work/launch.sh', label: 'launch.sh', position: { line: 5, character: 0 } },
      message: 'No qemu-system-x86_64 command in launch.sh.',
    });
    s.answer = () => ({ ...mapA, e820: 'oops' });
    moveCursor(6);
    mock.timers.tick(1000);
    await settle();
    assert.match((p.posted.at(-1) as { message: string }).message, /cannot read/);
    s.answer = () => Promise.reject(new Error('server gone'));
    moveCursor(7);
    const asked = s.requests.length;
    mock.timers.tick(1000);
    await settle();
    assert.doesNotMatch(
      (p.posted.at(-1) as { message: string }).message,
      /server gone/,
      'a failure is retried once first',
    );
    mock.timers.tick(1000);
    await settle();
    assert.equal(s.requests.length, asked + 2);
    assert.match((p.posted.at(-1) as { message: string }).message, /server gone/);
    // A request that fails once and then answers shows the map.
    let calls = 0;
    s.answer = () => (calls++ === 0 ? Promise.reject(new Error('not open yet')) : mapB);
    moveCursor(8);
    mock.timers.tick(1000);
    await settle();
    mock.timers.tick(1000);
    await settle();
    assert.deepEqual(updates(p).at(-1)!.map, mapB);
  });

  it('reveals a line the webview asks for, and ignores anything malformed', async () => {
    const s = setup();
    await s.run();
    const p = s.panel();
    const e = fake.api.window.activeTextEditor!;
    for (const bad of [
      { command: 'reveal', line: 0 },
      { command: 'reveal', line: 41 },
      { command: 'reveal', line: '3' },
      { command: 'run', cmd: 'rm -rf /' },
      'reveal',
      null,
    ]) {
      p.received.fire(bad);
    }
    await settle();
    assert.deepEqual(e.revealed, []);
    assert.equal(e.selection.active.line, 5);
    p.received.fire({ command: 'reveal', line: 12 });
    await settle();
    assert.equal(e.selection.active.line, 11, '1-based line 12 is 0-based 11');
    assert.equal(e.selection.active.character, 2, 'at the first non-blank');
    assert.equal(e.revealed.length, 1);
    assert.equal((e.revealed[0] as { start: Position }).start.line, 11);
    assert.deepEqual(fake.rec.errors, []);
  });

  it('re-sends the last map when the webview (re)loads', async () => {
    const s = setup();
    await s.run();
    const p = s.panel();
    const n = p.posted.length;
    p.received.fire({ command: 'ready' });
    await settle();
    assert.equal(p.posted.length, n + 1);
    assert.deepEqual(p.posted.at(-1), p.posted.at(-2));
  });

  it('saves exports where the user says and copies tables to the clipboard', async () => {
    const s = setup();
    await s.run();
    const p = s.panel();
    fake.rec.saveAnswer = Uri.file('/work/out.svg');
    p.received.fire({ command: 'export', format: 'svg', content: '<svg/>' });
    await settle();
    assert.deepEqual(
      fake.rec.written.map((w) => [String(w.uri), w.text]),
      [['file:///work/out.svg', '<svg/>']],
    );
    assert.equal(
      String((fake.rec.saveDialogs[0] as { defaultUri: Uri }).defaultUri),
      'file:///work/launch-address-map.svg',
    );
    fake.rec.saveAnswer = undefined;
    p.received.fire({ command: 'export', format: 'markdown', content: '| x |' });
    await settle();
    assert.equal(fake.rec.written.length, 1, 'cancelled dialog: nothing written');
    p.received.fire({ command: 'export', format: 'exe', content: 'MZ' });
    p.received.fire({ command: 'copy', text: '| E820 start |' });
    await settle();
    assert.deepEqual(fake.rec.clipboard, ['| E820 start |']);
    assert.equal(fake.rec.saveDialogs.length, 2);
  });

  it('comes back after a reload from the webview state, and falls back to the active editor', async () => {
    const s = setup();
    const restored = new FakePanel('qemuLaunch.addressMap', 'Address Map', {}, {});
    const state = {
      source: { uri: 'file:///work/launch.sh', label: 'launch.sh', position: { line: 30, character: 4 } },
      zoom: 2,
    };
    await fake.rec.serializers.get('qemuLaunch.addressMap')!.deserializeWebviewPanel(restored, state);
    mock.timers.tick(1000);
    await settle();
    assert.ok(restored.webview.html.includes("default-src 'none'"));
    assert.deepEqual((restored.webview.options.localResourceRoots as Uri[]).map(String), ['file:///ext/dist/webview']);
    assert.deepEqual(s.requests.at(-1)!.params.position, { line: 30, character: 4 });
    assert.deepEqual(updates(restored).at(-1)!.map, mapB);

    const other = new FakePanel('qemuLaunch.addressMap', 'Address Map', {}, {});
    await fake.rec.serializers.get('qemuLaunch.addressMap')!.deserializeWebviewPanel(other, { source: { uri: 42 } });
    mock.timers.tick(1000);
    await settle();
    assert.deepEqual(
      s.requests.at(-1)!.params.position,
      { line: 5, character: 0 },
      'bad state: the active editor’s cursor',
    );
    assert.equal(restored.isDisposed, true, 'one panel at a time');
  });

  it('stops following once the panel is closed', async () => {
    const s = setup();
    await s.run();
    s.panel().dispose();
    const n = s.requests.length;
    moveCursor(30);
    fake.changeDocument.fire({ document: doc, contentChanges: [{}] });
    mock.timers.tick(1000);
    await settle();
    assert.equal(s.requests.length, n);
    // The command opens a fresh panel afterwards.
    await s.run();
    assert.equal(fake.rec.panels.length, 2);
  });

  it('ignores cursor moves in other languages and keeps the last map', async () => {
    const s = setup();
    await s.run();
    const md = editor(document('/work/README.md', 10, 'markdown'), 3);
    fake.selection.fire({ textEditor: md, selections: [md.selection] });
    fake.activeEditor.fire(md);
    mock.timers.tick(1000);
    await settle();
    assert.equal(s.requests.length, 1);
  });
});
