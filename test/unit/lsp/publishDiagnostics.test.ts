// Publishing diagnostics: after any edit the published list equals a fresh conversion of the
// analysis, reusing (frozen) the objects whose LSP form did not change; the writer's encoder
// turns a publishDiagnostics notification into exactly the bytes of JSON.stringify, whichever
// of its diagnostics it had serialised before.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import type { Message } from 'vscode-languageserver/node';
import { DocumentStore } from '../../../server/src/documents';
import { documentDiagnostics } from '../../../server/src/features/diagnostics';
import { toLspDiagnostic } from '../../../server/src/featureSupport/lspDiagnostic';
import { encodePublish } from '../../../server/src/publishEncoder';
import { defaultSettings } from '../../../server/src/analysis/types';
import { ready } from './helpers';
import { benchScript } from '../benchScript';

before(() => ready);

const URI = 'file:///published.sh';

/**
 * The bench's generated script (related information in its placement errors), behind a comment
 * with characters outside ASCII and BMP (UTF-16 columns), plus a guest whose diagnostics carry
 * tags: a key given twice (unnecessary, with related information) and an unused backend.
 */
async function script(): Promise<string> {
  return (
    '# Gäste für die Prüfung 🚀\n' +
    (await benchScript(300)) +
    'qemu-system-x86_64 -machine q35 -m 4G,slots=2,maxmem=8G -m 4G \\\n' +
    '  -object memory-backend-ram,id=spare,size=1G,size=2G\n'
  );
}

function deepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(deepFrozen);
}

test('after random edits the published diagnostics equal a fresh conversion; unchanged ones are the same frozen objects', async () => {
  let text = await script();
  const store = new DocumentStore((m) => assert.fail(m));
  store.open(URI, 'shellscript', 1, text);
  /** What was published for each analysis diagnostic last time. */
  let before = new Map<object, LspDiagnostic>();
  const publishAndCheck = (): number => {
    const analysis = store.analysis(URI, defaultSettings)!;
    const published = documentDiagnostics(analysis, URI);
    const fresh = analysis.diagnostics.map((d) => toLspDiagnostic(analysis, URI, d));
    assert.deepEqual(published, fresh);
    assert.ok(published.every(deepFrozen));
    // The same analysis diagnostic with the same LSP form: the same object.
    let same = 0;
    analysis.diagnostics.forEach((d, i) => {
      const last = before.get(d);
      if (!last || !isDeepStrictEqual(last, fresh[i])) return assert.notEqual(published[i], last);
      assert.equal(published[i], last);
      same++;
    });
    before = new Map(analysis.diagnostics.map((d, i) => [d, published[i]]));
    return same;
  };
  publishAndCheck();
  const first = [...before.values()];
  assert.ok(first.some((d) => d.relatedInformation?.length) && first.some((d) => d.tags?.length));
  let random = 7;
  const next = (n: number) => (random = (random * 1103515245 + 12345) % 2 ** 31) % n;
  let reused = 0;
  for (let version = 2; version < 42; version++) {
    // Inserts and deletes anywhere, some of them newlines (every later diagnostic moves a line).
    const at = next(text.length);
    const edit = [
      { remove: 0, insert: 'x' },
      { remove: 1, insert: '' },
      { remove: 0, insert: '\n' },
      { remove: 0, insert: 'é' },
    ][next(4)];
    text = text.slice(0, at) + edit.insert + text.slice(at + edit.remove);
    store.change(URI, version, [{ text }]);
    reused += publishAndCheck();
  }
  assert.ok(reused > 0);
  // An edit of the first line (a comment) moves no diagnostic: nearly all are published as before.
  const count = before.size;
  store.change(URI, 99, [{ text: text.replace('\n', ' 🚀\n') }]);
  assert.ok(publishAndCheck() > count / 2);
  store.close(URI);
});

test('a reused diagnostic object whose message, code, severity, tags or related information changed is published afresh', async () => {
  // The analysis sets those fields only when it makes a diagnostic, so edits never change them on
  // an object it keeps; changed here by hand, each must reach the client (isLspDiagnosticOf).
  const store = new DocumentStore((m) => assert.fail(m));
  store.open(URI, 'shellscript', 1, await script());
  const analysis = store.analysis(URI, defaultSettings)!;
  const withRelated = analysis.diagnostics.find((d) => d.related?.length)!;
  const withTags = analysis.diagnostics.find((d) => d.tags?.length)!;
  const changes: [string, () => void][] = [
    ['message', () => (withRelated.message += ' (changed)')],
    ['code', () => (withRelated.code = 'QL-test-001')],
    ['severity', () => (withRelated.severity = withRelated.severity === 'error' ? 'warning' : 'error')],
    ['related message', () => (withRelated.related![0].message += ' (changed)')],
    ['related span', () => (withRelated.related![0].span = { start: 0, end: 1 })],
    ['related dropped', () => (withRelated.related = [])],
    ['tags', () => (withTags.tags = withTags.tags![0] === 'unnecessary' ? ['deprecated'] : ['unnecessary'])],
    ['tags dropped', () => (withTags.tags = undefined)],
  ];
  let last = documentDiagnostics(analysis, URI);
  for (const [what, change] of changes) {
    change();
    const published = documentDiagnostics(analysis, URI);
    assert.deepEqual(
      published,
      analysis.diagnostics.map((d) => toLspDiagnostic(analysis, URI, d)),
      what,
    );
    const i = analysis.diagnostics.indexOf(what.startsWith('tags') ? withTags : withRelated);
    assert.notEqual(published[i], last[i], what);
    last = published;
  }
  store.close(URI);
});

