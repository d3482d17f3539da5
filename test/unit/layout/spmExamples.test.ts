// Every worked SPM example (QEMU 7.2 with the v7/v8 patches ported, read back by
// the oracle), rebuilt by hand as a Machine and laid out. Expected tables: test/fixtures/spm/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeLayout } from '../../../server/src/analysis/layout/compute';
import { handMachine, G, M } from './handMachine';
import type { HandSpec } from './handMachine';
import { devicesJson, e820Json, sratJson } from './tables';
import { before } from 'node:test';
import { readdirSync } from 'node:fs';
import { analyze, initShellParser } from '../../../server/src/analysis/index';
import { defaultSettings } from '../../../server/src/analysis/types';

const dir = join(__dirname, '../../fixtures/spm');
const load = (name: string) => JSON.parse(readFileSync(join(dir, name + '.json'), 'utf8'));

const ram = (id: string, size: bigint, alignment?: bigint) => ({ id, size, alignment });

const examples: Record<string, HandSpec> = {
  'v7-spm-node-entirely-above-4-gib': {
    ram: 6n * G,
    backends: [ram('m0', 2n * G), ram('m1', 4n * G)],
    nodes: [
      { nodeid: 0, memdev: 'm0' },
      { nodeid: 1, memdev: 'm1', memmapType: 'spm' },
    ],
  },
  'v7-reserved-node-below-4-gib-on-pc-split-ram-entry-no-srat': {
    family: 'pc',
    ram: 4n * G,
    backends: [ram('a', G), ram('b', G), ram('c', 2n * G)],
    nodes: [
      { nodeid: 0, memdev: 'a' },
      { nodeid: 1, memdev: 'b', memmapType: 'reserved' },
      { nodeid: 2, memdev: 'c' },
    ],
  },
  'v7-spm-node-below-4-gib-e820-left-out-of-address-order': {
    ram: 2n * G,
    backends: [ram('a', G), ram('b', G)],
    nodes: [
      { nodeid: 0, memdev: 'a' },
      { nodeid: 1, memdev: 'b', memmapType: 'spm' },
    ],
  },
  'v7-spm-node-in-the-middle-of-above-4g-ram-lead-and-tail-part': {
    ram: 12n * G,
    backends: [ram('a', 4n * G), ram('b', 4n * G), ram('c', 4n * G)],
    nodes: [
      { nodeid: 0, memdev: 'a' },
      { nodeid: 1, memdev: 'b', memmapType: 'spm' },
      { nodeid: 2, memdev: 'c' },
    ],
  },
  'v8-explicit-addr-leaves-a-leading-gap': {
    ram: 4n * G,
    slots: 2n,
    maxmem: 12n * G,
    backends: [ram('m0', 4n * G), ram('hbm', 2n * G)],
    nodes: [{ nodeid: 0, memdev: 'm0' }, { nodeid: 1 }],
    devices: [{ driver: 'spm-memory', id: 'spm0', memdev: 'hbm', node: 1, addr: 0x200000000n }],
  },
  'v8-pc-machine-pc-dimm-between-two-spm-devices': {
    family: 'pc',
    ram: 4n * G,
    slots: 4n,
    maxmem: 24n * G,
    backends: [ram('m0', 4n * G), ram('h0', 4n * G), ram('d0', 2n * G), ram('h1', 2n * G)],
    nodes: [{ nodeid: 0, memdev: 'm0' }, { nodeid: 1 }, { nodeid: 2 }, { nodeid: 3 }],
    devices: [
      { driver: 'spm-memory', id: 'spm0', memdev: 'h0', node: 2 },
      { driver: 'pc-dimm', id: 'dimm0', memdev: 'd0', node: 1 },
      { driver: 'spm-memory', id: 'spm1', memdev: 'h1', node: 3 },
    ],
  },
  'v8-1-gib-backend-alignment-pushes-the-spm-device-up': {
    ram: 3n * G,
    slots: 2n,
    maxmem: 16n * G,
    backends: [ram('m0', 3n * G), ram('d0', 512n * M), ram('hbm', 2n * G, G)],
    nodes: [{ nodeid: 0, memdev: 'm0' }, { nodeid: 1 }, { nodeid: 2 }],
    devices: [
      { driver: 'pc-dimm', id: 'dimm0', memdev: 'd0', node: 1 },
      { driver: 'spm-memory', id: 'spm0', memdev: 'hbm', node: 2 },
    ],
  },
  'v8-rejects-memory-backend-address-hint-misaligned': {
    ram: 4n * G,
    slots: 2n,
    maxmem: 12n * G,
    backends: [ram('m0', 4n * G), ram('hbm', 2n * G)],
    nodes: [{ nodeid: 0, memdev: 'm0' }, { nodeid: 1 }],
    devices: [{ driver: 'spm-memory', id: 'spm0', memdev: 'hbm', node: 1, addr: 0x180100000n }],
  },
};

