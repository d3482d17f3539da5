// tree-sitter-bash through web-tree-sitter: the only I/O of the analysis core (loading two wasm
// files once). Offsets in the tree are UTF-16 code units of the JS string, which is our Span unit.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Edit, Point, Tree } from 'web-tree-sitter';
import type { LineIndex, TextReplacement } from '../text';
// A require, not an import: esbuild then bundles the package's CommonJS build. Its ES module
// build reads import.meta.url, which is empty in our CommonJS bundles.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the reason above
import webTreeSitter = require('web-tree-sitter');

const { Language, Parser } = webTreeSitter;
type Parser = InstanceType<typeof Parser>;

export type { Tree } from 'web-tree-sitter';

let parser: Parser | undefined;
let initializing: Promise<void> | undefined;

/**
 * The wasm files sit next to the bundle (esbuild copies them into dist/, and `__dirname` of a
 * bundle is dist/); under tsx (tests, tools) they are found in node_modules instead.
 */
function locate(file: string, fromPackage: () => string): string {
  const besideBundle = join(__dirname, file);
  if (existsSync(besideBundle)) return besideBundle;
  return fromPackage();
}

// Specifiers in variables: resolved at run time from node_modules, not by the bundler.
const RUNTIME_PACKAGE = 'web-tree-sitter';
const BASH_WASM = 'tree-sitter-bash/tree-sitter-bash.wasm';

function runtimeWasm(): string {
  return locate('tree-sitter.wasm', () => join(dirname(require.resolve(RUNTIME_PACKAGE)), 'tree-sitter.wasm'));
}

function bashWasm(): string {
  return locate('tree-sitter-bash.wasm', () => require.resolve(BASH_WASM));
}

/** A wasm file's bytes and the module V8 compiled from them. */
export interface CompiledWasm {
  /** What web-tree-sitter reads the grammar's dynamic-linking section from. */
  bytes: Uint8Array;
  /** What is instantiated: V8 copies bytes it is given (1.5 MB), never a module. */
  module: WebAssembly.Module;
}

/**
 * The two wasm modules compiled ahead of initShellParser, while the caller did other work (the
 * language server starts this before it loads the analysis core: server/src/grammarPrefetch.ts).
 * The caller keeps this object until initShellParser has resolved.
 */
export interface PrecompiledGrammar {
  runtime: Promise<CompiledWasm>;
  bash: Promise<CompiledWasm>;
}

/**
 * Loads the runtime and the bash grammar. Idempotent; concurrent callers share one load. With
 * `precompiled`, from those modules; a file that failed to compile there is loaded as without.
 */
export function initShellParser(precompiled?: PrecompiledGrammar): Promise<void> {
  if (parser) return Promise.resolve();
  initializing ??= (async () => {
    const runtime = runtimeWasm();
    const [compiledRuntime, compiledBash] = await Promise.all([
      precompiled?.runtime.catch(() => undefined),
      precompiled?.bash.catch(() => undefined),
    ]);
    if (compiledRuntime) await initRuntimeFrom(compiledRuntime.module, runtime);
    else await Parser.init({ locateFile: () => runtime });
    const bash = compiledBash ? await languageFrom(compiledBash) : await Language.load(bashWasm());
    const p = new Parser();
    p.setLanguage(bash);
    parser = p;
  })().catch((e: unknown) => {
    initializing = undefined; // let a later call retry instead of caching the failure
    throw e;
  });
  return initializing;
}

/**
 * The runtime instantiated from its compiled module through emscripten's `instantiateWasm` hook,
 * which calls back with the instance and has no way to report a failure: a failed instantiation
 * rejects beside it.
 */
async function initRuntimeFrom(module: WebAssembly.Module, runtime: string): Promise<void> {
  let failed!: (e: unknown) => void;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  type Done = (instance: WebAssembly.Instance, module: WebAssembly.Module) => void;
  await Promise.race([
    Parser.init({
      locateFile: () => runtime,
      instantiateWasm: (imports: WebAssembly.Imports, done: Done) => {
        // `done` runs emscripten's set-up of the instance, which may throw too.
        WebAssembly.instantiate(module, imports)
          .then((instance) => done(instance, module))
          .catch(failed);
        return {}; // emscripten's contract: the exports come through `done`
      },
    }),
    failure,
  ]);
}

/**
 * Language.load(compiled.bytes), instantiating compiled.module instead of the bytes: web-tree-sitter
 * takes a grammar only as bytes or a path, and instantiating bytes makes V8 copy all 1.36 MB of them
 * (fresh memory, ~350 page faults, on the way to the first diagnostics) before it finds the module
 * it compiled from them in its cache. For as long as the load runs, WebAssembly.instantiate answers
 * a call with exactly those bytes from the module; any other call goes through unchanged.
 */
async function languageFrom(compiled: CompiledWasm): Promise<InstanceType<typeof Language>> {
  const instantiate = WebAssembly.instantiate;
  const fromModule = ((source: BufferSource | WebAssembly.Module, ...rest: [WebAssembly.Imports?]) =>
    source === compiled.bytes
      ? instantiate(compiled.module, ...rest).then((instance) => ({ module: compiled.module, instance }))
      : instantiate.call(WebAssembly, source as BufferSource, ...rest)) as typeof WebAssembly.instantiate;
  WebAssembly.instantiate = fromModule;
  try {
    return await Language.load(compiled.bytes);
  } finally {
    if (WebAssembly.instantiate === fromModule) WebAssembly.instantiate = instantiate;
  }
}

