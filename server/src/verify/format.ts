// verify results as text (one line per command, then its differences and notes) and as JSON
// (addresses as hex strings, as everywhere else in qemu-launch's JSON).
import type { FileVerification } from './index';

export type NamedVerification = FileVerification & { file: string };

export function formatVerifyText(results: readonly NamedVerification[]): string {
  let out = '';
  for (const r of results) {
    if (r.error) {
      out += `${r.file}: QEMU could not be run: ${r.error}\n`;
      continue;
    }
    if (r.versionNote) out += `${r.file}: ${r.versionNote}\n`;
    if (r.invocations.length === 0) out += `${r.file}: no QEMU command found\n`;
    for (const inv of r.invocations) {
      out += `${r.file}:${inv.line + 1}: ${inv.summary}\n`;
      for (const d of inv.differences) {
        const where =
          d.table === 'device' ? `device ${d.id}` : d.table === 'outcome' ? 'outcome' : `${d.table}[${d.index}]`;
        out += `  ${where}: ours ${d.ours}\n  ${' '.repeat(where.length)}  QEMU ${d.qemu}\n`;
      }
      for (const a of inv.assumptions) out += `  assumed: ${a}\n`;
      for (const n of inv.notes) out += `  note: ${n}\n`;
    }
  }
  const version = results.find((r) => r.qemuVersionLine)?.qemuVersionLine;
  if (version) out += `(${version})\n`;
  return out;
}

export function verifyJson(r: NamedVerification): unknown {
  const text = JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? '0x' + v.toString(16) : v));
  return JSON.parse(text) as unknown;
}
