// No rule may throw (run.ts would then silently drop that family's findings): random command
// lines assembled from the pieces the rules look at, including broken and unresolved values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checks } from '../../../server/src/analysis/checks/run';
import { contextFor } from './harness';

const value = fc.constantFrom(
  '0',
  '1',
  '2',
  '5',
  '128',
  '1G',
  '2G',
  '3M',
  '0x100000000',
  '0x1001',
  'x',
  '',
  '$V',
  '0-3',
  'on',
  'off',
  'spm',
  'reserved',
  'm0',
  'm1',
  'nosuch',
);
const key = fc.constantFrom(
  'id',
  'size',
  'memdev',
  'node',
  'nodeid',
  'addr',
  'slot',
  'slots',
  'maxmem',
  'cpus',
  'mem',
  'memmap-type',
  'spm',
  'src',
  'dst',
  'val',
  'node-id',
  'initiator',
  'prealloc',
  'reserve',
  'host-nodes',
  'policy',
  'align',
  'label-size',
  'level',
  'target',
  'data-type',
  'latency',
  'bandwidth',
  'hugetlb',
  'hugetlbsize',
  'rom',
  'memory-backend',
  'hmat',
  'nvdimm',
  'acpi',
  'max-ram-below-4g',
);
const head = fc.constantFrom(
  '-m 2G',
  '-machine q35',
  '-object memory-backend-ram',
  '-object memory-backend-file',
  '-object memory-backend-memfd',
  '-numa node',
  '-numa dist',
  '-numa cpu',
  '-numa hmat-lb',
  '-numa hmat-cache',
  '-device pc-dimm',
  '-device nvdimm',
  '-device spm-memory',
  '-device sp-mem',
  '-device virtio-mem-pci',
  '-smp 2',
  '-incoming tcp:0:1',
  '-mem-path /x',
);
const option = fc
  .tuple(head, fc.array(fc.tuple(key, value), { maxLength: 5 }))
  .map(([h, kv]) => (kv.length ? `${h},${kv.map(([k, v]) => `${k}=${v}`).join(',')}` : h).replace(/ ,/, ' x,'));
const line = fc.array(option, { minLength: 1, maxLength: 10 }).map((os) => `qemu-system-x86_64 ${os.join(' ')}`);

test('no rule throws on arbitrary option soups', () => {
  fc.assert(
    fc.property(line, fc.constantFrom('auto', 'v4', 'v7', 'v8', 'upstream', 'none' as const), (text, spmForm) => {
      const ctx = contextFor(text, { spmForm });
      for (const check of checks) {
        const out = check(ctx);
        for (const d of out) {
          assert.ok(d.span.start >= 0 && d.span.end <= text.length && d.span.start <= d.span.end, `${d.code} span`);
          for (const f of d.fixes ?? [])
            for (const e of f.edits) assert.ok(e.span.start >= 0 && e.span.end <= text.length, `${d.code} fix span`);
        }
      }
    }),
    { numRuns: 400, seed: 20261125 },
  );
});
