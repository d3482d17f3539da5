// Properties of the whole pipeline (shell → options → machine → layout → checks) over random
// plausible launch scripts, every SPM form included. test/unit/layout/invariants.test.ts checks
// computeLayout on hand-built machines; here the machine comes from a shell script, and the map
// must obey what QEMU (and the seed patches) guarantee whenever the script has no error:
// - E820: RAM + SOFT_RESERVED + RESERVED retyped from nodes adds up to -m exactly;
// - SRAT: each non-reserved node's boot entries add up to its memory (less the 640K–1M hole);
// - memory devices inside device memory, aligned to their backend, never overlapping;
// - the SRAT's hotpluggable chunks and SPM device entries tile device memory in address order.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze, initShellParser } from '../../server/src/analysis/index';
import { defaultSettings, type Settings } from '../../server/src/analysis/types';
import {
  E820_RAM,
  E820_RESERVED,
  E820_SOFT_RESERVED,
  SRAT_ENABLED,
  SRAT_HOTPLUGGABLE,
} from '../../server/src/analysis/layout/addressMap';
import { ramMibOf, script, type ScriptPlan } from './scripts';
import { assertWellFormed } from './wellFormed';

before(() => initShellParser());

const MiB = 1n << 20n;
const HOLE_640K = 0x100000n - 0xa0000n;
const AMD_HT = { start: 0xfd00000000n, length: 0x300000000n };
const KVM_TSS = 0xfeffc000n;

/** 'auto', or the setting naming the SPM form the script uses (the target QEMU's form). */
function settingFor(plan: ScriptPlan, exact: boolean): Settings {
  if (!exact) return defaultSettings;
  const kinds = new Set<string>([...plan.nodes.map((n) => n.kind), ...plan.devices.map((d) => d.driver)]);
  const spmForm = kinds.has('v4-spm')
    ? 'v4'
    : kinds.has('v7-spm') || kinds.has('v7-reserved')
      ? 'v7'
      : kinds.has('spm-memory')
        ? 'v8'
        : kinds.has('sp-mem')
          ? 'upstream'
          : 'none';
  return { ...defaultSettings, spmForm };
}

