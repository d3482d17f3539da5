// No input breaks the shell front end: it never throws, and every range it reports lies inside
// the document in order (issue 9). Random scripts from a bash-heavy alphabet, random Unicode,
// and the classic troublemakers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Span, Word } from '../../../server/src/analysis/types';
import { wordSpan } from '../../../server/src/analysis/shell/wordSpan';
import { shell } from './helpers';

function checkSpan(s: Span, len: number, what: string): void {
  assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end), `${what}: integer offsets`);
  assert.ok(0 <= s.start && s.start <= s.end && s.end <= len, `${what}: ${s.start}-${s.end} outside 0-${len}`);
}

function checkWord(w: Word, len: number): void {
  checkSpan(w.span, len, 'word');
  if (w.unknown) checkSpan(w.unknown.span, len, 'unknown');
  let at = 0;
  for (const seg of w.segments) {
    assert.ok(seg.from === at && seg.to > seg.from && seg.to <= w.text.length, 'segments tile the text');
    checkSpan(seg.src, len, 'segment');
    at = seg.to;
  }
  assert.equal(at, w.text.length, 'segments cover the text');
  checkSpan(wordSpan(w, 0, w.text.length), len, 'wordSpan');
  checkSpan(wordSpan(w, w.text.length >> 1, w.text.length), len, 'wordSpan half');
}

/** Runs the front end and checks every range it returns. */
function checkAll(text: string): void {
  const r = shell(text);
  for (const inv of r.invocations) {
    checkSpan(inv.span, text.length, 'invocation');
    checkWord(inv.program, text.length);
    for (const a of inv.args) checkWord(a, text.length);
  }
  for (const d of r.diagnostics) {
    checkSpan(d.span, text.length, 'diagnostic');
    assert.equal(d.code, 'QL-shell-001');
  }
}

const TOKENS = [
  'qemu-system-x86_64',
  ' ',
  ' ',
  '\n',
  '\r\n',
  '\\\n',
  '\\',
  '"',
  "'",
  '$',
  '${',
  '}',
  '(',
  ')',
  '[@]',
  '[*]',
  '$(',
  '`',
  '=',
  '+=',
  ':-',
  ':=',
  '#',
  ';',
  '&&',
  '|',
  '<<EOF\n',
  'EOF\n',
  '-m',
  '4G',
  'A',
  'args',
  'sudo',
  'exec',
  'numactl',
  '-N',
  '0',
  'local ',
  'for ',
  'do ',
  'done',
  'if ',
  'fi',
  'f() {',
  '}',
  '*',
  '~',
  '{a,b}',
  '😀',
  '虚',
  '\u0000',
  "$'",
  '\\x41',
  '$((',
  '))',
];

describe('robustness', () => {
  it('never throws and keeps every range in the document (bash-like token soup)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), (tokens) => checkAll(tokens.join(''))),
      { seed: 20261125, numRuns: 400 },
    );
  });

  it('never throws on arbitrary Unicode, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => checkAll(`qemu-system-x86_64 ${s}`)),
      { seed: 7, numRuns: 200 },
    );
  });

  it('never throws on random bytes read as text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => checkAll(Buffer.from(bytes).toString('latin1'))),
      { seed: 11, numRuns: 200 },
    );
  });

  for (const [what, text] of [
    ['NUL bytes', 'qemu-system-x86_64 -m\u00001G -name a\u0000b\n'],
    ['an unterminated double quote', 'qemu-system-x86_64 -name "vm -m 1G\n'],
    ['an unterminated single quote', "qemu-system-x86_64 -name 'vm -m 1G\n"],
    ['an unterminated $( and ${', 'qemu-system-x86_64 -smp $(nproc -m ${MEM\n'],
    ['a backslash at EOF', 'qemu-system-x86_64 -m 1G \\'],
    ['a lone backslash', '\\'],
    ['only CR', 'qemu-system-x86_64 -m 1G\r-smp 2\r'],
    ['mixed CRLF and LF with continuations', 'A=1\r\nqemu-system-x86_64 \\\r\n -m $A \\\n -smp 2\r\n'],
    ['an unterminated heredoc', 'qemu-system-x86_64 -m 1 <<EOF\nqemu-system-x86_64\n'],
    ['an empty document', ''],
    ['deep nesting', `${'$('.repeat(2000)}qemu-system-x86_64${')'.repeat(2000)}`],
    ['deep subshells', `${'('.repeat(3000)}qemu-system-x86_64 -m 1${')'.repeat(3000)}`],
  ] as const) {
    it(`survives ${what}`, () => checkAll(text));
  }

  it('still finds the invocation in a script with CRLF endings and emoji', () => {
    const text = 'N="😀"\r\nqemu-system-x86_64 \\\r\n  -name "$N" \\\r\n  -m 1G\r\n';
    const r = shell(text);
    assert.equal(r.invocations.length, 1);
    assert.deepEqual(
      r.invocations[0].args.map((w) => w.text),
      ['-name', '😀', '-m', '1G'],
    );
  });
});
