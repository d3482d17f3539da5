// The options layer against real QEMU verdicts (test/fixtures/verdicts/qemu-7.2.json, recorded
// from Debian's QEMU 7.2.22 by tools/record-verdicts.py). A command line QEMU accepted must get
// no error from the parser or the property checker; when we do report an error for a rejected
// one, QEMU's message must contain ours (first line).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../../../server/src/analysis/types';
import { settings72 } from '../settings72';
import { parse, propertyDiagnostics } from './helpers';

interface Verdict {
  id: string;
  args: string;
  verdict: 'accepted' | 'rejected';
  message?: string;
}

const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/verdicts/qemu-7.2.json'), 'utf8')) as {
  command: string;
  verdicts: Verdict[];
};
// 7.2 knows none of the SPM forms.
const settings: Settings = { ...settings72, spmForm: 'none' };

function errors(args: string): string[] {
  const { options, diagnostics } = parse(
    `qemu-system-x86_64 -S -display none -machine accel=tcg -nodefaults ${args}\n`,
    settings,
  );
  return [...diagnostics, ...propertyDiagnostics(options, settings)]
    .filter((d) => d.severity === 'error')
    .map((d) => d.message.split('\n')[0]);
}

test('no error on a command line QEMU 7.2 accepted', () => {
  const accepted = fixture.verdicts.filter((v) => v.verdict === 'accepted');
  assert.ok(accepted.length > 10);
  for (const v of accepted) assert.deepEqual(errors(v.args), [], `${v.id}: ${v.args}`);
});

test("our errors on rejected command lines are QEMU's messages", () => {
  let matched = 0;
  for (const v of fixture.verdicts.filter((x) => x.verdict === 'rejected')) {
    const mine = errors(v.args);
    if (!mine.length) continue; // a later layer's rule (or not modelled)
    const qemu = (v.message ?? '').replace(/^qemu-system-x86_64: /, '');
    assert.ok(
      mine.some((m) => qemu.includes(m)),
      `${v.id}: QEMU said ${JSON.stringify(qemu)}, we said ${JSON.stringify(mine)}`,
    );
    matched++;
  }
  assert.ok(matched > 0);
});

test('SPM command lines accepted by the seed patches pass under their own spmForm', () => {
  const spm = JSON.parse(readFileSync(join(__dirname, '../../fixtures/verdicts/spm-forms.json'), 'utf8')) as {
    lines: (Verdict & { spmForm: Settings['spmForm'] })[];
  };
  const accepted = spm.lines.filter((l) => l.verdict === 'accepted');
  assert.ok(accepted.length > 0);
  for (const l of accepted) {
    // The seed forms are patches on 7.2 builds; sp-mem (the upstream form) exists only in QEMU 11.1.
    const s: Settings = {
      ...settings72,
      spmForm: l.spmForm,
      qemuVersion: l.spmForm === 'upstream' ? '11.1' : '7.2',
    };
    const { options, diagnostics } = parse(`qemu-system-x86_64 ${l.args}\n`, s);
    const errs = [...diagnostics, ...propertyDiagnostics(options, s)].filter((d) => d.severity === 'error');
    assert.deepEqual(
      errs.map((d) => d.message),
      [],
      `${l.id} (${l.spmForm}): ${l.args}`,
    );
  }
});