const position = fc.record({ line: fc.nat(100_000), character: fc.nat(500) });
const range = fc.record({ start: position, end: position });
const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
const diagnostic: fc.Arbitrary<LspDiagnostic> = fc.record(
  {
    range,
    severity: fc.constantFrom<1 | 2 | 3 | 4>(1, 2, 3, 4),
    code: fc.oneof(text, fc.integer()),
    source: fc.constant('qemu-launch'),
    message: text,
    relatedInformation: fc.array(fc.record({ location: fc.record({ uri: text, range }), message: text }), {
      maxLength: 2,
    }),
    tags: fc.array(fc.constantFrom<1 | 2>(1, 2), { maxLength: 2 }),
  },
  { requiredKeys: ['range', 'message'] },
);
/** Some diagnostics frozen (their bytes are kept), some not, some listed twice. */
const diagnostics = fc
  .array(fc.tuple(diagnostic, fc.boolean()), { maxLength: 30 })
  .map((list) => list.map(([d, freeze]) => (freeze ? deepFreeze(d) : d)))
  .chain((list) =>
    fc
      .array(fc.nat(Math.max(0, list.length - 1)), { maxLength: list.length ? 5 : 0 })
      .map((again) => [...list, ...again.map((i) => list[i])]),
  );

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function publish(uri: string, version: number | undefined, list: LspDiagnostic[]): Message {
  return {
    jsonrpc: '2.0',
    method: 'textDocument/publishDiagnostics',
    params: { uri, version, diagnostics: list },
  } as Message;
}

test('publishDiagnostics is encoded as exactly the UTF-8 of JSON.stringify, cached pieces or not', () => {
  fc.assert(
    fc.property(text, fc.option(fc.integer(), { nil: undefined }), diagnostics, diagnostics, (uri, version, a, b) => {
      // The second message repeats the first one's diagnostics, whose frozen pieces are kept.
      for (const list of [a, [...b, ...a], a]) {
        const msg = publish(uri, version, list);
        const expected = Buffer.from(JSON.stringify(msg), 'utf-8');
        assert.deepEqual(encodePublish(msg), expected);
        assert.deepEqual(JSON.parse(encodePublish(msg)!.toString('utf-8')), JSON.parse(JSON.stringify(msg)));
      }
    }),
    { numRuns: 300 },
  );
});

test('a diagnostic object that is not frozen is serialised afresh every time', () => {
  const d: LspDiagnostic = {
    range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } },
    message: 'before',
  };
  const frozen = deepFreeze({ ...structuredClone(d), message: 'ünchanged 🚀' });
  assert.deepEqual(
    encodePublish(publish('file:///a', 1, [frozen, d])),
    Buffer.from(JSON.stringify(publish('file:///a', 1, [frozen, d]))),
  );
  d.message = 'after';
  d.range.end.character = 9;
  const msg = publish('file:///a', 2, [frozen, d]);
  assert.equal(encodePublish(msg)!.toString('utf-8'), JSON.stringify(msg));
});

test('every other message, and publishDiagnostics of another shape, is JSON.stringify as the library writes it', () => {
  const d = deepFreeze({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'm' });
  const others: unknown[] = [
    { jsonrpc: '2.0', id: 1, result: { capabilities: {} } },
    { jsonrpc: '2.0', method: 'qemuLaunch/status', params: { uri: 'file:///a', version: 1, invocations: 3 } },
    // diagnostics not the last field written, elements JSON writes as null, not an array
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { diagnostics: [d], uri: 'file:///a' } },
    { jsonrpc: '2.0', params: { uri: 'file:///a', diagnostics: [d] }, method: 'textDocument/publishDiagnostics' },
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a', diagnostics: [d, null] } },
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a', diagnostics: 'x' } },
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: [] },
  ];
  for (const msg of others) assert.equal(encodePublish(msg as Message), undefined);
  // Fields JSON.stringify leaves out do not count as the last one.
  const trailing = { ...publish('file:///a', 1, [d]), extra: undefined };
  assert.deepEqual(encodePublish(trailing as Message), Buffer.from(JSON.stringify(trailing)));
  for (const msg of [...others, trailing, publish('file:///ä', 3, [d, d])]) {
    const bytes = encodePublish(msg as Message) ?? Buffer.from(JSON.stringify(msg), 'utf-8');
    assert.deepEqual(bytes, Buffer.from(JSON.stringify(msg), 'utf-8'));
  }
});
