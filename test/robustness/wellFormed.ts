// What every Analysis must look like whatever the input: spans inside the document, messages
// without the traces of inexact arithmetic (NaN, Infinity, undefined, floats, numbers past 2^64),
// layout numbers that fit QEMU's 64-bit types.
import assert from 'node:assert/strict';
import type { Analysis } from '../../server/src/analysis/index';
import type { Span } from '../../server/src/analysis/types';

const TWO64 = 1n << 64n;

export function assertSpan(span: Span, length: number, what: string): void {
  assert.ok(
    Number.isInteger(span.start) && Number.isInteger(span.end),
    `${what}: integer offsets ${JSON.stringify(span)}`,
  );
  assert.ok(
    0 <= span.start && span.start <= span.end && span.end <= length,
    `${what}: ${span.start}-${span.end} outside 0-${length}`,
  );
}

/** A message QEMU could print: no JS artefacts, every number a 64-bit unsigned one. */
export function assertMessage(message: string, what: string): void {
  assert.equal(typeof message, 'string', what);
  assert.ok(!/\bNaN\b|\bInfinity\b|\bundefined\b|\[object |\d\.\d+e[+-]\d/.test(message), `${what}: ${message}`);
  // What the user wrote comes back quoted ('16E', 'maxmem=...'); only computed numbers must fit.
  const computed = message.replace(/'[^'\n]*'/g, "''");
  for (const m of computed.matchAll(/0x([0-9a-fA-F]+)/g)) {
    assert.ok(BigInt('0x' + m[1]) < TWO64, `${what}: ${m[0]} does not fit in 64 bits: ${message}`);
  }
  for (const m of computed.matchAll(/(?<![\w.])-?\d{17,}(?![\w.])/g)) {
    assert.ok(!m[0].startsWith('-') && BigInt(m[0]) < TWO64, `${what}: ${m[0]} does not fit in 64 bits: ${message}`);
  }
}

/** Every diagnostic, related location and fix edit lies inside the text; messages are clean. */
export function assertWellFormed(a: Analysis): void {
  const n = a.text.length;
  for (const d of a.diagnostics) {
    assertSpan(d.span, n, `${d.code} span`);
    assertMessage(d.message, d.code);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(d.severity), d.code);
    assert.match(d.code, /^QL-[a-z]+-\d{3}$/);
    for (const r of d.related ?? []) {
      assertSpan(r.span, n, `${d.code} related`);
      assertMessage(r.message, `${d.code} related`);
    }
    for (const f of d.fixes ?? []) {
      assert.ok(f.title.length > 0, `${d.code} fix title`);
      for (const e of f.edits) {
        assertSpan(e.span, n, `${d.code} fix edit`);
        assert.equal(typeof e.newText, 'string');
      }
      // LSP rejects overlapping edits in one change.
      const edits = [...f.edits].sort((x, y) => x.span.start - y.span.start || x.span.end - y.span.end);
      for (let i = 1; i < edits.length; i++)
        assert.ok(edits[i - 1].span.end <= edits[i].span.start, `${d.code} "${f.title}": overlapping edits`);
    }
  }
  for (const inv of a.invocations) {
    assertSpan(inv.invocation.span, n, 'invocation');
    for (const o of inv.options) assertSpan(o.span, n, `option ${o.name}`);
    const l = inv.layout;
    for (const p of l.problems) assertMessage(p.message, p.code);
    const nums: [string, bigint][] = [
      ['below4g', l.below4g],
      ['above4gStart', l.above4gStart],
      ...l.memoryDevices.flatMap((d): [string, bigint][] => [
        [`${d.id} start`, d.start],
        [`${d.id} length`, d.length],
      ]),
      ...l.srat.flatMap((e): [string, bigint][] => [
        ['srat start', e.start],
        ['srat length', e.length],
      ]),
    ];
    // QEMU exits on an error before it builds the tables; only a map it would build must fit.
    if (inv.diagnostics.some((d) => d.severity === 'error')) continue;
    for (const [what, v] of nums) assert.ok(typeof v === 'bigint' && v >= 0n && v < TWO64, `${what} = ${v}`);
  }
}
