// analyze() against real QEMU: every command line Debian's QEMU 7.2 rejects must get at least
// one error, every line it accepts none (verdicts recorded by tools/record-verdicts.py). When
// qemu-system-x86_64 is on PATH (CI installs it; QEMU_LIVE=0/1 as in layout.test.ts) the same
// lines are also judged live.
// SPM lines, which that QEMU cannot judge, are held to the seed patches' rules instead.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { analyze, initShellParser } from '../../server/src/analysis/index';
import type { QemuVersion, Settings } from '../../server/src/analysis/types';
import { judgeOf, liveWanted, MISSING } from './judges';

interface Verdict {
  id: string;
  args: string;
  verdict: 'accepted' | 'rejected';
  message?: string;
}
interface SpmLine {
  id: string;
  args: string;
  spmForm: Settings['spmForm'];
  verdict: 'accepted' | 'rejected' | 'warning';
  warningCode?: string;
  message?: string;
}

/** Each QEMU release's verdicts on the same corpus (tools/record-verdicts.py --qemu BIN). Lines where
 *  the two differ are judged by the version setting: 7.2's words and verdicts for 7.2, 10.0's for 10.0. */
const JUDGES: { version: QemuVersion; recorded: { qemu: string; verdicts: Verdict[] } }[] = (
  ['7.2', '10.0'] as const
).map((version) => ({
  version,
  recorded: JSON.parse(readFileSync(`test/fixtures/verdicts/qemu-${version}.json`, 'utf8')),
}));
const spm: { lines: SpmLine[] } = JSON.parse(readFileSync('test/fixtures/verdicts/spm-forms.json', 'utf8'));

// Debian's QEMUs have no SPM form at all: judge their lines as a QEMU without SPM.
const debian = (qemuVersion: QemuVersion): Settings => ({ spmForm: 'none', hostCpuVendor: 'amd', qemuVersion });

before(async () => {
  await initShellParser();
});

function errorsOf(args: string, settings: Settings) {
  return analyze(`qemu-system-x86_64 ${args}\n`, settings).diagnostics.filter((d) => d.severity === 'error');
}

function disagreements(
  lines: { id: string; args: string; verdict: string }[],
  settings: (l: never) => Settings,
): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const errors = errorsOf(line.args, settings(line as never));
    if (line.verdict === 'rejected' && errors.length === 0)
      out.push(`${line.id}: QEMU rejects, qemu-launch reports no error`);
    if (line.verdict !== 'rejected' && errors.length > 0)
      out.push(
        `${line.id}: QEMU accepts, qemu-launch reports ${errors.map((e) => `${e.code} "${e.message}"`).join('; ')}`,
      );
  }
  return out;
}

for (const { version, recorded } of JUDGES) {
  test(`the corpus is large enough and covers both verdicts (${recorded.qemu})`, () => {
    assert.ok(recorded.verdicts.length >= 100);
    assert.ok(recorded.verdicts.some((v) => v.verdict === 'accepted'));
    assert.ok(recorded.verdicts.some((v) => v.verdict === 'rejected'));
  });

  test(`analyze() --qemu-version ${version} agrees with the recorded QEMU ${version} verdicts`, () => {
    assert.deepEqual(
      disagreements(recorded.verdicts, () => debian(version)),
      [],
    );
  });

  test(`each line QEMU ${version} rejects gets QEMU ${version}'s own message`, () => {
    // QEMU stops at its first error; qemu-launch may report more, so the message is looked for among the errors.
    const missing: string[] = [];
    for (const v of recorded.verdicts.filter((x) => x.verdict === 'rejected')) {
      const message = v.message!.replace(/^(qemu-system-x86_64: )?(-\S+ \S+: )?/, '');
      const errors = errorsOf(v.args, debian(version));
      if (!errors.some((e) => e.message.split('\n')[0] === message))
        missing.push(`${v.id}: "${message}" not in ${JSON.stringify(errors.map((e) => e.message))}`);
    }
    assert.deepEqual(missing, []);
  });
}

test('analyze() agrees with the SPM forms as the seed patches and the v8 review define them', () => {
  assert.deepEqual(
    disagreements(spm.lines, (l: SpmLine) => ({ spmForm: l.spmForm, hostCpuVendor: 'amd' })),
    [],
  );
  for (const line of spm.lines) {
    const all = analyze(`qemu-system-x86_64 ${line.args}\n`, {
      spmForm: line.spmForm,
      hostCpuVendor: 'amd',
    }).diagnostics;
    if (line.warningCode)
      assert.ok(
        all.some((d) => d.code === line.warningCode && d.severity === 'warning'),
        `${line.id}: ${line.warningCode}`,
      );
    if (line.message)
      assert.ok(
        all.some((d) => d.severity === 'error' && d.message === line.message),
        `${line.id}: "${line.message}" in ${JSON.stringify(all.map((d) => d.message))}`,
      );
  }
});

for (const { version, recorded } of JUDGES) {
  const found = judgeOf(version);
  if (!liveWanted(!!found)) continue;
  test(`live: QEMU ${version} (${found?.banner ?? 'missing'}) judges the corpus as recorded and as analyze() does`, () => {
    assert.ok(found, MISSING(version));
    const prefix = ['-S', '-display', 'none', '-machine', 'accel=tcg', '-nodefaults', '-qmp', 'stdio'];
    const quit = '{"execute":"qmp_capabilities"}\n{"execute":"quit"}\n';
    const live: Verdict[] = recorded.verdicts.map((v) => {
      const r = spawnSync(found.bin, [...found.dataArgs, ...prefix, ...v.args.split(/\s+/)], {
        input: quit,
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { id: v.id, args: v.args, verdict: r.status === 0 ? 'accepted' : 'rejected' };
    });
    // The same QEMU build must still judge every line as recorded (the fixtures are not stale).
    if (found.banner === recorded.qemu) {
      assert.deepEqual(
        live.filter((l, i) => l.verdict !== recorded.verdicts[i].verdict).map((l) => l.id),
        [],
      );
    }
    // Another build of the same release may judge a line differently; analyze() must then agree with the live one.
    assert.deepEqual(
      disagreements(live, () => debian(version)),
      [],
    );
  });
}