function checkMap(plan: ScriptPlan, text: string, exact = false): void {
  const a = analyze(text, settingFor(plan, exact));
  assertWellFormed(a);
  assert.equal(a.invocations.length, 1, 'one invocation');
  const { machine, layout } = a.invocations[0];
  assert.equal(machine.ramSize, BigInt(ramMibOf(plan)) * MiB, '-m as written');
  if (a.diagnostics.some((d) => d.severity === 'error') || machine.incomplete) return;

  const devices = new Set(layout.memoryDevices.map((d) => `${d.start}+${d.length}`));
  // E820 entries never overlap; boot RAM (whatever its type now) adds up to -m.
  const e820 = [...layout.e820].sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
  for (let i = 1; i < e820.length; i++)
    assert.ok(e820[i - 1].start + e820[i - 1].length <= e820[i].start, `E820 overlap: ${text}`);
  let boot = 0n;
  for (const e of layout.e820) {
    if (e.type === E820_RAM) boot += e.length;
    else if (e.type === E820_SOFT_RESERVED && !devices.has(`${e.start}+${e.length}`)) boot += e.length;
    else if (e.type === E820_RESERVED && e.start !== AMD_HT.start && e.start !== KVM_TSS) boot += e.length;
  }
  assert.equal(boot, machine.ramSize, `E820 boot RAM = -m:\n${text}`);
  // Every SPM device has its SOFT_RESERVED entry.
  for (const d of layout.memoryDevices.filter((x) => x.spec.driver === 'spm-memory' || x.spec.driver === 'sp-mem')) {
    assert.ok(
      layout.e820.some((e) => e.type === E820_SOFT_RESERVED && e.start === d.start && e.length === d.length),
      `E820 entry for ${d.id}`,
    );
  }

  // SRAT boot entries per node, in address order without overlap.
  const dm = layout.deviceMemory;
  const bootSrat = layout.srat.filter(
    (e) => e.flags === SRAT_ENABLED && !devices.has(`${e.start}+${e.length}`) && (!dm || e.start < dm.start),
  );
  for (let i = 1; i < bootSrat.length; i++)
    assert.ok(bootSrat[i - 1].start + bootSrat[i - 1].length <= bootSrat[i].start, 'SRAT boot entries ascend');
  let firstWithMemory = true;
  plan.nodes.forEach((n, i) => {
    const got = bootSrat.filter((e) => e.node === i).reduce((s, e) => s + e.length, 0n);
    const size = BigInt(n.mib) * MiB;
    const want = n.kind === 'v7-reserved' ? 0n : size > 0n && firstWithMemory ? size - HOLE_640K : size;
    if (size > 0n) firstWithMemory = false;
    assert.equal(got, want, `SRAT node ${i}:\n${text}`);
  });

  // Memory devices: inside device memory, aligned, no overlaps.
  const placed = [...layout.memoryDevices].sort((x, y) => (x.start < y.start ? -1 : 1));
  assert.equal(placed.length, plan.devices.length, 'every device placed');
  for (let i = 0; i < placed.length; i++) {
    const d = placed[i];
    assert.ok(dm && d.start >= dm.start && d.start + d.length <= dm.start + dm.length, `${d.id} inside device memory`);
    assert.equal(d.start % (2n * MiB), 0n, `${d.id} aligned to its backend`);
    if (i > 0)
      assert.ok(placed[i - 1].start + placed[i - 1].length <= d.start, `${placed[i - 1].id} and ${d.id} overlap`);
  }

  // With NUMA, device memory is covered exactly once by hotpluggable chunks and SPM devices.
  if (dm && layout.srat.length > 0) {
    const spm = new Set(
      placed
        .filter((d) => d.spec.driver === 'spm-memory' || d.spec.driver === 'sp-mem')
        .map((d) => `${d.start}+${d.length}`),
    );
    const chunks = layout.srat.filter(
      (e) =>
        e.flags === (SRAT_HOTPLUGGABLE | SRAT_ENABLED) ||
        (e.flags === SRAT_ENABLED && spm.has(`${e.start}+${e.length}`)),
    );
    let at = dm.start;
    for (const c of chunks) {
      assert.equal(c.start, at, `device memory chunk at ${at.toString(16)}:\n${text}`);
      at += c.length;
    }
    assert.equal(at, dm.start + dm.length, 'chunks end where device memory ends');
  }
}

test('random launch scripts: the map adds up as QEMU guarantees', () => {
  let clean = 0;
  fc.assert(
    fc.property(script, fc.boolean(), ({ plan, text }, exact) => {
      checkMap(plan, text, exact);
      if (!analyze(text, settingFor(plan, exact)).diagnostics.some((d) => d.severity === 'error')) clean++;
    }),
    { seed: 20261125, numRuns: 300, includeErrorInReport: true },
  );
  // The invariants above only bite on scripts without errors: most generated scripts must be such.
  assert.ok(clean > 100, `${clean} of 300 scripts were clean`);
});

test('every SPM form: at least one clean script per form is checked', () => {
  const seen = new Set<string>();
  fc.assert(
    fc.property(script, ({ plan, text }) => {
      checkMap(plan, text);
      const a = analyze(text);
      if (a.diagnostics.some((d) => d.severity === 'error')) return;
      for (const n of plan.nodes) if (n.kind !== 'normal') seen.add(n.kind);
      for (const d of plan.devices) seen.add(d.driver);
    }),
    { seed: 7, numRuns: 300, includeErrorInReport: true },
  );
  assert.deepEqual([...seen].sort(), ['pc-dimm', 'sp-mem', 'spm-memory', 'v4-spm', 'v7-reserved', 'v7-spm']);
});
