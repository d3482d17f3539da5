// A document's first analysis skips the cache (documents.ts): the first diagnostics do not wait
// for what only edits need (hashes, text windows, the command memo's copies of every word). Its
// results go into the cache afterwards, by prime() once they are published or by the next
// analysis, and edits reuse them as if the cache had made them. Counted here (no timing); every
// analysis is what a fresh one of the same text gives.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initShellParser } from '../../../server/src/analysis/index';
import { DocumentStore } from '../../../server/src/documents';
import { defaultSettings } from '../../../server/src/analysis/types';
import { assertSameAsFresh } from './sameAsFresh';
import { benchScript } from '../benchScript';

const URI = 'file:///first.sh';
let script = '';

before(async () => {
  await initShellParser();
  script = await benchScript(300);
});

/** Opens the script and makes its first analysis; the store fails the test on any logged error. */
function opened(): { store: DocumentStore; commands: number } {
  const store = new DocumentStore((m) => assert.fail(m));
  store.open(URI, 'shellscript', 1, script);
  const first = store.analysis(URI, defaultSettings)!;
  const state = store.get(URI)!;
  assert.equal(state.unadopted, first, 'the first analysis waits to be adopted');
  assert.deepEqual(state.cache.stats, { fresh: 0, patched: 0, reused: 0 }, 'the cache was not used');
  assert.equal(state.cache.commands.stats.expanded, 0, 'the command memo was not filled');
  assert.ok(first.invocations.length >= 5, 'the script has several commands');
  return { store, commands: first.invocations.length };
}

/** Changes one size digit inside the middle command (text of one command only). */
function editMiddle(store: DocumentStore, version: number): void {
  const text = store.get(URI)!.document.getText();
  const at = text.indexOf('size=', Math.floor(text.length / 2)) + 'size='.length;
  const lines = store.get(URI)!.document.lines;
  const from = lines.positionAt(at);
  const to = lines.positionAt(at + 1);
  const digit = text[at] === '7' ? '8' : '7';
  store.change(URI, version, [{ range: { start: from, end: to }, text: digit }]);
}

test('prime() fills the cache from the first analysis, which stays the answer, and the first edit replays the rest', () => {
  const { store, commands } = opened();
  const first = store.analysis(URI, defaultSettings)!;
  assert.equal(store.prime(URI, defaultSettings), true);
  const state = store.get(URI)!;
  const primed = store.analysis(URI, defaultSettings)!;
  assert.equal(state.unadopted, undefined);
  assert.equal(state.cache.stats.reused, commands, 'every command reused, none analysed again');
  assert.ok(state.cache.commands.stats.expanded > 0, 'the command memo is filled');
  primed.invocations.forEach((r, i) => assert.equal(r, first.invocations[i], `command ${i} is the same result`));
  assert.deepEqual(primed.diagnostics, first.diagnostics);
  assert.equal(store.prime(URI, defaultSettings), false, 'nothing left to prime');

  editMiddle(store, 2);
  const edited = store.analysis(URI, defaultSettings)!;
  const { stats } = state.cache;
  assert.equal(stats.fresh + stats.patched, 1, 'only the edited command is analysed');
  assert.equal(stats.reused, commands - 1);
  assert.equal(state.cache.commands.stats.expanded, 1, 'only the edited command is expanded again');
  assertSameAsFresh(edited, true);
  store.close(URI);
});

test('an edit before prime() adopts the first analysis itself: it reuses every untouched command', () => {
  const { store, commands } = opened();
  editMiddle(store, 2);
  assert.equal(store.prime(URI, defaultSettings), false, 'the first analysis is no longer the current one');
  const edited = store.analysis(URI, defaultSettings)!;
  const state = store.get(URI)!;
  assert.equal(state.unadopted, undefined);
  assert.equal(state.cache.stats.fresh + state.cache.stats.patched, 1);
  assert.equal(state.cache.stats.reused, commands - 1);
  assertSameAsFresh(edited, true);
  store.close(URI);
});

test('other settings before prime(): nothing is primed, and the next analysis is fresh and right', () => {
  const { store, commands } = opened();
  const v8 = { ...defaultSettings, spmForm: 'v8' as const };
  assert.equal(store.prime(URI, v8), false, 'the first analysis was made with other settings');
  const other = store.analysis(URI, v8)!;
  assert.equal(store.get(URI)!.cache.stats.fresh, commands, 'results of other settings are not reused');
  assertSameAsFresh(other);
  store.close(URI);
});

test('if giving the cache the first analysis fails, the next analysis is made in full, and right', () => {
  const logged: string[] = [];
  const store = new DocumentStore((m) => logged.push(m));
  store.open(URI, 'shellscript', 1, script);
  const commands = store.analysis(URI, defaultSettings)!.invocations.length;
  const state = store.get(URI)!;
  state.cache.adopt = () => {
    throw new Error('adopt failed');
  };
  editMiddle(store, 2);
  const edited = store.analysis(URI, defaultSettings)!;
  assert.equal(state.cache.stats.fresh, commands, 'nothing reused: the cache started empty');
  assert.match(logged.join('\n'), /reusing the first analysis of file:\/\/\/first\.sh failed.*adopt failed/);
  assertSameAsFresh(edited, true);
  // And the document goes on: the next edit reuses what this analysis made.
  editMiddle(store, 3);
  store.analysis(URI, defaultSettings);
  assert.equal(state.cache.stats.reused, commands - 1);
  store.close(URI);
});
