// verify against the real QEMU on this machine (Debian's 7.2; the test command installs it):
// every example and every differential fixture agrees, the SPM examples are named unverifiable
// (7.2 has no SPM series), and a deliberately changed expectation is reported as a difference.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyze as analyzeWith, initShellParser } from '../../../server/src/analysis/index';
import { settings72 } from '../settings72';

// The analysis follows the QEMU under test (its machine types and messages): settings say 7.2.
const analyze = (text: string) => analyzeWith(text, settings72);
import { verifyAnalysis } from '../../../server/src/verify/index';

const ROOT = join(__dirname, '../../..');
const QEMU = process.env.QEMU ?? 'qemu-system-x86_64';
const opts = { qemu: QEMU, timeoutMs: 30_000 };

before(async () => {
  await initShellParser();
});

const quote = (s: string) => (/^[A-Za-z0-9_./,=:+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const scriptFor = (args: string[]) => 'qemu-system-x86_64 ' + args.map(quote).join(' ') + '\n';

const SPM_EXAMPLES = /spm-/;
for (const name of readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.sh'))) {
  test(`example ${name} verifies with QEMU 7.2`, async () => {
    const r = await verifyAnalysis(analyze(readFileSync(join(ROOT, 'examples', name), 'utf8')), opts);
    assert.equal(r.error, undefined);
    assert.match(r.qemuVersion ?? '', /^7\.2\./);
    assert.ok(r.invocations.length > 0);
    for (const inv of r.invocations) {
      if (inv.status === 'unverifiable') {
        // Only an SPM form 7.2 lacks may keep a command from being verified.
        assert.match(inv.summary, /does not know the SPM option/);
        continue;
      }
      assert.equal(
        inv.status,
        'agrees',
        `${name}:${inv.line + 1}: ${JSON.stringify(inv.differences, (_k, v) => (typeof v === 'bigint' ? v.toString(16) : v))}`,
      );
      assert.match(inv.summary, /^agrees with QEMU 7\.2\.\d+/);
    }
    if (!SPM_EXAMPLES.test(name) && name !== 'broken-placement.sh')
      assert.ok(r.invocations.every((i) => i.status === 'agrees'));
  });
}

const DIFF = join(ROOT, 'test/fixtures/differential');
for (const file of readdirSync(DIFF)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  test(`differential fixture ${file} verifies as agreeing`, async () => {
    const f = JSON.parse(readFileSync(join(DIFF, file), 'utf8')) as { args: string[] };
    const r = await verifyAnalysis(analyze(scriptFor(f.args)), opts);
    assert.equal(r.invocations.length, 1);
    const inv = r.invocations[0];
    // Leaving out other devices can reorder NVDIMMs (QOM hash order): then verify must say so.
    if (inv.status === 'differs' && inv.notes.some((n) => /NVDIMMs .* order may differ/.test(n))) {
      assert.ok(
        inv.differences.every((d) => d.table === 'srat' || d.table === 'device'),
        JSON.stringify(inv.differences),
      );
      return;
    }
    assert.equal(inv.status, 'agrees', `${inv.summary}: ${JSON.stringify(inv.differences)}`);
  });
}

// QEMU creates JSON -device options after every key=value one; verify must hand them to QEMU so
// that the order it creates devices in stays the script's (test/fixtures/versions, recorded from 7.2).
const VERSION_CASES = (
  JSON.parse(readFileSync(join(ROOT, 'test/fixtures/versions/cases.json'), 'utf8')) as {
    cases: { name: string; args: string[] }[];
  }
).cases;
for (const c of VERSION_CASES.filter((v) => v.name.startsWith('json-dimm'))) {
  test(`version case ${c.name} (JSON -device after key=value ones) verifies as agreeing`, async () => {
    const r = await verifyAnalysis(analyze(scriptFor(c.args)), opts);
    const inv = r.invocations[0];
    assert.equal(inv.status, 'agrees', `${inv.summary}: ${JSON.stringify(inv.differences)}`);
  });
}

test('a changed expectation is reported as a difference, row by row', async () => {
  const analysis = analyze(readFileSync(join(ROOT, 'examples/pc-dimm-hotplug.sh'), 'utf8'));
  const layout = analysis.invocations[0].layout;
  layout.e820[0] = { ...layout.e820[0], length: layout.e820[0].length + 0x1000n };
  layout.reservedMemoryEnd = (layout.reservedMemoryEnd ?? 0n) + 0x40000000n;
  const dev = layout.memoryDevices[0];
  layout.memoryDevices[0] = { ...dev, start: dev.start + 0x200000n };
  const r = await verifyAnalysis(analysis, opts);
  const inv = r.invocations[0];
  assert.equal(inv.status, 'differs');
  assert.deepEqual(
    inv.differences.map((d) => d.table),
    ['e820', 'device', 'reserved-memory-end'],
  );
  assert.equal(inv.verified.e820[0], false);
  assert.equal(inv.verified.e820[1], true);
  assert.equal(inv.verified.devices[dev.id], false);
  assert.match(inv.summary, /^3 differences from QEMU 7\.2\./);
});

test('a predicted refusal QEMU does not share is a difference', async () => {
  const analysis = analyze('qemu-system-x86_64 -machine pc -m 1G\n');
  analysis.invocations[0].layout.problems.push({
    code: 'QL-test',
    message: 'made-up refusal',
    span: { start: 0, end: 1 },
  });
  const r = await verifyAnalysis(analysis, opts);
  assert.equal(r.invocations[0].status, 'differs');
  assert.match(r.invocations[0].differences[0].qemu, /accepted/);
});
