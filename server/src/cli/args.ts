// Command-line arguments → a typed request. Pure: no I/O, so every parse error is a value the
// caller turns into usage text and exit code 2.
import type { Settings, SpmFormSetting } from '../analysis/types';
import { QEMU_VERSIONS } from '../analysis/types';
import { DEFAULT_TIMEOUT_MS } from '../verify/index';

export type OutputFormat = 'text' | 'json' | 'sarif';

export type CliRequest =
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'check'; files: string[]; format: OutputFormat; settings: Settings }
  | { command: 'map'; files: string[]; format: 'text' | 'json'; settings: Settings }
  | {
      command: 'verify';
      files: string[];
      format: 'text' | 'json';
      settings: Settings;
      qemu: string;
      timeoutMs: number;
      /** --qemu-version was given: verify judges with that model, not the version QEMU reports. */
      qemuVersionPinned: boolean;
    };

export class UsageError extends Error {}

export const USAGE = `Usage:
  qemu-launch check [options] FILE...   report NUMA / memory-device / SPM placement problems
  qemu-launch map [options] FILE...     print the guest address map (E820, SRAT, device memory)
  qemu-launch verify [options] FILE...  run your QEMU (sanitised, no guest) and compare its map with ours
  qemu-launch --help | --version

Options:
  --format text|json|sarif   check: output format (default text: file:line:col: severity[code]: message)
  --json                     map: print the map as JSON (same as --format json)
  --spm-form auto|v4|v7|v8|upstream|none
                             which SPM command-line form the target QEMU understands (default auto)
  --qemu-version 7.2|10.0|11.1
                             the QEMU release whose machine types, rules and messages apply (default 11.1;
                             verify: default the release of the QEMU it runs)
  --host-cpu-vendor amd|intel
                             CPU vendor assumed for -cpu host/max (default amd)
 --qemu PATH                verify: the QEMU to run (default qemu-system-x86_64 from PATH)
  --timeout SECONDS          verify: kill QEMU after this long (default 10)
  -h, --help                 show this help
  -V, --version              show the version

Exit status: 0 no errors, 1 check found an error, 2 usage error or unreadable file, 3 internal error.
verify: 0 every command agrees with QEMU, 1 a difference, 2 QEMU could not be run or could not verify a command.`;

const SPM_FORMS: readonly SpmFormSetting[] = ['auto', 'v4', 'v7', 'v8', 'upstream', 'none'];
const VENDORS = ['amd', 'intel'] as const;
const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`invalid value '${value}' for ${option} (expected ${allowed.join(', ')})`);
}

export function parseArgs(argv: readonly string[]): CliRequest {
  if (argv.length === 0) throw new UsageError('missing command');
  const rest = [...argv];
  // --help / --version win wherever they appear, as in most CLIs, unless after `--`.
  const dashDash = rest.indexOf('--');
  const head = dashDash < 0 ? rest : rest.slice(0, dashDash);
  if (head.includes('--help') || head.includes('-h')) return { command: 'help' };
  if (head.includes('--version') || head.includes('-V')) return { command: 'version' };

  const command = rest.shift()!;
  if (command === 'help') return { command: 'help' };
  if (command !== 'check' && command !== 'map' && command !== 'verify') {
    throw new UsageError(command.startsWith('-') ? `unknown option '${command}'` : `unknown command '${command}'`);
  }

  let format: OutputFormat | undefined;
  const settings: Settings = { spmForm: 'auto', hostCpuVendor: 'amd' };
  const files: string[] = [];
  let qemu = 'qemu-system-x86_64';
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  let qemuVersionPinned = false;
  let onlyFiles = false;
  while (rest.length > 0) {
    const arg = rest.shift()!;
    if (onlyFiles || !arg.startsWith('-') || arg === '-') {
      files.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyFiles = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const takeValue = (): string => {
      if (eq >= 0) return arg.slice(eq + 1);
      const value = rest.shift();
      if (value === undefined) throw new UsageError(`option ${name} needs a value`);
      return value;
    };
    switch (name) {
      case '--format':
        format = oneOf(name, takeValue(), FORMATS);
        break;
      case '--json':
        if (eq >= 0) throw new UsageError(`option --json takes no value`);
        format = 'json';
        break;
      case '--spm-form':
        settings.spmForm = oneOf(name, takeValue(), SPM_FORMS);
        break;
      case '--qemu-version':
        settings.qemuVersion = oneOf(name, takeValue(), QEMU_VERSIONS);
        qemuVersionPinned = true;
        break;
      case '--host-cpu-vendor':
        settings.hostCpuVendor = oneOf(name, takeValue(), VENDORS);
        break;
      case '--qemu':
        if (command !== 'verify') throw new UsageError(`--qemu is an option of verify`);
        qemu = takeValue();
        if (!qemu) throw new UsageError(`--qemu needs a program`);
        break;
      case '--timeout': {
        if (command !== 'verify') throw new UsageError(`--timeout is an option of verify`);
        const v = takeValue();
        const seconds = Number(v);
        if (!/^\d+(\.\d+)?$/.test(v) || seconds <= 0 || seconds > 600)
          throw new UsageError(`invalid value '${v}' for --timeout (seconds, up to 600)`);
        timeoutMs = Math.round(seconds * 1000);
        break;
      }
      default:
        throw new UsageError(`unknown option '${name}'`);
    }
  }
  if (files.length === 0) throw new UsageError(`${command}: no FILE given`);
  if (files.includes('-')) throw new UsageError(`reading from standard input is not supported; name a file`);
  if (command === 'verify') {
    if (format === 'sarif') throw new UsageError(`verify prints text or JSON, not SARIF`);
    return { command, files, format: format ?? 'text', settings, qemu, timeoutMs, qemuVersionPinned };
  }
  if (command === 'map') {
    if (format === 'sarif') throw new UsageError(`map prints text or JSON, not SARIF`);
    return { command, files, format: format ?? 'text', settings };
  }
  return { command, files, format: format ?? 'text', settings };
}
