// The panel's verify marks from real verify results (Debian's QEMU 7.2 run on an example): every
// row QEMU built alike is ✓ (null), a row QEMU built differently carries QEMU's own value, the
// status line reads "agrees with QEMU 7.2.x" / "N differences with QEMU 7.2.x", and differences
// no row shows (reserved-memory-end) go to the details.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, initShellParser } from '../../server/src/analysis/index';
import { defaultSettings } from '../../server/src/analysis/types';
import { invocationMapJson } from '../../server/src/analysis/mapJson';
import { verifyAnalysis } from '../../server/src/verify/index';
import { verifyJson } from '../../server/src/verify/format';
import { isVerifyResultJson, marksFrom } from '../../client/src/verifyMarks';
import { isToWebview } from '../../client/webview/protocol';

const QEMU = process.env.QEMU ?? 'qemu-system-x86_64';
const TEXT = readFileSync(join(__dirname, '../../examples/pc-dimm-hotplug.sh'), 'utf8');
const opts = { qemu: QEMU, timeoutMs: 30_000 };

before(async () => {
  await initShellParser();
});

async function verified(change?: (a: ReturnType<typeof analyze>) => void) {
  const analysis = analyze(TEXT, { ...defaultSettings, qemuVersion: '7.2' });
  const map = invocationMapJson(analysis, analysis.invocations[0]);
  change?.(analysis);
  const json = verifyJson({ file: 'pc-dimm-hotplug.sh', ...(await verifyAnalysis(analysis, opts)) });
  assert.ok(isVerifyResultJson(json));
  return { map, marks: marksFrom(json, map.line) };
}

test('agreeing with QEMU 7.2: every E820, SRAT and device row is verified', async () => {
  const { map, marks } = await verified();
  assert.match(marks.headline, /^agrees with QEMU 7\.2\.\d+$/);
  assert.equal(marks.status, 'agrees');
  assert.equal(marks.line, map.line);
  map.e820.forEach((_e, i) => assert.equal(marks.rows[`e820:${i}`], null, `e820 row ${i}`));
  map.srat.forEach((_e, i) => assert.equal(marks.rows[`srat:${i}`], null, `srat row ${i}`));
  assert.ok(map.memoryDevices.length > 0);
  for (const d of map.memoryDevices) assert.equal(marks.rows[`device:${d.id}`], null, d.id);
  assert.ok(isToWebview({ command: 'verified', marks }), 'the webview accepts the marks');
});

test('a changed expectation: the row shows the value QEMU built, the rest stays verified', async () => {
  const { map, marks } = await verified((a) => {
    const layout = a.invocations[0].layout;
    layout.e820[0] = { ...layout.e820[0], length: layout.e820[0].length + 0x1000n };
    layout.reservedMemoryEnd = (layout.reservedMemoryEnd ?? 0n) + 0x40000000n;
  });
  assert.equal(marks.status, 'differs');
  assert.match(marks.headline, /^2 differences with QEMU 7\.2\.\d+$/);
  // QEMU's own first entry (the unchanged prediction, which agreed with QEMU in the test above).
  const first = map.e820[0];
  assert.equal(marks.rows['e820:0'], `${first.start} len ${first.length} type 0x${first.type.toString(16)}`);
  assert.equal(marks.rows['e820:1'], null);
  assert.ok(marks.details.some((d) => /^reserved-memory-end: ours 0x[0-9a-f]+, QEMU 0x[0-9a-f]+$/.test(d)));
});

test('QEMU that could not be run: the status line says why, no row is marked', () => {
  const marks = marksFrom({ error: 'QEMU not found: nowhere/qemu', invocations: [] }, 3);
  assert.equal(marks.status, 'failed');
  assert.equal(marks.headline, 'QEMU could not be run: QEMU not found: nowhere/qemu');
  assert.deepEqual(marks.rows, {});
});
