// Exact arithmetic near 2^64: sizes, addresses, slots and ids at and past the edge of QEMU's
// integer types get QEMU's own range errors (recorded from QEMU 7.2 by record-near-2-64.py),
// and no message ever shows a wrapped, floating or NaN number.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { analyze, initShellParser } from '../../server/src/analysis/index';
import { assertWellFormed } from './wellFormed';

before(() => initShellParser());

interface Case {
  args: string;
  qemu: string;
  notCodes: string[];
}
const { cases } = JSON.parse(readFileSync('test/fixtures/regressions/near-2-64.json', 'utf8')) as { cases: Case[] };

for (const c of cases) {
  test(`QEMU's words for ${c.args}`, () => {
    const a = analyze(`qemu-system-x86_64 ${c.args}\n`);
    assertWellFormed(a);
    const errors = a.diagnostics.filter((d) => d.severity === 'error');
    const messages = errors.map((d) => d.message.split('\n')[0]);
    assert.ok(messages.includes(c.qemu), `want "${c.qemu}", got ${JSON.stringify(messages)}`);
    for (const code of c.notCodes)
      assert.ok(!errors.some((d) => d.code === code), `QEMU exits before ${code}: ${JSON.stringify(messages)}`);
  });
}

// Numbers at the edges of uint16/int32/uint32/uint64 and past them, in every numeric position.
const EDGES = [
  '0',
  '1',
  '65535',
  '65536',
  '2147483647',
  '2147483648',
  '4294967295',
  '4294967296',
  '9223372036854775807',
  '9223372036854775808',
  '18446744073709551615',
  '18446744073709551616',
  '36893488147419103232',
  '0xffffffffffffffff',
  '0x10000000000000000',
  '0xfffffffffffff000',
  '16E',
  '15E',
  '16383P',
  '16384P',
  '17179869183G',
  '17592186044415',
  '17592186044416',
  '1.5E',
  '15.9999999999999999999E',
  '0.5',
  '-1',
  '1e3',
  '9'.repeat(40),
];
const TEMPLATES = [
  '-m $',
  '-m 1G,maxmem=$,slots=2',
  '-m 1G,slots=$,maxmem=4G',
  '-machine q35,max-ram-below-4g=$ -m 8G',
  '-m 2G,slots=2,maxmem=8G -object memory-backend-ram,id=d,size=$ -device pc-dimm,memdev=d',
  '-m 2G,slots=2,maxmem=8G -object memory-backend-ram,id=d,size=1G -device pc-dimm,memdev=d,addr=$',
  '-m 2G,slots=2,maxmem=8G -object memory-backend-ram,id=d,size=1G -device pc-dimm,memdev=d,slot=$',
  '-m 2G,slots=2,maxmem=8G -object memory-backend-ram,id=d,size=1G -numa node -device pc-dimm,memdev=d,node=$',
  '-m 2G,maxmem=8G -object memory-backend-ram,id=s,size=1G -numa node -numa node -device spm-memory,memdev=s,node=1,addr=$',
  '-m 2G -object memory-backend-ram,id=m0,size=$ -numa node,nodeid=0,memdev=m0',
  '-m 2G -numa node,nodeid=$',
  '-M pc-i440fx-5.0 -m 2G -numa node,mem=$',
  '-m 2G -numa node -numa node -numa dist,src=0,dst=1,val=$',
  '-smp $',
  '-m 2G -object {"qom-type":"memory-backend-ram","id":"j","size":$}',
  '-m 2G,maxmem=4G -object memory-backend-ram,id=v,size=1G -device virtio-mem-pci,memdev=v,requested-size=$',
  '-m 2G -cpu qemu64,phys-bits=$',
  // uint16 lists: a range past 2^53 once looped forever (c++ stops changing c) and V8 aborted.
  '-m 2G -smp 4 -numa node,cpus=$',
  '-m 2G -smp 4 -numa node,cpus=0-$',
  '-m 2G -object memory-backend-ram,id=h,size=2G,policy=bind,host-nodes=$ -machine memory-backend=h',
  // CPU-slot walks: a huge maxcpus once hung them.
  '-m 2G -smp 1,maxcpus=$ -numa node,cpus=0',
  '-m 2G -smp sockets=$,cores=2 -numa node -numa cpu,node-id=0,socket-id=0',
];

test('numbers at and past the integer edges: messages stay exact', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...TEMPLATES),
      fc.constantFrom(...EDGES),
      fc.constantFrom('', 'k', 'M', 'G', 'E'),
      (template, n, suffix) => {
        const value = /^[0-9]+$/.test(n) ? n + suffix : n;
        assertWellFormed(analyze(`qemu-system-x86_64 ${template.replace('$', value)}\n`));
      },
    ),
    { seed: 264, numRuns: 1500, includeErrorInReport: true },
  );
});
