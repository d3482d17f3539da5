// Every feature answers well-formed results on hostile documents and positions: ranges inside the
// document, no exception — checked in process with the fuzz campaign's pieces and response checks
// (test/robustness/campaign.ts). A fixed seed keeps CI deterministic.
import { test, before } from 'node:test';
import fc from 'fast-check';
import type { Position } from 'vscode-languageserver-types';
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
import { checkRangeInside, checkResponse, SCRIPT_PIECES, URI } from '../../robustness/campaign';

before(() => ready);

const documents = fc.array(fc.constantFrom(...SCRIPT_PIECES), { maxLength: 60 }).map((p) => p.join(''));
const positions = fc.record({ line: fc.integer({ min: -1, max: 40 }), character: fc.integer({ min: -1, max: 200 }) });

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
    fc.property(docs, positions, (text, position: Position) => {
      // The same checks the fuzz campaign applies to the server process's answers.
      const a = analyse(text);
      const at = { position };
      const whole = { start: { line: 0, character: 0 }, end: { line: 1e6, character: 0 } };
      for (const d of documentDiagnostics(a, URI)) checkRangeInside(text, d.range, `diagnostic ${d.code}`);
      checkResponse('textDocument/completion', completion(a, position), text, at);
      checkResponse('textDocument/hover', hover(a, position), text, at);
      checkResponse('textDocument/codeAction', codeActions(a, URI, whole), text);
      checkResponse('textDocument/definition', definition(a, URI, position), text, at);
      checkResponse('textDocument/references', references(a, URI, position, true), text, at);
      checkResponse('textDocument/documentHighlight', documentHighlights(a, position), text, at);
      checkResponse('textDocument/prepareRename', prepareRename(a, position), text, at);
      checkResponse('textDocument/rename', rename(a, URI, position, 'x1'), text, at);
      checkResponse('textDocument/documentSymbol', documentSymbols(a), text);
      checkResponse('textDocument/inlayHint', inlayHints(a, whole), text);
      checkResponse('qemuLaunch/addressMap', addressMap(a, position), text, at);
    }),
    { seed: 20261125, numRuns: 300 },
  );
});