for (const [name, spec] of Object.entries(examples)) {
  test(`spm-examples: ${name}`, () => {
    const expected = load(name);
    const layout = computeLayout(handMachine(spec));
    if (expected.error) {
      // QEMU prints "<option>: <message>"; the layout carries the message.
      const message = expected.error.slice(expected.error.lastIndexOf(': ') + 2);
      assert.deepEqual(
        layout.problems.map((p) => p.message),
        [message],
      );
      return;
    }
    assert.deepEqual(layout.problems, []);
    assert.deepEqual(e820Json(layout), expected.e820);
    assert.deepEqual(sratJson(layout), expected.srat);
    assert.deepEqual(devicesJson(layout), expected.memoryDevices ?? []);
  });
}

test('spm-examples: the v8 SPM-only-node refusal is not a layout problem (the checks own it)', () => {
  const spec: HandSpec = {
    ram: 4n * G,
    slots: 2n,
    maxmem: 12n * G,
    backends: [ram('m0', 4n * G), ram('h0', 2n * G), ram('h1', 2n * G)],
    nodes: [{ nodeid: 0, memdev: 'm0' }, { nodeid: 1 }],
    devices: [
      { driver: 'spm-memory', id: 'spm0', memdev: 'h0', node: 1 },
      { driver: 'spm-memory', id: 'spm1', memdev: 'h1', node: 1 },
    ],
  };
  assert.ok(load('v8-rejects-two-spm-devices-on-one-node').error.includes('SPM nodes must be SPM-only'));
  const layout = computeLayout(handMachine(spec));
  assert.deepEqual(layout.problems, []);
  // Placed as upstream sp-mem (v9 dropped the rule) would place them: tight, from the base.
  assert.deepEqual(
    devicesJson(layout).map((d) => d.start),
    ['0x180000000', '0x200000000'],
  );
});

// The same examples as shell scripts through analyze(): buildMachine must read every SPM form.

before(async () => {
  await initShellParser();
});

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const name = file.replace(/\.json$/, '');
  test(`spm-examples through analyze(): ${name}`, () => {
    const expected = load(name);
    const script = 'qemu-system-x86_64 ' + expected.args.join(' ') + '\n';
    const inv = analyze(script, defaultSettings).invocations[0];
    assert.equal(inv.machine.incomplete, false);
    const layout = inv.layout;
    if (expected.error) {
      if (expected.error.includes('SPM-only')) return; // the checks' rule, not the layout's
      const message = expected.error.slice(expected.error.lastIndexOf(': ') + 2);
      assert.deepEqual(
        layout.problems.map((p) => p.message),
        [message],
      );
      return;
    }
    assert.deepEqual(layout.problems, []);
    assert.deepEqual(e820Json(layout), expected.e820);
    assert.deepEqual(sratJson(layout), expected.srat);
    assert.deepEqual(devicesJson(layout), expected.memoryDevices ?? []);
  });
}
