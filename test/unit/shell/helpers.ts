// Shared by the shell tests: parse a script, and find expected ranges by the text they cover,
// so each test reads as the script it checks.
import { before } from 'node:test';
import { initShellParser, parseShell } from '../../../server/src/analysis/shell/parser';
import { findInvocationsStrict } from '../../../server/src/analysis/shell/invocations';
import type { Invocation, Span, Word } from '../../../server/src/analysis/types';

before(async () => {
  await initShellParser();
});

/** The front end without its catch-all, so a throw fails the test. */
export function shell(text: string): ReturnType<typeof findInvocationsStrict> {
  const tree = parseShell(text);
  try {
    return findInvocationsStrict(tree, text);
  } finally {
    tree.delete();
  }
}

/** The only invocation of `text`. */
export function only(text: string): Invocation {
  const r = shell(text);
  if (r.invocations.length !== 1) throw new Error(`expected one invocation, got ${r.invocations.length}`);
  return r.invocations[0];
}

/** Span of the n-th (0-based) occurrence of `sub` in `text`. */
export function at(text: string, sub: string, nth = 0): Span {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(sub, i + 1);
    if (i < 0) throw new Error(`${JSON.stringify(sub)} (#${nth}) not in text`);
  }
  return { start: i, end: i + sub.length };
}

export function texts(words: Word[]): string[] {
  return words.map((w) => w.text);
}

/** The source each word's span covers: what an editor would underline. */
export function sources(text: string, words: Word[]): string[] {
  return words.map((w) => text.slice(w.span.start, w.span.end));
}
