// buildMachine and computeLayout never throw, whatever the command line says.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { initShellParser, parseShell } from '../../../server/src/analysis/shell/parser';
import { findInvocations } from '../../../server/src/analysis/shell/invocations';
import { parseOptions } from '../../../server/src/analysis/options/parse';
import { buildMachine } from '../../../server/src/analysis/machine/build';
import { computeLayout } from '../../../server/src/analysis/layout/compute';
import { defaultSettings } from '../../../server/src/analysis/types';

before(async () => {
  await initShellParser();
});

const value = fc.constantFrom(
  '0',
  '1',
  '-1',
  '2G',
  '0x100000000',
  '1.5G',
  'x',
  '',
  '$V',
  '99999999999999999999',
  '4096',
  'on',
  'spm',
  'reserved',
  '1T',
  '0x1',
);
const key = fc.constantFrom(
  'size',
  'maxmem',
  'slots',
  'id',
  'memdev',
  'node',
  'addr',
  'slot',
  'nodeid',
  'mem',
  'memmap-type',
  'spm',
  'align',
  'mem-path',
  'label-size',
  'max-ram-below-4g',
  'nvdimm',
  'memory-backend',
  'cpus',
);
const head = fc.constantFrom('-m', '-machine', '-M', '-object', '-numa', '-device', '-cpu', '-global', '-accel');
const first = fc.constantFrom(
  'q35',
  'pc',
  'pc-q35-7.0',
  'memory-backend-ram',
  'memory-backend-file',
  'node',
  'pc-dimm',
  'nvdimm',
  'spm-memory',
  'sp-mem',
  'virtio-mem-pci',
  'qemu64',
  'host',
  'kvm',
  '4G',
);
const option = fc
  .tuple(head, first, fc.array(fc.tuple(key, value), { maxLength: 5 }))
  .map(([h, f, kv]) => `${h} ${f}${kv.map(([k, v]) => `,${k}=${v}`).join('')}`);

test('random command lines: a machine and a map, never an exception', () => {
  fc.assert(
    fc.property(fc.array(option, { maxLength: 12 }), (opts) => {
      const text = 'qemu-system-x86_64 ' + opts.join(' ') + '\n';
      const inv = findInvocations(parseShell(text), text).invocations[0];
      const { machine } = buildMachine(parseOptions(inv, defaultSettings).options, defaultSettings);
      const layout = computeLayout(machine);
      assert.ok(layout.e820.length >= 1);
    }),
    { numRuns: 300 },
  );
});
