// Options whose argument text no layer after the option parser reads: nothing in machine/,
// layout/ or checks/ names them, they have no property parser (syntax 'plain'), and the later
// layers only ask of an option its name, whether its argument is unresolved and its spans. So
// two commands that differ only in the text of such an argument — `-drive file=$IMAGES/a.qcow2`
// after an edit of IMAGES= at the top of a script, which every guest reads — have the same
// machine, layout and diagnostics, and the analysis cache (cache.ts) re-uses them with the new
// text patched in instead of analysing every guest again. test/unit/perf-invariants/inertOptions
// checks that no layer names them and that changing their text changes nothing else.
import type { QemuOption, Word } from './types';

export const INERT_OPTIONS: ReadonlySet<string> = new Set([
  'drive',
  'name',
  'netdev',
  'nic',
  'chardev',
  'serial',
  'monitor',
  'display',
  'vga',
  'kernel',
  'initrd',
  'append',
  'boot',
  'cdrom',
  'pidfile',
]);

/** The option word (`-drive`, `--name`) whose next word may be an inert argument: a guess the cache confirms. */
export function isInertOptionWord(text: string): boolean {
  if (text.length < 2 || text.charCodeAt(0) !== 45 /* - */) return false;
  return INERT_OPTIONS.has(text.slice(text.charCodeAt(1) === 45 ? 2 : 1));
}

/**
 * The argument words of a parsed command whose text the later layers never read. Asked once per
 * analysed command, while its options exist (invocationResult.ts keeps the answer).
 */
export function inertArguments(options: readonly QemuOption[]): ReadonlySet<Word> {
  let out: Set<Word> | undefined;
  for (const o of options)
    if (INERT_OPTIONS.has(o.name) && o.syntax === 'plain' && !o.unknown && o.arg && !o.arg.unknown)
      (out ??= new Set<Word>()).add(o.arg);
  return out ?? NONE;
}

/** The answer for most commands, shared (it is never changed). */
const NONE: ReadonlySet<Word> = new Set<Word>();
