// Every feature answers well-formed results on hostile documents and positions: ranges inside the
// document, no exception. A fixed seed keeps CI deterministic.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Position, Range } from 'vscode-languageserver-types';
import { completion } from '../../../server/src/features/completion';
import { hover } from '../../../server/src/features/hover';
import { codeActions } from '../../../server/src/features/codeActions';
import {
  definition,
  documentHighlights,
  prepareRename,
  references,
  rename,
} from '../../../server/src/features/navigation';
import { documentSymbols } from '../../../server/src/features/symbols';
import { inlayHints } from '../../../server/src/features/inlayHints';
import { documentDiagnostics } from '../../../server/src/features/diagnostics';
import { addressMap } from '../../../server/src/features/addressMap';
import { analyse, fixture, ready } from './helpers';

before(() => ready);

const PIECES = [
  'qemu-system-x86_64',
  ' ',
  ' \\\n  ',
  '\n',
  '\r\n',
  '-m',
  '-M',
  '-numa',
  '-device',
  '-object',
  '-machine',
  'node',
  'nodeid=',
  'memdev=',
  'memory-backend-ram',
  'pc-dimm',
  'spm-memory',
  'id=',
  'size=',
  'm0',
  '1G',
  '16E',
  ',',
  ',,',
  '=',
  '"',
  "'",
  '$X',
  '${A[@]}',
  'A=(',
  ')',
  '\\',
  '#',
  '🦀',
  '漢字',
  '\u0000',
  '0xffffffffffffffff',
  'maxmem=18446744073709551615',
  'memmap-type=spm',
  'spm=on',
  ';',
  '&&',
  '|',
];

const documents = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((p) => p.join(''));
const positions = fc.record({ line: fc.integer({ min: -1, max: 40 }), character: fc.integer({ min: -1, max: 200 }) });

function inside(text: string, r: Range) {
  const lines = text.split(/\r\n|\r|\n/);
  for (const p of [r.start, r.end]) {
    assert.ok(p.line >= 0 && p.line < lines.length, `line ${p.line} of ${lines.length}`);
    assert.ok(p.character >= 0 && p.character <= lines[p.line].length, `character ${p.character} on line ${p.line}`);
  }
  assert.ok(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character));
}

test('features never throw and every range they return lies inside the document', () => {
  const seeds = [fixture('v8-addr.sh'), fixture('v7-middle.sh'), fixture('two-guests.sh')];
  const docs = fc.oneof(
    documents,
    fc.constantFrom(...seeds),
    fc.tuple(fc.constantFrom(...seeds), documents, fc.nat()).map(([s, d, n]) => {
      const i = n % (s.length + 1);
      return s.slice(0, i) + d + s.slice(i);
    }),
  );
  fc.assert(
    fc.property(docs, positions, (text, pos: Position) => {
      const a = analyse(text);
      const uri = 'file:///f.sh';
      for (const d of documentDiagnostics(a, uri)) inside(text, d.range);
      for (const item of completion(a, pos))
        if (item.textEdit && 'range' in item.textEdit) inside(text, item.textEdit.range);
      const h = hover(a, pos);
      if (h?.range) inside(text, h.range);
      const whole = { start: { line: 0, character: 0 }, end: { line: 1e6, character: 0 } };
      for (const action of codeActions(a, uri, whole))
        for (const e of action.edit!.changes![uri]) inside(text, e.range);
      for (const l of [...definition(a, uri, pos), ...references(a, uri, pos, true)]) inside(text, l.range);
      for (const hl of documentHighlights(a, pos)) inside(text, hl.range);
      const pr = prepareRename(a, pos);
      if (pr) inside(text, pr.range);
      const r = rename(a, uri, pos, 'x1');
      if (r && typeof r === 'object') for (const e of r.changes![uri]) inside(text, e.range);
      for (const s of documentSymbols(a)) {
        inside(text, s.range);
        for (const c of s.children ?? []) inside(text, c.range);
      }
      for (const ih of inlayHints(a, whole)) inside(text, { start: ih.position, end: ih.position });
      addressMap(a, pos);
    }),
    { seed: 20261125, numRuns: 300 },
  );
});
