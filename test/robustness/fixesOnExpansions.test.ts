// Quick fixes must not overwrite a shell expansion that stands for several keys at once:
// with MEM=4G,slots=2,maxmem=4G, `-m $MEM` holds three properties on the same four characters,
// and "set maxmem" used to replace all of "$MEM" (losing size and slots). Found by the property
// tests over generated scripts; kept here as regressions.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, initShellParser } from '../../server/src/analysis/index';

before(() => initShellParser());

const CASES = [
  'MEM=4G,slots=2,maxmem=4G\nqemu-system-x86_64 -machine q35 -m $MEM\n',
  'MEM=4G,slots=2,maxmem=4G\nqemu-system-x86_64 -machine q35 -m "$MEM"\n',
  'MEM=3200M,maxmem=3200M\nqemu-system-x86_64 -machine q35 -m "$MEM" -object memory-backend-ram,id=ram0,size=3G -numa node,nodeid=0,memdev=ram0,memmap-type=reserved -object memory-backend-ram,id=ram1,size=128M -numa node,nodeid=1,memdev=ram1\n',
  'O=memory-backend-ram,id=d0,size=1G\nqemu-system-x86_64 -machine q35 -m 2G,slots=2,maxmem=4G -object $O -device pc-dimm,memdev=d0,addr=0x100001000\n',
];

for (const [i, text] of CASES.entries()) {
  test(`no fix rewrites a multi-key expansion (case ${i + 1}): ${text.split('\n').slice(0, -2).join('; ')}`, () => {
    const a = analyze(text);
    const refs = [...text.matchAll(/"?\$[A-Z]+"?/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    for (const d of a.diagnostics) {
      for (const f of d.fixes ?? []) {
        for (const e of f.edits) {
          const hit = refs.find((r) => e.span.start < r.end && r.start < e.span.end);
          assert.ok(!hit, `${d.code} "${f.title}" rewrites ${text.slice(hit?.start, hit?.end)}`);
        }
      }
    }
  });
}
