// Options tests read real scripts through the real shell front end, so every span checked here
// is the span a user would see.
import { before } from 'node:test';
import { initShellParser, parseShell } from '../../../server/src/analysis/shell/parser';
import { findInvocationsStrict } from '../../../server/src/analysis/shell/invocations';
import { parseOptions, type ParsedOptions } from '../../../server/src/analysis/options/parse';
import { buildMachine } from '../../../server/src/analysis/machine/build';
import { checkProperties } from '../../../server/src/analysis/checks/properties';
import { defaultSettings, type Diagnostic, type QemuOption, type Settings } from '../../../server/src/analysis/types';

before(async () => {
  await initShellParser();
});

/** Parse the options of the only QEMU invocation in `text`. */
export function parse(text: string, settings: Settings = defaultSettings): ParsedOptions {
  const tree = parseShell(text);
  try {
    const r = findInvocationsStrict(tree, text);
    if (r.invocations.length !== 1) throw new Error(`expected one invocation, got ${r.invocations.length}`);
    return parseOptions(r.invocations[0], settings);
  } finally {
    tree.delete();
  }
}

/** The property checker on these options, reading them through the Machine as `analyze` does. */
export function propertyDiagnostics(options: QemuOption[], settings: Settings = defaultSettings): Diagnostic[] {
  return checkProperties({ machine: buildMachine(options, settings).machine, settings });
}

// Where a substring stands in a script: the shell tests' helper.
export { at } from '../shell/helpers';

export const Q = 'qemu-system-x86_64';
