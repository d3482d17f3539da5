// Per-document state: the text, the tree-sitter tree kept in step with every edit (incremental
// re-parse), and the Analysis of the current version. The analysis is computed at most once per
// (version, analysis settings) and every feature reads that one object; older versions are
// dropped as soon as a newer text arrives, so stale work is never finished or served.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Tree } from 'web-tree-sitter';
import { analyze, AnalysisCache, type Analysis } from './analysis/index';
import { parseShell, reparse, type TextEdit } from './analysis/shell/parser';
import type { Settings } from './analysis/types';
import { analysisKey } from './settings';
import { describe } from './describe';

/** Languages whose documents are always analysed; others only when they start QEMU. */
const SHELL_LANGUAGES = new Set(['shellscript', 'sh', 'bash', 'zsh', 'ksh', 'dash']);
const MENTIONS_QEMU = /qemu-system-|\bqemu\b|\$\{?QEMU/i;

export interface DocumentState {
  readonly uri: string;
  readonly languageId: string;
  document: TextDocument;
  /** Tree for document.getText() at document.version; undefined until first needed. */
  tree?: Tree;
  analysis?: Analysis;
  analysisVersion?: number;
  analysisSettings?: string;
  /**
   * The previous version's per-command results, so an edit re-analyses only the commands it
   * touched. It moves reused results in place: an older `analysis` is invalid once a newer one
   * is computed (it is dropped on every change anyway).
   */
  cache: AnalysisCache;
}

export type Logger = (message: string) => void;

export class DocumentStore {
  private readonly docs = new Map<string, DocumentState>();

  constructor(private readonly log: Logger = () => {}) {}

  open(uri: string, languageId: string, version: number, text: string): DocumentState {
    this.close(uri);
    const state: DocumentState = {
      uri,
      languageId,
      document: TextDocument.create(uri, languageId, version, text),
      cache: new AnalysisCache(),
    };
    this.docs.set(uri, state);
    return state;
  }

  /**
   * Applies LSP content changes in order. The tree is edited and re-parsed incrementally from the
   * old one; if that fails for any reason the tree is dropped and rebuilt from scratch when next
   * needed (correctness first, speed second).
   */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): DocumentState | undefined {
    const state = this.docs.get(uri);
    if (!state) return undefined;
    const oldText = state.document.getText();
    const edits: TextEdit[] = [];
    // TextDocument.update keeps its line table up to date incrementally; offsets of each change
    // are taken in the text as it is just before that change (LSP applies them in order).
    const doc = state.document;
    for (const change of changes) {
      if ('range' in change) {
        const start = doc.offsetAt(change.range.start);
        const end = Math.max(start, doc.offsetAt(change.range.end));
        edits.push({ start, oldEnd: end, newText: change.text });
      } else {
        // A client that sends the whole text (full sync) still edited one place: the common
        // prefix and suffix recover it, so the tree is re-parsed incrementally all the same.
        edits.push(diffEdit(doc.getText(), change.text));
      }
      TextDocument.update(doc, [change], version);
    }
    const text = doc.getText();
    this.dropAnalysis(state);
    const oldTree = state.tree;
    state.tree = undefined;
    if (oldTree && edits.length > 0) {
      try {
        state.tree = reparse(oldTree, oldText, text, edits);
      } catch (e) {
        this.log(`incremental parse failed, parsing ${uri} from scratch: ${describe(e)}`);
      }
    }
    if (oldTree && oldTree !== state.tree) oldTree.delete();
    return state;
  }

  close(uri: string): void {
    const state = this.docs.get(uri);
    if (!state) return;
    this.docs.delete(uri);
    this.dropAnalysis(state);
    state.tree?.delete();
    state.tree = undefined;
  }

  get(uri: string): DocumentState | undefined {
    return this.docs.get(uri);
  }

  all(): DocumentState[] {
    return [...this.docs.values()];
  }

  /** Shell scripts always; other documents only when they mention QEMU at all. */
  isAnalysed(state: DocumentState): boolean {
    if (SHELL_LANGUAGES.has(state.languageId)) return true;
    return MENTIONS_QEMU.test(state.document.getText());
  }

  /** The analysis of the current version, computed now if not cached. Undefined for documents we ignore. */
  analysis(uri: string, settings: Settings): Analysis | undefined {
    const state = this.docs.get(uri);
    if (!state || !this.isAnalysed(state)) return undefined;
    const key = analysisKey(settings);
    const version = state.document.version;
    if (state.analysis && state.analysisVersion === version && state.analysisSettings === key) return state.analysis;
    const text = state.document.getText();
    if (!state.tree) state.tree = parseShell(text);
    state.analysis = analyze(text, settings, state.tree, state.cache);
    state.analysisVersion = version;
    state.analysisSettings = key;
    return state.analysis;
  }

  /** Forget cached analyses (settings changed); trees stay, they do not depend on settings. */
  invalidateAll(): void {
    for (const state of this.docs.values()) this.dropAnalysis(state);
  }

  private dropAnalysis(state: DocumentState): void {
    state.analysis = undefined;
    state.analysisVersion = undefined;
    state.analysisSettings = undefined;
  }
}

/**
 * The one edit that turns `before` into `after`: everything between their longest common prefix
 * and longest common suffix (which do not overlap). Linear in the length of the text, well under
 * a millisecond on a 10,000-line script, against ~30 ms for parsing it from scratch.
 */
export function diffEdit(before: string, after: string): TextEdit {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (
    suffix < max - start &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  // Never split a surrogate pair: the edit covers whole characters.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return { start, oldEnd: before.length - suffix, newText: after.slice(start, after.length - suffix) };
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
