import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem } from 'vscode-languageserver-types';
import { completion } from '../../../server/src/features/completion';
import { analyse, at, fixture, ready } from './helpers';

before(() => ready);

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const sorted = (items: CompletionItem[]) =>
  [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);

function complete(text: string, needle: string, delta?: number, settings = {}) {
  return completion(analyse(text, settings), at(text, needle, delta));
}

test('option names on a new continuation line, with their help', () => {
  const text = 'qemu-system-x86_64 \\\n  -m 4G \\\n  -nu';
  const items = complete(text, '-nu');
  const numa = items.find((i) => i.label === '-numa');
  assert.ok(numa, labels(items).join(' '));
  assert.ok(numa.detail || numa.documentation);
  assert.deepEqual((numa.textEdit as { range: unknown }).range, {
    start: { line: 2, character: 2 },
    end: { line: 2, character: 5 },
  });
});

test('after -object: memory backends first', () => {
  const text = 'qemu-system-x86_64 -m 4G -object ';
  const items = complete(text, '-object ');
  const order = sorted(items);
  assert.ok(order.includes('memory-backend-ram'));
  assert.match(order[0], /^memory-backend-/);
});

test('after -device: memory devices first, the SPM device of the chosen form included', () => {
  const text = 'qemu-system-x86_64 -m 4G -device ';
  const order = sorted(complete(text, '-device ', undefined, { spmForm: 'v8' }));
  const pcDimm = order.indexOf('pc-dimm');
  assert.ok(pcDimm >= 0 && order.includes('spm-memory'));
  assert.ok(!order.includes('sp-mem'), 'upstream form not offered for v8');
  assert.ok(order.indexOf('spm-memory') < order.indexOf('e1000'));
  assert.ok(pcDimm < order.indexOf('e1000'));
});

test('after -device: sp-mem is offered only for QEMU 11.1, the release that merged it (hw/mem/sp-mem.c)', () => {
  const text = 'qemu-system-x86_64 -m 4G -device ';
  assert.ok(labels(complete(text, '-device ', undefined, { qemuVersion: '11.1' })).includes('sp-mem'));
  for (const qemuVersion of ['7.2', '10.0'] as const) {
    const offered = labels(complete(text, '-device ', undefined, { qemuVersion }));
    assert.ok(offered.includes('pc-dimm') && !offered.includes('sp-mem'), qemuVersion);
  }
  // Its properties as merged: memdev, node (uint32, default 0), addr (uint64, default 0).
  const props = 'qemu-system-x86_64 -m 4G,maxmem=8G -device sp-mem,';
  const items = complete(props, 'sp-mem,', undefined, { qemuVersion: '11.1' });
  for (const key of ['memdev', 'node', 'addr'])
    assert.ok(
      items.some((i) => String(i.label).startsWith(key)),
      key,
    );
  assert.ok(!items.some((i) => String(i.label).startsWith('slot')));
});

test('after -numa: the option types; after -machine: machine types', () => {
  assert.deepEqual(labels(complete('qemu-system-x86_64 -numa ', '-numa ')).sort(), [
    'cpu',
    'dist',
    'hmat-cache',
    'hmat-lb',
    'node',
  ]);
  const machines = labels(complete('qemu-system-x86_64 -machine ', '-machine '));
  assert.ok(machines.includes('q35') && machines.includes('pc') && machines.includes('pc-q35-7.2'));
});

test('properties of the type at the cursor, with type and default, without the ones already there', () => {
  const text = 'qemu-system-x86_64 -m 4G,slots=2,maxmem=8G -device pc-dimm,id=d0,';
  const items = complete(text, 'id=d0,');
  const node = items.find((i) => i.label === 'node');
  assert.ok(node, labels(items).join(' '));
  assert.match(String(node.detail), /uint32.*default 0/);
  assert.ok(labels(items).includes('memdev') && labels(items).includes('addr'));
  assert.ok(!labels(items).includes('id'), 'id= is already written');
  assert.equal((node.textEdit as { newText: string }).newText, 'node=');
});

test('values: memmap-type enum (v7), on|off booleans', () => {
  const text = 'qemu-system-x86_64 -numa node,nodeid=0,memmap-type=';
  assert.deepEqual(labels(complete(text, 'memmap-type=', undefined, { spmForm: 'v7' })), ['normal', 'spm', 'reserved']);
  const bool = labels(complete('qemu-system-x86_64 -object memory-backend-ram,id=m,size=1G,prealloc=', 'prealloc='));
  assert.deepEqual(bool.sort(), ['off', 'on']);
});

test('memdev= offers the backends no node or device uses yet', () => {
  const text = [
    'qemu-system-x86_64 -m 3G \\',
    '  -object memory-backend-ram,id=m0,size=1G \\',
    '  -object memory-backend-ram,id=m1,size=1G \\',
    '  -object memory-backend-ram,id=m2,size=1G \\',
    '  -numa node,nodeid=0,memdev=m0 \\',
    '  -numa node,nodeid=1,memdev= \\',
    '  -numa node,nodeid=2,memdev=m2',
  ].join('\n');
  assert.deepEqual(labels(complete(text, 'nodeid=1,memdev=')), ['m1']);
});

test('node=, src=, dst= offer the defined node ids; nodeid= the next free one', () => {
  const text = fixture('two-guests.sh');
  assert.deepEqual(labels(complete(text, 'src=', 4)), ['0', '1']);
  const more = text.replace('-numa dist', '-numa node,nodeid= \\\n    -numa dist');
  assert.deepEqual(labels(complete(more, 'nodeid= ', 7)), ['2']);
  const dev =
    'qemu-system-x86_64 -m 2G,slots=1,maxmem=4G -numa node,nodeid=0 -numa node,nodeid=3 -device pc-dimm,node=';
  assert.deepEqual(labels(complete(dev, 'node=', undefined)).sort(), ['0', '3']);
});

test('sizes after -m and after size=', () => {
  assert.ok(labels(complete('qemu-system-x86_64 -m ', '-m ')).includes('4G'));
  assert.ok(labels(complete('qemu-system-x86_64 -object memory-backend-ram,id=m0,size=', 'size=')).includes('1G'));
});

test('inside double quotes and after a continuation', () => {
  const text =
    'qemu-system-x86_64 \\\n  -m 2G \\\n  -object memory-backend-ram,id=m0,size=2G \\\n  -numa "node,nodeid=0,memdev=';
  assert.deepEqual(labels(complete(text, 'memdev=')), ['m0']);
  const quotedProp = 'qemu-system-x86_64 -device "pc-dimm,mem';
  const items = complete(quotedProp, ',mem');
  assert.ok(labels(items).includes('memdev'));
  // The replaced text is what was typed of the key, inside the quotes.
  assert.deepEqual((items.find((i) => i.label === 'memdev')!.textEdit as { range: unknown }).range, {
    start: { line: 0, character: 36 },
    end: { line: 0, character: 39 },
  });
});

test('outside any QEMU command: nothing', () => {
  assert.deepEqual(complete('ls -l /tmp\n', '-l'), []);
});
