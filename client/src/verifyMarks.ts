// verify's JSON (qemuLaunch/verify) for one invocation → the webview's marks: a status line and,
// per table row, verified or QEMU's value. Pure (no vscode), so node tests run it.
import type { VerifyMarks } from '../webview/protocol';

interface DifferenceJson {
  table: string;
  index: number;
  id?: string;
  ours: string;
  qemu: string;
}

interface InvocationJson {
  status: VerifyMarks['status'];
  summary: string;
  differences: DifferenceJson[];
  verified: { e820: boolean[]; srat: boolean[]; devices: Record<string, boolean> };
  notes: string[];
  assumptions: string[];
}

export interface VerifyResultJson {
  qemuVersion?: string;
  versionNote?: string;
  error?: string;
  invocations: InvocationJson[];
}

export function isVerifyResultJson(v: unknown): v is VerifyResultJson {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as { invocations?: unknown };
  return (
    Array.isArray(r.invocations) &&
    r.invocations.every(
      (i: unknown) =>
        typeof i === 'object' &&
        i !== null &&
        typeof (i as InvocationJson).summary === 'string' &&
        Array.isArray((i as InvocationJson).differences) &&
        typeof (i as InvocationJson).verified === 'object',
    )
  );
}

export function headline(result: VerifyResultJson, inv: InvocationJson): string {
  const n = inv.differences.length;
  if (inv.status === 'differs') return `${n} difference${n === 1 ? '' : 's'} with QEMU ${result.qemuVersion ?? '?'}`;
  return inv.summary;
}

/** Marks for the first invocation of `result` (the request names one), shown on the map of `line`. */
export function marksFrom(result: VerifyResultJson, line: number): VerifyMarks {
  const details = result.versionNote ? [result.versionNote] : [];
  const inv = result.invocations[0];
  if (result.error || !inv)
    return {
      line,
      status: 'failed',
      headline: result.error ? `QEMU could not be run: ${result.error}` : 'No QEMU command to verify.',
      details,
      rows: {},
    };
  const rows: Record<string, string | null> = {};
  const qemuValue = (table: string, index: number, id?: string) =>
    inv.differences.find((d) => d.table === table && (id !== undefined ? d.id === id : d.index === index))?.qemu ??
    'not checked';
  inv.verified.e820.forEach((ok, i) => (rows[`e820:${i}`] = ok ? null : qemuValue('e820', i)));
  inv.verified.srat.forEach((ok, i) => (rows[`srat:${i}`] = ok ? null : qemuValue('srat', i)));
  for (const [id, ok] of Object.entries(inv.verified.devices))
    rows[`device:${id}`] = ok ? null : qemuValue('device', -1, id);
  // Differences no row of ours shows: the outcome, reserved-memory-end, rows only QEMU has.
  for (const d of inv.differences) {
    const shown =
      (d.table === 'e820' || d.table === 'srat') && d.index < inv.verified[d.table].length
        ? true
        : d.table === 'device' && d.id !== undefined && d.id in inv.verified.devices;
    if (!shown) details.push(`${d.table === 'device' ? `device ${d.id}` : d.table}: ours ${d.ours}, QEMU ${d.qemu}`);
  }
  details.push(...inv.assumptions.map((a) => `assumed: ${a}`), ...inv.notes.map((n) => `note: ${n}`));
  return { line, status: inv.status, headline: headline(result, inv), details, rows };
}
