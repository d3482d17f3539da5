// The -device table follows the qemuVersion setting: 7.2 is the generated schema, 10.0 and 11.1 apply
// schema/qemu-10.0-delta.json (tools/gen-schema-delta.mjs over gen-schema's output of both binaries).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { MarkupContent } from 'vscode-languageserver-types';
import { completion } from '../../../server/src/features/completion';
import { hover } from '../../../server/src/features/hover';
import { analyse, at, ready } from './helpers';

before(() => ready);

const labels = (text: string, needle: string, version: '7.2' | '10.0' | '11.1'): string[] =>
  completion(analyse(text, { qemuVersion: version }), at(text, needle)).map((i) => i.label);

test('virtio-mem-pci offers dynamic-memslots on 10.0 and 11.1, not on 7.2', () => {
  // QEMU 10.0.2 `-device virtio-mem-pci,help`: "dynamic-memslots=<bool> - on/off (default: off)"; 7.2.22
  // has no such property.
  const text = 'qemu-system-x86_64 -device virtio-mem-pci,dyn\n';
  assert.ok(labels(text, ',dyn', '10.0').includes('dynamic-memslots'));
  assert.ok(labels(text, ',dyn', '11.1').includes('dynamic-memslots'));
  assert.ok(!labels(text, ',dyn', '7.2').includes('dynamic-memslots'));
});

test('virtio-balloon-pci in_order (a property the delta adds) is accepted on 10.0 and not found on 7.2', () => {
  // Run on both binaries: `-S -display none -nodefaults -machine q35 -device virtio-balloon-pci,in_order=on`
  // 7.2.22: "Property 'virtio-balloon-pci.in_order' not found"; 10.0.2: starts (no message).
  const text = 'qemu-system-x86_64 -machine q35 -device virtio-balloon-pci,in_order=on\n';
  const messages = (v: '7.2' | '10.0') =>
    analyse(text, { qemuVersion: v })
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => d.message);
  assert.deepEqual(messages('7.2'), ["Property 'virtio-balloon-pci.in_order' not found"]);
  assert.deepEqual(messages('10.0'), []);
});

test('the delta applies to the checked-in 7.2 schema it was generated against', () => {
  const base = JSON.parse(readFileSync('server/src/analysis/schema/qemu-x86_64.json', 'utf8'));
  const delta = JSON.parse(readFileSync('server/src/analysis/schema/qemu-10.0-delta.json', 'utf8'));
  assert.equal(delta.from, base.qemuVersion);
  assert.equal(delta.to, '10.0.2');
  const names = (list: { name: string }[] | null) => new Set((list ?? []).map((p) => p.name));
  const problems: string[] = [];
  for (const kind of ['devices', 'objects'] as const) {
    for (const n of Object.keys(delta[kind].added)) if (base[kind][n]) problems.push(`${kind} ${n} added but in 7.2`);
    for (const n of delta[kind].removed) if (!base[kind][n]) problems.push(`${kind} ${n} removed but not in 7.2`);
    for (const [n, d] of Object.entries<Record<string, unknown>>(delta[kind].props)) {
      const have = names(base[kind][n]?.properties);
      for (const p of (d.added ?? []) as { name: string }[])
        if (have.has(p.name)) problems.push(`${n}.${p.name} added`);
      for (const p of (d.removed ?? []) as string[]) if (!have.has(p)) problems.push(`${n}.${p} removed`);
      for (const p of (d.changed ?? []) as { name: string }[])
        if (!have.has(p.name)) problems.push(`${n}.${p.name} changed`);
    }
  }
  const baseOptions = new Set(base.options.map((o: { name: string }) => o.name));
  for (const o of Object.keys(delta.options.added)) if (baseOptions.has(o)) problems.push(`-${o} added`);
  for (const o of delta.options.removed) if (!baseOptions.has(o)) problems.push(`-${o} removed`);
  const lists: [string, Record<string, { name: string }[]>][] = [
    ['numa', base.numa.members],
    ['qemuopts', base.qemuopts],
    ['machineProps', base.machineProps],
  ];
  for (const [section, baseLists] of lists) {
    for (const [list, d] of Object.entries<Record<string, unknown>>(delta[section])) {
      const have = names(baseLists[list]);
      for (const p of (d.added ?? []) as { name: string }[])
        if (have.has(p.name)) problems.push(`${section} ${list} ${p.name} added`);
      for (const p of (d.removed ?? []) as string[]) if (!have.has(p)) problems.push(`${section} ${list} ${p} removed`);
    }
  }
  assert.deepEqual(problems, []);
});

// Options and -object types follow the release: qemu-10.0-delta.json's options.added (whole -help
// entries of 10.0.2) and removed names, objects.added. Each verdict is also a recorded case run
// through both QEMUs (test/fixtures/versions: opt-no-hpet, opt-run-with, obj-shm, ...).
const hoverText = (text: string, needle: string, version: '7.2' | '10.0'): string => {
  const h = hover(analyse(text, { qemuVersion: version }), at(text, needle, 1));
  return h ? (h.contents as MarkupContent).value : '';
};

test('-run-with (added in 10.0) is completed and hovered on 10.0 only; -no-hpet (removed) on 7.2 only', () => {
  const text = 'qemu-system-x86_64 -machine q35 -\n';
  assert.ok(labels(text, ' -', '10.0').includes('-run-with'));
  assert.ok(!labels(text, ' -', '7.2').includes('-run-with'));
  assert.ok(labels(text, ' -', '7.2').includes('-no-hpet'));
  assert.ok(!labels(text, ' -', '10.0').includes('-no-hpet'));
  // QEMU 10.0.2 -help: "-run-with [async-teardown=on|off][,chroot=dir][user=username|uid:gid]".
  const run = 'qemu-system-x86_64 -run-with async-teardown=off\n';
  assert.match(hoverText(run, '-run-with', '10.0'), /Set miscellaneous QEMU process lifecycle options/);
  assert.equal(hoverText(run, '-run-with', '7.2'), '');
});

test('memory-backend-shm (an -object type 10.0 added) is offered on 10.0 only', () => {
  const text = 'qemu-system-x86_64 -object memory-backend-s\n';
  assert.ok(labels(text, 'backend-s', '10.0').includes('memory-backend-shm'));
  assert.ok(!labels(text, 'backend-s', '7.2').includes('memory-backend-shm'));
});
