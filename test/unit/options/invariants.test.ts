// Properties that must hold for any input: nothing throws, integer sizes scale exactly, and the
// QemuOpts splitter undoes ',,' escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSize, parseU64 } from '../../../server/src/analysis/options/size';
import { splitQemuOpts } from '../../../server/src/analysis/options/qemuopts';
import { splitKeyval } from '../../../server/src/analysis/options/keyval';
import { splitJson } from '../../../server/src/analysis/options/json';

const SUFFIX: Record<string, bigint> = {
  '': 1n,
  B: 1n,
  K: 1n << 10n,
  M: 1n << 20n,
  G: 1n << 30n,
  T: 1n << 40n,
  P: 1n << 50n,
  E: 1n << 60n,
};

test('n followed by a suffix is n times the unit, or ERANGE past 2^64 - 1', () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 0n, max: 1n << 70n }),
      fc.constantFrom(...Object.keys(SUFFIX)),
      fc.boolean(),
      (n, s, lower) => {
        const text = `${n}${lower ? s.toLowerCase() : s}`;
        const want = n * SUFFIX[s];
        const r = parseSize(text);
        if (want < 1n << 64n) assert.deepEqual(r, { ok: true, value: want });
        // Digits past 2^64 - 1 stop do_strtosz before the suffix is read, so the suffix is then
        // trailing garbage (EINVAL); an in-range number times its unit overflowing is ERANGE.
        else assert.equal(r.ok === false && r.error, n >= 1n << 64n && s !== '' ? 'invalid' : 'range');
      },
    ),
  );
});

test('the parsers never throw', () => {
  const alphabet = fc.constantFrom(...'0123456789abcxXeE.,=-+ {}[]:"\'\\kKmMgGtTpPbB'.split(''));
  const str = fc.array(alphabet, { maxLength: 30 }).map((a) => a.join(''));
  fc.assert(
    fc.property(str, (t) => {
      parseSize(t);
      parseSize(t, 'M');
      parseU64(t);
      for (const s of [splitQemuOpts(t, 'type'), splitKeyval(t, 'type'), splitJson(t)]) {
        for (const p of s.props)
          assert.ok(
            0 <= p.from && p.from <= p.to && p.to <= t.length && p.keyFrom <= p.keyTo && p.valueFrom <= p.valueTo,
          );
      }
    }),
    { numRuns: 2000 },
  );
});

test('QemuOpts: values written with ",," come back with their commas', () => {
  const value = fc.array(fc.constantFrom(...'ab,=1 '.split('')), { maxLength: 8 }).map((a) => a.join(''));
  fc.assert(
    fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), (values) => {
      const text = values.map((v, i) => `k${i}=${v.replace(/,/g, ',,')}`).join(',');
      const { props } = splitQemuOpts(text, 'type');
      assert.deepEqual(
        props.map((p) => p.value),
        values,
      );
      for (const p of props) assert.equal(text.slice(p.valueFrom, p.valueTo).replace(/,,/g, ','), p.value);
    }),
  );
});
