// Per-document state: the text, the tree-sitter tree kept in step with every edit (incremental
// re-parse), and the Analysis of the current version. The analysis is computed at most once per
// (version, analysis settings) and every feature reads that one object; older versions are
// dropped as soon as a newer text arrives, so stale work is never finished or served.
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { Tree } from 'web-tree-sitter';
import { analyze, AnalysisCache, type Analysis } from './analysis/index';
import { parseShell, reparseEdited, treeEdit } from './analysis/shell/parser';
import { DocumentText } from './documentText';
import type { Settings } from './analysis/types';
import { analysisKey } from './settings';
import { describe } from './describe';

/** Languages whose documents are always analysed; others only when they start QEMU. */
const SHELL_LANGUAGES = new Set(['shellscript', 'sh', 'bash', 'zsh', 'ksh', 'dash']);
const MENTIONS_QEMU = /qemu-system-|\bqemu\b|\$\{?QEMU/i;

export interface DocumentState {
  readonly uri: string;
  readonly languageId: string;
  document: DocumentText;
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
  /**
   * The document's first analysis, made without the cache so that the first diagnostics do not
   * wait for what only edits need; its results go into the cache (AnalysisCache.adopt) before
   * the cache is next used: by prime() once they are published, or by the next analysis.
   */
  unadopted?: Analysis;
  /** Set by the first analysis: every later one goes through the cache. */
  analysedOnce?: boolean;
}

export type Logger = (message: string) => void;

export class DocumentStore {
  private readonly docs = new Map<string, DocumentState>();

  /**
   * `log`: what failed (and was worked around); `info`: each document's first analysis with its
   * time, which for the first document of a process is the analysis code's first run (the bench
   * reads it from the server's log: BENCHMARKS.md, round 9).
   */
  constructor(
    private readonly log: Logger = () => {},
    private readonly info: Logger = () => {},
  ) {}

  open(uri: string, languageId: string, version: number, text: string): DocumentState {
    this.close(uri);
    const state: DocumentState = {
      uri,
      languageId,
      document: new DocumentText(version, text),
      cache: new AnalysisCache(),
    };
    this.docs.set(uri, state);
    return state;
  }

  /**
   * Applies LSP content changes in order (a whole-text change is diffed into the one range it
   * edited: documentText.ts). The tree is edited and re-parsed incrementally from the old one with
   * the edits the document derived from the same changes; if that fails for any reason the tree is
   * dropped and rebuilt from scratch when next needed (correctness first, speed second).
   */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): DocumentState | undefined {
    const state = this.docs.get(uri);
    if (!state) return undefined;
    const oldTree = state.tree;
    state.tree = undefined;
    this.dropAnalysis(state);
    try {
      const applied = state.document.apply(changes, version);
      if (applied.length === 0)
        state.tree = oldTree; // the text did not change
      else if (oldTree) {
        try {
          const edits = applied.map((a) => treeEdit(a.before, a.edit));
          state.tree = reparseEdited(oldTree, state.document.getText(), edits);
        } catch (e) {
          this.log(`incremental parse failed, parsing ${uri} from scratch: ${describe(e)}`);
        }
      }
    } finally {
      if (oldTree && oldTree !== state.tree) oldTree.delete();
    }
    return state;
  }

  close(uri: string): void {
    const state = this.docs.get(uri);
    if (!state) return;
    this.docs.delete(uri);
    this.dropAnalysis(state);
    state.unadopted = undefined;
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
    // Date.now, not performance.now: see loadCore in server.ts.
    const started = state.analysedOnce ? 0 : Date.now();
    if (!state.tree) state.tree = parseShell(text);
    if (!state.analysedOnce) {
      state.analysis = analyze(text, settings, state.tree, undefined, state.document.lines);
      state.unadopted = state.analysis;
      state.analysedOnce = true;
      this.info(
        `first analysis of ${uri}: ${Date.now() - started} ms (${state.analysis.invocations.length} QEMU commands)`,
      );
    } else {
      this.adoptFirst(state, key);
      state.analysis = analyze(text, settings, state.tree, state.cache, state.document.lines);
    }
    state.analysisVersion = version;
    state.analysisSettings = key;
    return state.analysis;
  }

  /**
   * Fills the cache from the first analysis while it is still the current one (the server calls
   * this once the first diagnostics are out), so the first edit already reuses what it did not
   * touch. Analyses the same text again through the cache, which builds the command memo and
   * reuses every result unchanged; the answer is the same. False when there was nothing to do.
   */
  prime(uri: string, settings: Settings): boolean {
    const state = this.docs.get(uri);
    if (!state?.unadopted || state.analysis !== state.unadopted || !state.tree) return false;
    const key = analysisKey(settings);
    if (state.analysisSettings !== key) return false;
    this.adoptFirst(state, key);
    state.analysis = analyze(state.document.getText(), settings, state.tree, state.cache, state.document.lines);
    return true;
  }

  /**
   * Gives the cache the first analysis's results, if they are of the settings about to be used
   * (the cache would drop others at once). Only a saving: if it fails, the cache starts empty.
   */
  private adoptFirst(state: DocumentState, key: string): void {
    const first = state.unadopted;
    if (!first) return;
    state.unadopted = undefined;
    if (analysisKey(first.settings) !== key) return;
    try {
      state.cache.adopt(first);
    } catch (e) {
      state.cache.reset();
      this.log(`reusing the first analysis of ${state.uri} failed, analysing it again: ${describe(e)}`);
    }
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
