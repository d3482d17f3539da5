// Commands that run another command (exec, sudo, numactl, taskset ...): which of their
// arguments are their own options, so that the QEMU word after them is found — and the forms
// that run nothing (taskset -p, command -v) are not mistaken for an invocation.
import type { Word } from '../types';

interface PrefixSpec {
  /** Short options that take an argument (getopt letters). */
  shortArg?: string;
  /** Long options that take an argument (also accepted as --name=value). */
  longArg?: string[];
  /** Options after which no command is run. */
  shortStop?: string;
  longStop?: string[];
  /** Words that must follow the options before the command (taskset's mask, timeout's duration). */
  positional?: number;
  /** chrt: an optional priority number before the command. */
  optionalNumber?: boolean;
  /** NAME=value words are part of the prefix (env, sudo). */
  assignments?: boolean;
  /** nice -5 */
  numericOptions?: boolean;
}

const PREFIXES: Record<string, PrefixSpec> = {
  exec: { shortArg: 'a' },
  command: { shortStop: 'vV' },
  builtin: {},
  nohup: {},
  coproc: {},
  time: { shortArg: 'fo', longArg: ['format', 'output'] },
  sudo: {
    shortArg: 'CDgpRrTtUu',
    longArg: [
      'close-from',
      'chdir',
      'group',
      'host',
      'prompt',
      'chroot',
      'role',
      'type',
      'command-timeout',
      'other-user',
      'user',
    ],
    shortStop: 'elvVK',
    longStop: ['edit', 'list', 'validate', 'version', 'remove-timestamp', 'help'],
    assignments: true,
  },
  doas: { shortArg: 'uC' },
  env: {
    shortArg: 'uC',
    longArg: ['unset', 'chdir'],
    shortStop: 'S',
    longStop: ['split-string', 'help', 'version'],
    assignments: true,
  },
  taskset: { shortStop: 'p', longStop: ['pid', 'help', 'version'], positional: 1 },
  numactl: {
    shortArg: 'imNCpPwSfLoM',
    longArg: [
      'interleave',
      'membind',
      'cpunodebind',
      'physcpubind',
      'preferred',
      'preferred-many',
      'weighted-interleave',
      'cpubind',
      'shm',
      'file',
      'length',
      'offset',
      'shmmode',
      'shmid',
    ],
    shortStop: 'sH',
    longStop: ['show', 'hardware', 'help'],
  },
  nice: { shortArg: 'n', longArg: ['adjustment'], numericOptions: true },
  ionice: { shortArg: 'cn', longArg: ['class', 'classdata'], shortStop: 'pPu', longStop: ['pid', 'pgid', 'uid'] },
  chrt: {
    shortArg: 'TPD',
    longArg: ['sched-runtime', 'sched-period', 'sched-deadline'],
    shortStop: 'pm',
    longStop: ['pid', 'max'],
    optionalNumber: true,
  },
  timeout: { shortArg: 'sk', longArg: ['signal', 'kill-after'], positional: 1 },
  setsid: {},
  stdbuf: { shortArg: 'ioe', longArg: ['input', 'output', 'error'] },
};

const QEMU_NAMES = new Set(['qemu-system-x86_64', 'qemu-system-i386', 'qemu-kvm']);

function basename(s: string): string {
  return s.slice(s.lastIndexOf('/') + 1);
}

/** qemu-system-x86_64, qemu-system-i386, qemu-kvm, or any path ending in one of them. */
export function isQemuProgram(word: string): boolean {
  return QEMU_NAMES.has(basename(word));
}

/** A command name worth expanding: QEMU itself or a prefix that may run it. */
export function mayRunQemu(name: string): boolean {
  const b = basename(name);
  return QEMU_NAMES.has(b) || b in PREFIXES;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Index just after the prefix command at `i` (its options and positional words), or -1 if it runs nothing. */
function skipPrefix(words: Word[], i: number, spec: PrefixSpec): number {
  let k = i + 1;
  while (k < words.length) {
    const w = words[k];
    if (w.unknown) break;
    const t = w.text;
    if (t === '--') {
      k++;
      break;
    }
    if (spec.assignments && ASSIGNMENT.test(t)) {
      k++;
      continue;
    }
    if (spec.numericOptions && /^--?\d+$/.test(t)) {
      k++;
      continue;
    }
    if (t.startsWith('--') && t.length > 2) {
      const eq = t.indexOf('=');
      const name = t.slice(2, eq === -1 ? undefined : eq);
      if (spec.longStop?.some((s) => s.startsWith(name))) return -1;
      const takesArg =
        spec.longArg?.some((s) => s === name) || spec.longArg?.filter((s) => s.startsWith(name)).length === 1;
      k += takesArg && eq === -1 ? 2 : 1;
      continue;
    }
    if (t.startsWith('-') && t.length > 1) {
      // Clustered short options: -Eu user, -N0.
      let consumed = 1;
      for (let c = 1; c < t.length; c++) {
        if (spec.shortStop?.includes(t[c])) return -1;
        if (spec.shortArg?.includes(t[c])) {
          if (c === t.length - 1) consumed = 2;
          break;
        }
      }
      k += consumed;
      continue;
    }
    break;
  }
  if (spec.assignments) while (k < words.length && !words[k].unknown && ASSIGNMENT.test(words[k].text)) k++;
  k += spec.positional ?? 0;
  if (spec.optionalNumber && k < words.length && /^\d+$/.test(words[k].text)) k++;
  return k;
}

/**
 * Index of the QEMU program word in `words` (the argv of one simple command), looking through
 * prefixes such as `exec sudo -E numactl -N 0 -m 0`; -1 when the command does not run QEMU.
 */
export function findProgram(words: Word[]): number {
  let i = 0;
  for (let hops = 0; hops < 32 && i < words.length; hops++) {
    const w = words[i];
    if (w.unknown) {
      // `numactl $NUMA_OPTS qemu-system-x86_64 ...`: an unknown word among a prefix's options
      // does not hide a QEMU program written literally after it.
      for (let j = i + 1; j < words.length; j++) if (!words[j].unknown && isQemuProgram(words[j].text)) return j;
      return -1;
    }
    if (isQemuProgram(w.text)) return i;
    const spec = PREFIXES[basename(w.text)];
    if (!spec) return -1;
    i = skipPrefix(words, i, spec);
    if (i < 0) return -1;
  }
  return -1;
}