function ready(): Parser {
  if (!parser) throw new Error('shell parser not initialised: await initShellParser() first');
  return parser;
}

/**
 * Parses `text` (from scratch, or reusing `oldTree` when it has been edited to match `text`).
 * The caller owns the returned tree and frees it with `tree.delete()` when done: wasm memory is
 * not garbage collected.
 */
export function parseShell(text: string, oldTree?: Tree): Tree {
  parsing = true;
  try {
    const tree = ready().parse(inputOf(text), oldTree ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  } finally {
    parsing = false;
  }
}

/**
 * Characters handed to the parser per read. web-tree-sitter copies what the input returns into
 * wasm memory (up to 5,120 characters); an incremental parse reads afresh at every top-level
 * statement it reuses, so on a 10,000-line script a whole-rest-of-text input copied ~300,000
 * characters per keystroke for a few at each place. Short reads cost the same on a full parse.
 */
const PARSE_READ = 64;
let parsing = false;

/**
 * The parser's input, which the tree also keeps to give node texts: while parsing short reads,
 * afterwards the rest of the text in one piece (node.text asks until it has the node's length).
 */
function inputOf(text: string): (index: number) => string {
  return (index) => (parsing ? text.slice(index, index + PARSE_READ) : text.slice(index));
}

/** Row/column of `offset` in tree-sitter's terms: rows split at '\n', columns in UTF-16 units. */
function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** The point reached after writing `inserted` starting at `start`. */
function advance(start: Point, inserted: string): Point {
  const lastNewline = inserted.lastIndexOf('\n');
  if (lastNewline === -1) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - lastNewline - 1 };
}

/** Offsets into the text as it is before this edit (after the edits listed before it). */
export type TextEdit = TextReplacement;

/** tree-sitter's edit for `e` applied to `text`, its rows counted from the top. */
function countedEdit(text: string, e: TextEdit): Edit {
  const startPosition = pointAt(text, e.start);
  return {
    startIndex: e.start,
    oldEndIndex: e.oldEnd,
    newEndIndex: e.start + e.newText.length,
    startPosition,
    oldEndPosition: advance(startPosition, text.slice(e.start, e.oldEnd)),
    newEndPosition: advance(startPosition, e.newText),
  };
}

/**
 * Incremental parse. `edits` are applied in order, each in the coordinates left by the previous
 * ones (as LSP content changes are). `oldTree` is not modified (a copy is edited), so an Analysis
 * still holding it stays valid. If the edits do not turn `oldText` into `newText`, or anything
 * about them is inconsistent, the text is parsed from scratch: a slower answer, never a wrong tree.
 */
export function reparse(oldTree: Tree, oldText: string, newText: string, edits: TextEdit[]): Tree {
  let text = oldText;
  const treeEdits: Edit[] = [];
  for (const e of edits) {
    if (!(
      Number.isInteger(e.start) &&
      Number.isInteger(e.oldEnd) &&
      0 <= e.start &&
      e.start <= e.oldEnd &&
      e.oldEnd <= text.length
    )) {
      return parseShell(newText);
    }
    treeEdits.push(countedEdit(text, e));
    text = text.slice(0, e.start) + e.newText + text.slice(e.oldEnd);
  }
  if (text !== newText) return parseShell(newText);
  return reparseEdited(oldTree, newText, treeEdits);
}

/**
 * Incremental parse of `newText` from `oldTree` and the tree-sitter edits that turn the old
 * tree's text into it, which the caller guarantees (the document store derives both from the same
 * changes: treeEdit). `oldTree` is not modified.
 */
export function reparseEdited(oldTree: Tree, newText: string, treeEdits: readonly Edit[]): Tree {
  const edited = oldTree.copy();
  try {
    for (const te of treeEdits) edited.edit(te);
    return parseShell(newText, edited);
  } finally {
    edited.delete();
  }
}

/**
 * tree-sitter's edit for `edit` applied to `lines.text`, from the text's line table. tree-sitter
 * splits rows at '\n' only: in a text without a '\r' alone (CR LF ends a line for both) those
 * are the table's lines (a binary search instead of counting the newlines before the edit);
 * otherwise the rows are counted.
 */
export function treeEdit(lines: LineIndex, edit: TextEdit): Edit {
  // (indexOf first: one native scan, where the pattern's look-ahead scans the text more slowly.)
  if (lines.text.indexOf('\r') !== -1 && /\r(?!\n)/.test(lines.text)) return countedEdit(lines.text, edit);
  const point = (offset: number): Point => {
    const { line, character } = lines.positionAt(offset);
    return { row: line, column: character };
  };
  const startPosition = point(edit.start);
  return {
    startIndex: edit.start,
    oldEndIndex: edit.oldEnd,
    newEndIndex: edit.start + edit.newText.length,
    startPosition,
    oldEndPosition: point(edit.oldEnd),
    newEndPosition: advance(startPosition, edit.newText),
  };
}
