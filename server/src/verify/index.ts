// verify: run the user's QEMU on the memory-shaping part of each QEMU command of a script and
// compare what it built with the static map. Only ever called on an explicit user action.
import type { Analysis } from '../analysis/index';
import { analyze } from '../analysis/index';
import { DEFAULT_QEMU_VERSION, type Settings } from '../analysis/types';
import { sanitize, PRIVATE_DIR } from './sanitize';
import { qemuVersion, runQemu, type RunOptions } from './run';
import { compare, predictedErrors, type Comparison, type Difference } from './compare';
import { chooseModel, type VersionPolicy } from './versions';

const shown = (a: string) => a.split(PRIVATE_DIR).join('<private temporary directory>');

export type VerifyStatus = 'agrees' | 'differs' | 'unverifiable' | 'failed';

export interface InvocationVerification {
  /** 0-based index of the command among the document's QEMU commands. */
  index: number;
  /** 0-based line of the command in the document. */
  line: number;
  status: VerifyStatus;
  /** One sentence: "agrees with QEMU 7.2.22", "2 differences from QEMU 7.2.22", the reason ... */
  summary: string;
  differences: Difference[];
  verified: Comparison['verified'];
  /** Where what ran differs from the script in a way that could change the map. */
  notes: string[];
  /** Version-dependent rules qemu-launch assumed while comparing. */
  assumptions: string[];
  /** The program and arguments QEMU was started with (sockets excluded). */
  argv: string[];
  /** Options of the script that were not given to QEMU. */
  dropped: string[];
}

export interface FileVerification {
  qemu: string;
  /** "7.2.22", when QEMU could be asked. */
  qemuVersion?: string;
  /** QEMU's -version line. */
  qemuVersionLine?: string;
  /** The modelled QEMU release whose rules the analysis followed (7.2, 10.0, 11.1). */
  assumedVersion: string;
  /** One line when the version setting and the QEMU that ran disagree (or the QEMU is not modelled). */
  versionNote?: string;
  invocations: InvocationVerification[];
  /** Set when QEMU could not be run at all. */
  error?: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** QEMU builds without the SPM series name the SPM options unknown. */
const SPM_UNKNOWN = /'(spm-memory|sp-mem)' is not a valid device model name|Invalid parameter '(spm|memmap-type)'/;

/** Which accelerator each QEMU binary accepted (qtest where built in, else tcg). */
const accelFor = new Map<string, string>();

function withAccel(args: string[], accel: string): string[] {
  const i = args.indexOf('-accel');
  return i < 0 ? args : [...args.slice(0, i + 1), accel, ...args.slice(i + 2)];
}

const none = (): Comparison['verified'] => ({ e820: [], srat: [], devices: {} });

type VersionAnswer = Awaited<ReturnType<typeof qemuVersion>>;

/**
 * Verify a script against the QEMU in `opts`: ask that QEMU its version first, then analyse with
 * the model of that version (or the one `policy` pins), so the comparison judges the rules and
 * messages of the QEMU that actually runs.
 */
export async function verifyText(
  text: string,
  settings: Settings,
  opts: RunOptions,
  policy: VersionPolicy,
  /** Indexes of the commands to verify (all when absent). */
  only?: readonly number[],
): Promise<FileVerification> {
  const v = await qemuVersion(opts);
  if ('error' in v) {
    return {
      qemu: opts.qemu,
      assumedVersion: policy.configured ?? settings.qemuVersion ?? DEFAULT_QEMU_VERSION,
      invocations: [],
      error: v.error,
    };
  }
  const choice = chooseModel(v.version, policy);
  const result = await verifyAnalysis(analyze(text, { ...settings, qemuVersion: choice.model }), opts, v, only);
  if (choice.note) result.versionNote = choice.note;
  return result;
}

export async function verifyAnalysis(
  analysis: Analysis,
  opts: RunOptions,
  known?: VersionAnswer,
  only?: readonly number[],
): Promise<FileVerification> {
  const result: FileVerification = {
    qemu: opts.qemu,
    assumedVersion: analysis.settings.qemuVersion ?? DEFAULT_QEMU_VERSION,
    invocations: [],
  };
  const v = known ?? (await qemuVersion(opts));
  if ('error' in v) {
    result.error = v.error;
    return result;
  }
  result.qemuVersion = v.version;
  result.qemuVersionLine = v.line;
  for (const [index, inv] of analysis.invocations.entries()) {
    if (only && !only.includes(index)) continue;
    const line = analysis.lines.positionAt(inv.invocation.span.start).line;
    const s = sanitize(inv.options, inv.machine);
    const base: Omit<InvocationVerification, 'status' | 'summary'> = {
      index,
      line,
      notes: s.notes,
      assumptions: [],
      argv: [opts.qemu, ...s.args.map(shown)],
      dropped: s.dropped,
      differences: [],
      verified: none(),
    };
    if (s.unverifiable || inv.machine.incomplete) {
      result.invocations.push({
        ...base,
        status: 'unverifiable',
        summary: `not verified: ${s.unverifiable ?? 'the map depends on values the script computes at run time'}`,
      });
      continue;
    }
    let outcome = await runQemu(withAccel(s.args, accelFor.get(opts.qemu) ?? 'qtest'), opts);
    if (outcome.kind === 'refused' && /invalid accelerator qtest/.test(outcome.message)) {
      // Distribution builds (Debian's among them) leave the qtest accelerator out; the qtest
      // protocol still works over -qtest, and with -S no guest instruction ever runs.
      accelFor.set(opts.qemu, 'tcg');
      outcome = await runQemu(withAccel(s.args, 'tcg'), opts);
    }
    if (accelFor.get(opts.qemu) === 'tcg') base.argv = [opts.qemu, ...withAccel(s.args, 'tcg').map(shown)];
    if (outcome.kind === 'failed') {
      result.invocations.push({ ...base, status: 'failed', summary: `QEMU could not be run: ${outcome.reason}` });
      continue;
    }
    if (outcome.kind === 'refused' && SPM_UNKNOWN.test(outcome.message)) {
      result.invocations.push({
        ...base,
        status: 'unverifiable',
        summary: `not verified: QEMU ${v.version} does not know the SPM option this script uses (qemu-launch assumed a QEMU with that SPM form: ${outcome.message})`,
      });
      continue;
    }
    const c = compare(inv.layout, predictedErrors(inv.diagnostics, inv.layout), outcome, v.version, inv.machine.kvm);
    const n = c.differences.length;
    result.invocations.push({
      ...base,
      assumptions: c.assumptions,
      differences: c.differences,
      verified: c.verified,
      status: n === 0 ? 'agrees' : 'differs',
      summary:
        n === 0
          ? `agrees with QEMU ${v.version}${outcome.kind === 'refused' ? ' (both refuse it)' : ''}`
          : `${n} difference${n === 1 ? '' : 's'} from QEMU ${v.version}`,
    });
  }
  return result;
}

/** CLI exit status: 0 all agree, 1 a difference, 2 QEMU could not be run. */
export function exitStatus(files: readonly FileVerification[]): number {
  const all = files.flatMap((f) => f.invocations);
  if (files.some((f) => f.error) || all.some((i) => i.status === 'failed')) return 2;
  if (all.some((i) => i.status === 'differs')) return 1;
  if (all.some((i) => i.status === 'unverifiable')) return 2;
  return 0;
}
