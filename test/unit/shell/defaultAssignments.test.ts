// defaultAssignmentsIn (shell/invocations.ts) finds `${NAME=` and `${NAME:=` by scanning from
// `${` to `${`: it must find exactly what the pattern it stands for finds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultAssignmentsIn } from '../../../server/src/analysis/shell/invocations';

const PATTERN = /\$\{[A-Za-z_][A-Za-z0-9_]*:?=/g;

function byPattern(text: string): [number, number][] {
  return [...text.matchAll(PATTERN)].map((m) => [m.index, m[0].length]);
}

test('finds what /\\$\\{[A-Za-z_][A-Za-z0-9_]*:?=/g finds, in random texts of the characters that matter', () => {
  const alphabet = ['$', '{', '}', 'A', 'z', '_', '0', '9', ':', '=', '-', ' ', '\n', 'é', '$${'];
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let i = 0; i < 5000; i++) {
    let text = '';
    for (let k = random(40); k > 0; k--) text += alphabet[random(alphabet.length)];
    assert.deepStrictEqual(defaultAssignmentsIn(text), byPattern(text), JSON.stringify(text));
  }
});

test('the forms of a default assignment, and what is not one', () => {
  assert.deepStrictEqual(defaultAssignmentsIn(': ${MEM:=4G} ${CPUS=2}'), [
    [2, 7],
    [13, 7],
  ]);
  for (const text of ['${MEM:-4G}', '${MEM}', '${1:=x}', '$MEM=4G', '${:=x}', '${MEM', '${'])
    assert.deepStrictEqual(defaultAssignmentsIn(text), [], text);
});
