// The parser: loads once, parses bash, and re-parses incrementally to the same tree a full
// parse gives (offsets are UTF-16 units, so emoji and CJK are where the edit checks matter).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { initShellParser, parseShell, reparse } from '../../../server/src/analysis/shell/parser';
import type { TextEdit } from '../../../server/src/analysis/shell/parser';
import './helpers';

function apply(text: string, edits: TextEdit[]): string {
  for (const e of edits) text = text.slice(0, e.start) + e.newText + text.slice(e.oldEnd);
  return text;
}

/** The tree as text, positions included, so "equal trees" means equal ranges too. */
function shape(text: string, edits: TextEdit[]): { incremental: string; full: string } {
  const old = parseShell(text);
  const next = apply(text, edits);
  const inc = reparse(old, text, next, edits);
  const full = parseShell(next);
  const dump = (t: typeof full): string => {
    const out: string[] = [];
    const c = t.walk();
    const visit = (): void => {
      out.push(`${c.nodeType}@${c.startIndex}-${c.endIndex}:${c.startPosition.row}.${c.startPosition.column}`);
      if (c.gotoFirstChild()) {
        do visit();
        while (c.gotoNextSibling());
        c.gotoParent();
      }
    };
    visit();
    c.delete();
    return out.join(' ');
  };
  const result = { incremental: dump(inc), full: dump(full) };
  old.delete();
  inc.delete();
  full.delete();
  return result;
}

describe('shell parser', () => {
  it('initialises idempotently, also when called concurrently', async () => {
    await Promise.all([initShellParser(), initShellParser()]);
    await initShellParser();
    const t = parseShell('qemu-system-x86_64 -m 1\n');
    assert.equal(t.rootNode.type, 'program');
    assert.equal(t.rootNode.firstChild?.type, 'command');
    t.delete();
  });

  it('node offsets are UTF-16 code units of the JS string', () => {
    const text = 'A=😀虚; qemu-system-x86_64 -m 1\n';
    const t = parseShell(text);
    const cmd = t.rootNode.namedChildren.find((n) => n?.type === 'command');
    assert.equal(cmd?.startIndex, text.indexOf('qemu'));
    t.delete();
  });

  const base = 'MEM=4G\n# 虚拟机 😀\nqemu-system-x86_64 \\\n  -m "$MEM" \\\n  -name "vm😀" -smp 2\necho done\n';
  const cases: [string, TextEdit[]][] = [
    ['an insertion', [{ start: base.indexOf('-smp'), oldEnd: base.indexOf('-smp'), newText: '-S ' }]],
    ['a deletion across lines', [{ start: base.indexOf('# '), oldEnd: base.indexOf('qemu'), newText: '' }]],
    [
      'a replacement after emoji',
      [{ start: base.indexOf('vm😀') + 2, oldEnd: base.indexOf('vm😀') + 4, newText: '虚拟\n' }],
    ],
    [
      'several edits in sequence',
      [
        { start: 0, oldEnd: 3, newText: 'MEMORY' },
        { start: 5, oldEnd: 5, newText: '\n\n' },
        { start: 20, oldEnd: 25, newText: '"' },
      ],
    ],
    ['an edit that opens a quote', [{ start: base.indexOf('-smp'), oldEnd: base.indexOf('-smp'), newText: '"' }]],
    ['CRLF inserted', [{ start: base.indexOf('\n'), oldEnd: base.indexOf('\n') + 1, newText: '\r\n' }]],
  ];
  for (const [what, edits] of cases) {
    it(`incremental parse equals a full parse: ${what}`, () => {
      const { incremental, full } = shape(base, edits);
      assert.equal(incremental, full);
    });
  }

  it('incremental parse equals a full parse for random edits (property)', () => {
    const alphabet = fc.constantFrom(
      'a',
      ' ',
      '\n',
      '"',
      "'",
      '\\',
      '$',
      '{',
      '}',
      '(',
      ')',
      '😀',
      '虚',
      '-m',
      '#',
      ';',
      '\r\n',
      '<<EOF\n',
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat(),
            fc.nat(8),
            fc.array(alphabet, { maxLength: 4 }).map((a) => a.join('')),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        (raw) => {
          let text = base;
          const edits: TextEdit[] = [];
          for (const [s, len, ins] of raw) {
            // Never split a surrogate pair: editors do not either.
            let start = s % (text.length + 1);
            if (start > 0 && /[\udc00-\udfff]/.test(text[start] ?? '')) start--;
            let end = Math.min(text.length, start + len);
            if (end > 0 && /[\udc00-\udfff]/.test(text[end] ?? '')) end++;
            const e = { start, oldEnd: end, newText: ins };
            edits.push(e);
            text = apply(text, [e]);
          }
          const { incremental, full } = shape(base, edits);
          assert.equal(incremental, full);
        },
      ),
      { seed: 4242, numRuns: 150 },
    );
  });

  it('inconsistent edits fall back to a full parse; the old tree is left as it was', () => {
    const old = parseShell(base);
    const before = old.rootNode.toString();
    const next = 'qemu-system-x86_64 -m 1\n';
    const t = reparse(old, base, next, [{ start: 0, oldEnd: 1, newText: 'x' }]);
    assert.equal(t.rootNode.toString(), parseShell(next).rootNode.toString());
    const t2 = reparse(old, base, next, [{ start: 5, oldEnd: 2, newText: '' }]);
    assert.equal(t2.rootNode.endIndex, next.length);
    assert.equal(old.rootNode.toString(), before);
    assert.equal(old.rootNode.endIndex, base.length);
    old.delete();
    t.delete();
    t2.delete();
  });
});
