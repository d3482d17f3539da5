import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { documentSymbols } from '../../../server/src/features/symbols';
import { inlayHints } from '../../../server/src/features/inlayHints';
import { documentDiagnostics, MAX_DIAGNOSTICS } from '../../../server/src/features/diagnostics';
import { analyse, fixture, ready } from './helpers';
import type { InlayHint } from 'vscode-languageserver-types';
/** An inlay hint's label or tooltip as plain text (LSP allows parts and Markdown there). */
const labelText = (h: InlayHint): string =>
  typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');

before(() => ready);

test('one symbol per invocation, with machine, nodes, backends and devices as children', () => {
  const symbols = documentSymbols(analyse(fixture('two-guests.sh')));
  assert.equal(symbols.length, 2);
  assert.deepEqual(
    symbols[0].children!.map((c) => c.name),
    ['machine q35', 'm0', 'm1', 'node 0', 'node 1'],
  );
  assert.deepEqual(
    symbols[1].children!.map((c) => c.name),
    ['machine pc', 'm0', 'node 0'],
  );
  for (const s of symbols) {
    for (const c of s.children!) {
      assert.ok(c.range.start.line >= s.range.start.line && c.range.end.line <= s.range.end.line);
    }
  }
  const v8 = documentSymbols(analyse(fixture('v8-addr.sh')))[0];
  const dev = v8.children!.find((c) => c.name === 'spm0');
  assert.ok(dev);
  assert.match(dev.detail!, /spm-memory, memdev hbm, node 1/);
});

// Ranges from the worked SPM examples (test/fixtures/spm/), grouped by four hex digits, inclusive ends.
test('inlay hints: the device range and the SPM/RAM node ranges', () => {
  const text = fixture('v8-addr.sh');
  const a = analyse(text);
  const hints = inlayHints(a, { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } });
  const labels = hints.map((h) => labelText(h));
  assert.ok(labels.includes('⟶ 0x2_0000_0000–0x2_7fff_ffff'), labels.join(' | '));
  const v7 = fixture('v7-middle.sh');
  const v7hints = inlayHints(analyse(v7), { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } }).map(
    (h) => labelText(h),
  );
  assert.ok(v7hints.includes('⟶ 0x1_8000_0000–0x2_7fff_ffff'), v7hints.join(' | '));
  assert.ok(v7hints.includes('⟶ 0x2_8000_0000–0x3_7fff_ffff'), v7hints.join(' | '));
});

test('inlay hints only inside the requested range', () => {
  const text = fixture('v7-middle.sh');
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('memdev=c'));
  const hints = inlayHints(analyse(text), { start: { line, character: 0 }, end: { line, character: 100 } });
  assert.deepEqual(
    hints.map((h) => labelText(h)),
    ['⟶ 0x2_8000_0000–0x3_7fff_ffff'],
  );
  assert.equal(hints[0].position.line, line);
});

test('diagnostics: QEMU-style codes and source; capped at 1,000 per file, errors kept first', () => {
  const text = fixture('v8-addr.sh').replace('memdev=hbm,', 'memdev=nosuch,');
  const list = documentDiagnostics(analyse(text), 'file:///t.sh');
  assert.ok(list.length > 0);
  assert.ok(list.every((d) => d.source === 'qemu-launch' && /^QL-/.test(String(d.code))));
  const many = 'qemu-system-x86_64 -m 1G ' + Array.from({ length: 1500 }, () => '-nosuch').join(' ') + '\n';
  const capped = documentDiagnostics(analyse(many), 'file:///t.sh');
  assert.equal(capped.length, MAX_DIAGNOSTICS);
  assert.ok(capped.every((d) => d.severity === 1));
  for (let i = 1; i < capped.length; i++)
    assert.ok(capped[i - 1].range.start.character <= capped[i].range.start.character);
});
