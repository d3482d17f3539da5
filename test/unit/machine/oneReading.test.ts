// One reading of the command line: what the checks reject, the map does not draw. The machine
// decides once which SPM devices and node keys exist for the spmForm setting; the checks, the
// layout, `map --json`, the hover and the inlay hints all read that one decision.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, initShellParser } from '../../../server/src/analysis/index';
import { invocationMapJson } from '../../../server/src/analysis/mapJson';
import { hover } from '../../../server/src/features/hover';
import { inlayHints } from '../../../server/src/features/inlayHints';
import type { Settings } from '../../../server/src/analysis/types';
import type { InlayHint } from 'vscode-languageserver-types';
/** An inlay hint's label or tooltip as plain text (LSP allows parts and Markdown there). */
const labelText = (h: InlayHint): string =>
  typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('');
const tooltipText = (h: InlayHint): string => (typeof h.tooltip === 'string' ? h.tooltip : (h.tooltip?.value ?? ''));

before(async () => {
  await initShellParser();
});

const SOFT_RESERVED = 0xefffffff;
const settings = (spmForm: Settings['spmForm']): Settings => ({ spmForm, hostCpuVendor: 'amd' });

const SP_MEM =
  'qemu-system-x86_64 -machine q35 -m 2G,slots=2,maxmem=8G ' +
  '-object memory-backend-ram,id=m0,size=2G -object memory-backend-ram,id=m,size=1G ' +
  '-numa node,nodeid=0,memdev=m0 -numa node,nodeid=1 -device sp-mem,memdev=m,node=1\n';

function views(text: string, spmForm: Settings['spmForm']) {
  const a = analyze(text, settings(spmForm));
  const inv = a.invocations[0];
  const json = invocationMapJson(a, inv);
  const at = text.indexOf('sp-mem') + 2;
  const h = hover(a, a.lines.positionAt(at));
  const hints = inlayHints(a, { start: a.lines.positionAt(0), end: a.lines.positionAt(text.length) });
  return { a, inv, json, hover: h, hints };
}

test('v7: -device sp-mem is an unknown model, and no view places it', () => {
  const v = views(SP_MEM, 'v7');
  const errors = v.a.diagnostics.filter((d) => d.severity === 'error');
  assert.ok(
    errors.some((d) => /not a valid device model name/.test(d.message)),
    `expected "not a valid device model name", got ${JSON.stringify(errors.map((d) => d.message))}`,
  );
  assert.deepEqual(v.inv.machine.declared.devices, [], 'the checks see no memory device');
  assert.deepEqual(v.inv.machine.devices, [], 'the layout gets no memory device');
  assert.deepEqual(v.json.memoryDevices, [], 'map --json places no memory device');
  assert.ok(!v.json.e820.some((e) => e.type === SOFT_RESERVED), 'no SOFT_RESERVED entry in the E820 table');
  assert.deepEqual(
    v.hints.filter((h) => labelText(h).length > 0 && v.a.lines.offsetAt(h.position) > SP_MEM.indexOf('sp-mem')),
    [],
    'no inlay hint after the device',
  );
  const hoverText = JSON.stringify(v.hover ?? '');
  assert.ok(!/SOFT_RESERVED|soft reserved/i.test(hoverText), `hover draws no SPM range: ${hoverText}`);
  // Every view says QEMU would refuse the line.
  assert.ok(v.json.refused, 'map --json: refused');
  assert.ok(
    v.hints.length > 0 && v.hints.every((h) => /QEMU would refuse/.test(tooltipText(h))),
    'inlay hint tooltips say so',
  );
  const programHover = hover(v.a, v.a.lines.positionAt(2));
  assert.match(JSON.stringify(programHover), /QEMU would refuse this command line/);
});

test('upstream: the same sp-mem line is placed (control)', () => {
  const v = views(SP_MEM, 'upstream');
  assert.equal(v.inv.machine.devices.length, 1);
  assert.equal(v.json.memoryDevices.length, 1);
  assert.ok(v.json.e820.some((e) => e.type === SOFT_RESERVED));
  assert.ok(v.hints.some((h) => v.a.lines.offsetAt(h.position) > SP_MEM.indexOf('sp-mem')));
  assert.equal(v.json.refused, null, 'QEMU 11.1 starts this line');
  assert.ok(v.hints.every((h) => !/refuse/.test(tooltipText(h))));
  assert.doesNotMatch(JSON.stringify(hover(v.a, v.a.lines.positionAt(2))), /refuse/);
});

test('v8: spm= and memmap-type= node keys the target does not have draw no SPM range', () => {
  const text =
    'qemu-system-x86_64 -machine q35 -m 3G ' +
    '-object memory-backend-ram,id=m0,size=2G -object memory-backend-ram,id=m1,size=1G ' +
    '-numa node,nodeid=0,memdev=m0 -numa node,nodeid=1,memdev=m1,memmap-type=spm\n';
  const v8 = analyze(text, settings('v8'));
  assert.ok(
    v8.diagnostics.some((d) => d.severity === 'error'),
    'v8 refuses memmap-type=',
  );
  assert.ok(!invocationMapJson(v8, v8.invocations[0]).e820.some((e) => e.type === SOFT_RESERVED));
  const v7 = analyze(text, settings('v7'));
  assert.ok(invocationMapJson(v7, v7.invocations[0]).e820.some((e) => e.type === SOFT_RESERVED));
});

test("the -m facts the checks read are the machine's: size, slots, maxmem with their spans", () => {
  const text = 'qemu-system-x86_64 -m 1001K,slots=2 -m maxmem=4G\n';
  const m = analyze(text).invocations[0].machine;
  assert.equal(m.memory.ram, m.ramSize);
  assert.equal(m.memory.ram, 126n * 8192n);
  assert.equal(m.memory.slots, 2n);
  assert.equal(m.memory.maxmem, 4n << 30n);
  assert.equal(text.slice(m.memory.maxmemProp!.valueSpan.start, m.memory.maxmemProp!.valueSpan.end), '4G');
  assert.equal(m.memory.option, m.memoryOption);
});

test('invalid declarations are kept for the checks: a backend without id, a node with a bad nodeid', () => {
  const text = 'qemu-system-x86_64 -object memory-backend-ram,size=1G -numa node,nodeid=x -device pc-dimm,node=1\n';
  const m = analyze(text).invocations[0].machine;
  assert.equal(m.declared.backends.length, 1);
  assert.equal(m.declared.backends[0].id, undefined);
  assert.equal(m.backends.length, 0, 'the layout cannot use it');
  assert.equal(m.declared.nodes.length, 1);
  assert.equal(m.declared.nodes[0].nodeid, undefined);
  assert.equal(m.declared.devices.length, 1);
  assert.equal(m.declared.devices[0].memdevProp, undefined);
});
