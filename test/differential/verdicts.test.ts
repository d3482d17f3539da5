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
import type { Settings } from '../../server/src/analysis/types';

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

const recorded: { qemu: string; verdicts: Verdict[] } = JSON.parse(
  readFileSync('test/fixtures/verdicts/qemu-7.2.json', 'utf8'),
);
// Where current QEMU judges a line differently from 7.2 (the corpus says why), qemu-launch follows current QEMU.
const corpus: { lines: { id: string; upstream?: Verdict['verdict']; wording?: string }[] } = JSON.parse(
  readFileSync('test/fixtures/verdicts/corpus.json', 'utf8'),
);
const upstream = new Map(corpus.lines.filter((l) => l.upstream).map((l) => [l.id, l.upstream!]));
const expected = (v: Verdict): Verdict => ({ ...v, verdict: upstream.get(v.id) ?? v.verdict });
const spm: { lines: SpmLine[] } = JSON.parse(readFileSync('test/fixtures/verdicts/spm-forms.json', 'utf8'));

// Debian's QEMU has no SPM form at all: judge its lines as a QEMU without SPM.
const DEBIAN: Settings = { spmForm: 'none', hostCpuVendor: 'amd' };

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

test(`the corpus is large enough and covers both verdicts (${recorded.qemu})`, () => {
  assert.ok(recorded.verdicts.length >= 60);
  assert.ok(recorded.verdicts.some((v) => v.verdict === 'accepted'));
  assert.ok(recorded.verdicts.some((v) => v.verdict === 'rejected'));
});

test('analyze() agrees with the recorded QEMU 7.2 verdicts', () => {
  assert.deepEqual(
    disagreements(recorded.verdicts.map(expected), () => DEBIAN),
    [],
  );
});

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

test("each rejected line gets QEMU's own message (current wording where the corpus notes a change)", () => {
  // QEMU stops at its first error; qemu-launch may report more, so the message is looked for among the errors.
  const reworded = new Set(corpus.lines.filter((l) => l.wording).map((l) => l.id));
  const missing: string[] = [];
  for (const v of recorded.verdicts.filter(
    (x) => x.verdict === 'rejected' && !upstream.has(x.id) && !reworded.has(x.id),
  )) {
    const message = v.message!.replace(/^(qemu-system-x86_64: )?(-\S+ \S+: )?/, '');
    const errors = errorsOf(v.args, DEBIAN);
    if (!errors.some((e) => e.message.split('\n')[0] === message))
      missing.push(`${v.id}: "${message}" not in ${JSON.stringify(errors.map((e) => e.message))}`);
  }
  assert.deepEqual(missing, []);
});

// Same switch as the layout differential: QEMU_LIVE=0 turns the live run off, QEMU_LIVE=1 insists on it.
const qemu = spawnSync('qemu-system-x86_64', ['--version'], { encoding: 'utf8' });
if (process.env.QEMU_LIVE === '1' || (process.env.QEMU_LIVE !== '0' && qemu.status === 0)) {
  test(`live: ${(qemu.stdout ?? '').split('\n')[0] || 'qemu-system-x86_64'} judges the corpus as recorded and as analyze() does`, () => {
    const prefix = ['-S', '-display', 'none', '-machine', 'accel=tcg', '-nodefaults', '-qmp', 'stdio'];
    const quit = '{"execute":"qmp_capabilities"}\n{"execute":"quit"}\n';
    const live: Verdict[] = recorded.verdicts.map((v) => {
      const r = spawnSync('qemu-system-x86_64', [...prefix, ...v.args.split(/\s+/)], {
        input: quit,
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { id: v.id, args: v.args, verdict: r.status === 0 ? 'accepted' : 'rejected' };
    });
    // The same QEMU build must still judge every line as recorded (the fixtures are not stale).
    if ((qemu.stdout ?? '').split('\n')[0] === recorded.qemu) {
      assert.deepEqual(
        live.filter((l, i) => l.verdict !== recorded.verdicts[i].verdict).map((l) => l.id),
        [],
      );
    }
    // Another QEMU version may judge a line differently; analyze() must then agree with the live one.
    assert.deepEqual(
      disagreements(live.map(expected), () => DEBIAN),
      [],
    );
  });
}
