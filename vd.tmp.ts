import { readFileSync } from 'node:fs';
import { analyze, initShellParser } from './server/src/analysis/index';
(async () => {
  await initShellParser();
  for (const ver of ['7.2', '10.0']) {
    const rec = JSON.parse(readFileSync(`test/fixtures/verdicts/qemu-${ver}.json`, 'utf8'));
    let bad = 0, msgs = 0;
    for (const v of rec.verdicts) {
      const errs = analyze(`qemu-system-x86_64 ${v.args}\n`, { spmForm: 'none', hostCpuVendor: 'amd', qemuVersion: ver as never }).diagnostics.filter((d) => d.severity === 'error');
      if ((v.verdict === 'rejected') !== errs.length > 0) { bad++; console.log(`[${ver}] VERDICT ${v.id}: qemu ${v.verdict} ${v.message ?? ''} / ql ${errs.map((e) => e.message).join('|')}`); continue; }
      if (v.verdict === 'rejected') {
        const m = v.message.replace(/^(qemu-system-x86_64: )?(-\S+ \S+: )?/, '');
        if (!errs.some((e) => e.message.split('\n')[0] === m)) { msgs++; console.log(`[${ver}] MSG ${v.id}: "${m}" / ${errs.map((e) => e.message.split('\n')[0]).join('|')}`); }
      }
    }
    console.log(ver, rec.verdicts.length, 'verdict diffs', bad, 'message diffs', msgs);
  }
})();
