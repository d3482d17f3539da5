// Shared by the in-process feature tests: analyse fixture text, find positions by needle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, TextEdit } from 'vscode-languageserver-types';
import { analyze, initShellParser, type Analysis } from '../../../server/src/analysis/index';
import { defaultSettings, type Settings } from '../../../server/src/analysis/types';

export const ready = initShellParser();

export function fixture(name: string): string {
  return readFileSync(join('test/fixtures/lsp', name), 'utf8');
}

export function analyse(text: string, settings: Partial<Settings> = {}): Analysis {
  return analyze(text, { ...defaultSettings, ...settings });
}

/** Position of the `nth` occurrence of needle, plus `delta` characters (default: just after it). */
export function at(text: string, needle: string, delta = needle.length, nth = 0): Position {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`fixture has no ${JSON.stringify(needle)} #${i}`);
  }
  const doc = TextDocument.create('file:///t.sh', 'shellscript', 1, text);
  return doc.positionAt(index + delta);
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///t.sh', 'shellscript', 1, text), edits);
}

export function lineText(text: string, line: number): string {
  return text.split('\n')[line];
}
