// A fuzz campaign against the language-server process: random documents, random incremental edits
// (valid or not), and after each edit every request the server answers, at random positions
// (past the end, inside surrogate pairs). Every step is recorded in a trace, so a failure can be
// replayed (test/fixtures/regressions/server-*.json) and is reported with the seed that made it.
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { ResponseError } from 'vscode-jsonrpc/node';
import { startServer, type ServerSession } from './serverSession';
import { analyze, initShellParser } from '../../server/src/analysis/index';

export type Step =
  | { kind: 'open'; text: string; languageId?: string }
  | { kind: 'change'; changes: TextDocumentContentChangeEvent[] }
  | { kind: 'request'; method: string; params: Record<string, unknown> }
  /** The user changes the settings: workspace/configuration answers these from now on. */
  | { kind: 'config'; settings: Record<string, unknown> };

export interface Trace {
  /** What the trace shows (regression fixtures). */
  comment?: string;
  seed?: number;
  steps: Step[];
}

export const URI = 'file:///fuzz/launch.sh';

/** mulberry32: tiny, seedable, good enough to pick fuzz inputs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What people type into a launch script. */
const BENIGN = [
  'qemu-system-x86_64',
  ' ',
  ' ',
  ' \\\n  ',
  '\n',
  '-m',
  '-M',
  '-numa',
  '-device',
  '-object',
  '-machine',
  'q35',
  'pc',
  'node',
  'nodeid=',
  'memdev=',
  'node=',
  'addr=',
  'memory-backend-ram',
  'pc-dimm',
  'nvdimm',
  'spm-memory',
  'sp-mem',
  'id=',
  'size=',
  'm0',
  'm1',
  '1G',
  '4G',
  ',',
  '=',
  '🦀',
  '😀',
  '漢字',
  ',slots=4,maxmem=16G',
  'memmap-type=spm',
  'spm=on',
  '-object memory-backend-ram,id=m1,size=1G',
  '-numa node,nodeid=1,memdev=m1',
  '-device pc-dimm,memdev=m1',
  '1',
  '0x100000000',
];
/** What breaks a script's shape: quotes, heredocs, substitutions, control bytes, lone surrogates. */
const HOSTILE = [
  ' \\\r\n  ',
  '\r\n',
  '\r',
  '16E',
  ',,',
  '"',
  "'",
  '$X',
  '${A[@]}',
  '"${args[@]}"',
  'args=(',
  ')',
  '$(',
  '`',
  '\\',
  '#',
  '\ud83d',
  '\udc00',
  '\u0000',
  '\t',
  '0xffffffffffffffff',
  'maxmem=18446744073709551615',
  ';',
  '&&',
  '|',
  '<<EOF\n',
  'EOF\n',
  'A=$B\nB=$A\n',
  'for i in 1 2; do args+=(-numa node); done\n',
];

/** Every piece a generated script is made of (the in-process feature test draws from it too). */
export const SCRIPT_PIECES: readonly string[] = [...BENIGN, ...HOSTILE];

const METHODS = [
  'textDocument/completion',
  'textDocument/hover',
  'textDocument/codeAction',
  'textDocument/inlayHint',
  'textDocument/documentSymbol',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/documentHighlight',
  'textDocument/prepareRename',
  'textDocument/rename',
  'qemuLaunch/addressMap',
];

class Gen {
  constructor(readonly rnd: () => number) {}
  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  soup(max: number): string {
    let s = '';
    for (let i = this.int(max); i > 0; i--) s += this.piece();
    return s;
  }
  piece(): string {
    return this.chance(0.85) ? this.pick(BENIGN) : this.pick(HOSTILE);
  }
}

function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function position(g: Gen, text: string): { line: number; character: number } {
  const lines = linesOf(text);
  const doc = TextDocument.create(URI, 'shellscript', 0, text);
  const r = g.rnd();
  if (r < 0.55) return doc.positionAt(g.int(text.length + 1));
  if (r < 0.65) {
    const line = g.int(lines.length);
    return { line, character: lines[line].length + 1 + g.int(1000) };
  }
  if (r < 0.72) return { line: lines.length + g.int(100), character: g.int(50) };
  if (r < 0.85) {
    // Between the two halves of a surrogate pair, if the text has one.
    const at: number[] = [];
    for (let i = 0; i + 1 < text.length && at.length < 50; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) at.push(i + 1);
    }
    if (at.length) return doc.positionAt(g.pick(at));
    return { line: 0, character: 0 };
  }
  // Right after a '=' or ',' (where completion has most to say).
  const at: number[] = [];
  for (let i = 0; i < text.length && at.length < 200; i++) if (text[i] === '=' || text[i] === ',') at.push(i + 1);
  return at.length ? doc.positionAt(g.pick(at)) : { line: 0, character: 0 };
}

function change(g: Gen, text: string, seeds: string[]): TextDocumentContentChangeEvent {
  const r = g.rnd();
  if (r < 0.03) return { text: g.soup(40) };
  if (r < 0.1 && seeds.length) return { text: g.pick(seeds) };
  const doc = TextDocument.create(URI, 'shellscript', 0, text);
  if (r < 0.93) {
    // What typing does: a few characters in or out at one place.
    const at = g.int(text.length + 1);
    const start = doc.positionAt(at);
    const end = g.chance(0.4) ? doc.positionAt(at + 1 + g.int(5)) : start;
    return { range: { start, end }, text: g.chance(0.3) && end !== start ? '' : g.soup(3) || g.piece() };
  }
  const a = position(g, text);
  const b = g.chance(0.5) ? a : position(g, text);
  // Ranges are mostly ordered; a few come reversed or past the end, as a broken client would send.
  const [start, end] =
    g.chance(0.9) && (b.line < a.line || (b.line === a.line && b.character < a.character)) ? [b, a] : [a, b];
  return { range: { start, end }, text: g.chance(0.3) ? '' : g.soup(4) };
}

function request(g: Gen, text: string): Step {
  const method = g.pick(METHODS);
  const textDocument = { uri: URI };
  const pos = position(g, text);
  const range = g.chance(0.3)
    ? { start: { line: 0, character: 0 }, end: { line: linesOf(text).length + 1, character: 0 } }
    : { start: pos, end: position(g, text) };
  switch (method) {
    case 'textDocument/codeAction':
      return { kind: 'request', method, params: { textDocument, range, context: { diagnostics: [] } } };
    case 'textDocument/inlayHint':
      return { kind: 'request', method, params: { textDocument, range } };
    case 'textDocument/documentSymbol':
      return { kind: 'request', method, params: { textDocument } };
    case 'textDocument/references':
      return {
        kind: 'request',
        method,
        params: { textDocument, position: pos, context: { includeDeclaration: g.chance(0.5) } },
      };
    case 'textDocument/rename':
      return {
        kind: 'request',
        method,
        params: { textDocument, position: pos, newName: g.pick(['m9', 'x-1', '', 'a b', '😀', 'n,1', 'spm0']) },
      };
    case 'qemuLaunch/addressMap':
      return { kind: 'request', method, params: { uri: URI, position: pos } };
    default:
      return { kind: 'request', method, params: { textDocument, position: pos } };
  }
}

/** Generates a campaign's steps: `documents` openings, each followed by edits and requests. */
export function generate(seed: number, documents: number, editsPerDocument: number, seeds: string[]): Trace {
  const g = new Gen(prng(seed));
  const steps: Step[] = [];
  for (let d = 0; d < documents; d++) {
    let text = g.chance(0.8) && seeds.length ? g.pick(seeds) : g.soup(80);
    // Mostly shell scripts; sometimes another language, which the server only analyses when it mentions QEMU.
    const languageId = g.chance(0.85) ? 'shellscript' : g.pick(['plaintext', 'dockerfile', 'yaml', 'bash']);
    steps.push(languageId === 'shellscript' ? { kind: 'open', text } : { kind: 'open', text, languageId });
    const doc = TextDocument.create(URI, 'shellscript', 1, text);
    for (let e = 0; e < editsPerDocument; e++) {
      const changes = Array.from({ length: 1 + (g.chance(0.1) ? g.int(3) : 0) }, () => {
        const c = change(g, doc.getText(), seeds);
        TextDocument.update(doc, [c], doc.version + 1);
        return c;
      });
      steps.push({ kind: 'change', changes });
      text = doc.getText();
      if (g.chance(0.04)) {
        const spmForm = g.pick(['auto', 'v4', 'v7', 'v8', 'upstream', 'none', 'bogus', 42]);
        steps.push({
          kind: 'config',
          settings: { spmForm, hostCpuVendor: g.pick(['amd', 'intel', null]), inlayHints: { enabled: g.chance(0.7) } },
        });
      }
      for (let q = 1 + g.int(3); q > 0; q--) steps.push(request(g, text));
    }
  }
  return { seed, steps };
}

// ───────────────────────────── checking ─────────────────────────────

interface Pos {
  line: number;
  character: number;
}
interface Rng {
  start: Pos;
  end: Pos;
}

class Malformed extends Error {}

function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Malformed(what);
}

/** A range (a diagnostic's, say) lies inside `text`. */
export function checkRangeInside(text: string, r: Rng, what: string): void {
  inside(linesOf(text), r, what);
}

function inside(lines: string[], r: Rng | undefined, what: string): void {
  check(!!r && typeof r === 'object' && !!r.start && !!r.end, `${what}: not a range: ${JSON.stringify(r)}`);
  for (const p of [r.start, r.end]) {
    check(
      Number.isInteger(p.line) && Number.isInteger(p.character),
      `${what}: ${JSON.stringify(r)} has non-integer positions`,
    );
    check(
      p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length,
      `${what}: ${JSON.stringify(r)} outside the document (${lines.length} lines)`,
    );
  }
  const { start, end } = r;
  check(
    start.line < end.line || (start.line === end.line && start.character <= end.character),
    `${what}: ${JSON.stringify(r)} ends before it starts`,
  );
}

function contains(outer: Rng, inner: Rng): boolean {
  const le = (a: Pos, b: Pos) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

function checkEdit(lines: string[], edit: unknown, what: string): void {
  const e = edit as { changes?: Record<string, { range: Rng; newText: string }[]> } | null;
  if (!e) return;
  check(typeof e === 'object', `${what}: not a WorkspaceEdit`);
  for (const [uri, edits] of Object.entries(e.changes ?? {})) {
    check(uri === URI, `${what}: edits another document ${uri}`);
    for (const x of edits) {
      inside(lines, x.range, what);
      check(typeof x.newText === 'string', `${what}: newText`);
    }
    noOverlaps(edits, what);
  }
}

function checkSymbols(lines: string[], symbols: unknown, what: string): void {
  check(Array.isArray(symbols), `${what}: not an array`);
  for (const s of symbols as { name: string; range: Rng; selectionRange: Rng; children?: unknown[] }[]) {
    check(
      typeof s.name === 'string' && s.name.trim().length > 0,
      `${what}: symbol without a name: ${JSON.stringify(s.name)}`,
    );
    inside(lines, s.range, `${what} ${s.name}`);
    inside(lines, s.selectionRange, `${what} ${s.name} selection`);
    check(contains(s.range, s.selectionRange), `${what} ${s.name}: selectionRange outside range`);
    for (const c of (s.children ?? []) as { range: Rng }[])
      check(contains(s.range, c.range), `${what} ${s.name}: child outside its parent`);
    if (s.children) checkSymbols(lines, s.children, what);
  }
}

/** Throws Malformed when a response breaks the protocol or points outside the document. */
/** Where a client puts the cursor for a position: clamped into the document. */
function clamp(lines: string[], p: Pos): Pos {
  if (!(p.line >= 0)) return { line: 0, character: 0 };
  if (p.line >= lines.length) return { line: lines.length - 1, character: lines[lines.length - 1].length };
  return { line: p.line, character: Math.max(0, Math.min(p.character, lines[p.line].length)) };
}

function noOverlaps(edits: { range: Rng }[], what: string): void {
  const sorted = [...edits].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1].range.end;
    const next = sorted[i].range.start;
    check(
      prev.line < next.line || (prev.line === next.line && prev.character <= next.character),
      `${what}: overlapping edits`,
    );
  }
}

export function checkResponse(method: string, result: unknown, text: string, params?: Record<string, unknown>): void {
  const lines = linesOf(text);
  const what = method;
  switch (method) {
    case 'textDocument/completion': {
      const items = Array.isArray(result) ? result : (result as { items?: unknown[] } | null)?.items;
      check(Array.isArray(items), `${what}: neither a list nor an array`);
      const at = params?.position ? clamp(lines, params.position as Pos) : undefined;
      for (const i of items as { label: string; textEdit?: { range?: Rng; insert?: Rng; replace?: Rng } }[]) {
        check(typeof i.label === 'string' && i.label.length > 0, `${what}: item without a label`);
        const r = i.textEdit?.range ?? i.textEdit?.insert;
        if (!r) continue;
        inside(lines, r, `${what} ${i.label}`);
        // VS Code drops an item whose range is not one line containing the cursor.
        if (at)
          check(
            r.start.line === at.line &&
              r.end.line === at.line &&
              r.start.character <= at.character &&
              at.character <= r.end.character,
            `${what} ${i.label}: range ${JSON.stringify(r)} does not hold the cursor ${JSON.stringify(at)}`,
          );
      }
      return;
    }
    case 'textDocument/hover': {
      if (result === null) return;
      const h = result as { contents: unknown; range?: Rng };
      check(!!h.contents, `${what}: no contents`);
      if (h.range) inside(lines, h.range, what);
      return;
    }
    case 'textDocument/codeAction':
      check(Array.isArray(result), `${what}: not an array`);
      for (const a of result as { title: string; edit?: unknown }[]) {
        check(typeof a.title === 'string' && a.title.length > 0, `${what}: action without a title`);
        checkEdit(lines, a.edit, `${what} "${a.title}"`);
      }
      return;
    case 'textDocument/inlayHint':
      check(Array.isArray(result), `${what}: not an array`);
      for (const h of result as { position: Pos; label: unknown }[]) {
        inside(lines, { start: h.position, end: h.position }, what);
        check((typeof h.label === 'string' || Array.isArray(h.label)) && h.label.length > 0, `${what}: empty label`);
      }
      return;
    case 'textDocument/documentSymbol':
      return checkSymbols(lines, result, what);
    case 'textDocument/definition':
    case 'textDocument/references':
    case 'textDocument/documentHighlight': {
      const list = result === null ? [] : Array.isArray(result) ? result : [result];
      for (const l of list as { uri?: string; range: Rng }[]) {
        if (l.uri !== undefined) check(l.uri === URI, `${what}: points into ${l.uri}`);
        inside(lines, l.range, what);
      }
      return;
    }
    case 'textDocument/prepareRename': {
      if (result === null) return;
      const r = result as Rng & { range?: Rng; placeholder?: string; defaultBehavior?: boolean };
      inside(lines, r.range ?? r, what);
      return;
    }
    case 'textDocument/rename':
      return checkEdit(lines, result, what);
    case 'qemuLaunch/addressMap':
      check(result === null || (typeof result === 'object' && !Array.isArray(result)), `${what}: not an object`);
      return;
  }
}

export interface Outcome {
  ok: boolean;
  /** Index of the step that failed. */
  at?: number;
  error?: string;
}

/** Errors a request may legitimately answer with (a refused rename). */
function allowedError(method: string, e: unknown): boolean {
  return method === 'textDocument/rename' && e instanceof ResponseError && e.code === -32600;
}

/** Replays a trace against a fresh server; stops at the first failure. */
export async function replay(trace: Trace, onStep?: (i: number) => void): Promise<Outcome> {
  let session: ServerSession | undefined;
  try {
    await initShellParser();
    session = await startServer();
    const s = session;
    let doc: TextDocument | undefined;
    let version = 0;
    const texts = new Map<number, string>();
    for (let i = 0; i < trace.steps.length; i++) {
      onStep?.(i);
      const step = trace.steps[i];
      try {
        if (step.kind === 'open') {
          if (doc) await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: URI } });
          version++;
          doc = TextDocument.create(URI, step.languageId ?? 'shellscript', version, step.text);
          texts.set(version, step.text);
          await s.conn.sendNotification('textDocument/didOpen', {
            textDocument: { uri: URI, languageId: step.languageId ?? 'shellscript', version, text: step.text },
          });
        } else if (step.kind === 'change') {
          check(!!doc, 'change before open');
          version++;
          TextDocument.update(doc, step.changes, version);
          texts.set(version, doc.getText());
          await s.conn.sendNotification('textDocument/didChange', {
            textDocument: { uri: URI, version },
            contentChanges: step.changes,
          });
        } else if (step.kind === 'config') {
          s.settings = step.settings;
          await s.conn.sendNotification('workspace/didChangeConfiguration', {
            settings: { qemuLaunch: step.settings },
          });
        } else {
          let result: unknown;
          try {
            result = await s.conn.sendRequest(step.method, step.params);
          } catch (e) {
            if (allowedError(step.method, e)) continue;
            throw new Malformed(`${step.method} answered with an error: ${e instanceof Error ? e.message : String(e)}`);
          }
          checkResponse(step.method, result, doc?.getText() ?? '', step.params);
          if (
            step.method === 'textDocument/documentSymbol' &&
            doc &&
            ['shellscript', 'bash'].includes(doc.languageId)
          ) {
            // The server's incrementally parsed document must read like a fresh parse of the same text.
            const fresh = analyze(doc.getText()).invocations.length;
            check(
              (result as unknown[]).length === fresh,
              `documentSymbol: ${(result as unknown[]).length} invocations, a fresh analysis finds ${fresh}`,
            );
          }
        }
        // Diagnostics published meanwhile must fit the version they were computed for.
        for (const p of s.diagnostics.splice(0)) {
          const text = p.version !== undefined ? texts.get(p.version) : undefined;
          if (text === undefined) continue;
          for (const d of p.diagnostics) inside(linesOf(text), d.range, `publishDiagnostics v${p.version} ${d.code}`);
        }
        check(s.errors.length === 0, `the server logged an error: ${s.errors.join('\n')}`);
        check(s.child.exitCode === null, `the server exited with ${s.child.exitCode}: ${s.stderr.join('')}`);
      } catch (e) {
        if (
          !(e instanceof Malformed) &&
          s.child.exitCode === null &&
          !(e instanceof Error && /closed|disposed|ended/i.test(e.message))
        )
          throw e;
        const why =
          s.child.exitCode !== null
            ? `the server died (exit ${s.child.exitCode}): ${s.stderr.join('').slice(-2000)}`
            : (e as Error).message;
        return { ok: false, at: i, error: why };
      }
    }
    // Still alive and still answering at the end.
    const symbols = await s.conn
      .sendRequest('textDocument/documentSymbol', { textDocument: { uri: URI } })
      .catch((e: unknown) => e);
    if (trace.steps.some((x) => x.kind === 'open') && !Array.isArray(symbols))
      return { ok: false, at: trace.steps.length, error: `no answer at the end: ${String(symbols)}` };
    return { ok: true };
  } finally {
    await session?.close().catch(() => {});
  }
}

/**
 * Shrinks a failing trace: drops requests that are not the failing one, then edits and
 * openings, as long as the trace still fails the same way. Each try is a fresh server.
 */
export async function minimise(
  trace: Trace,
  failure: Outcome,
  maxTries = 80,
): Promise<{ trace: Trace; failure: Outcome }> {
  let steps = trace.steps.slice(0, (failure.at ?? trace.steps.length - 1) + 1);
  let best = failure;
  const sameKind = (o: Outcome) => !o.ok && (o.error ?? '').split(':')[0] === (failure.error ?? '').split(':')[0];
  let tries = 0;
  for (let chunk = Math.max(1, steps.length >> 1); chunk >= 1 && tries < maxTries; chunk >>= 1) {
    for (let i = steps.length - 1 - chunk; i >= 0 && tries < maxTries; i -= chunk) {
      const candidate = [...steps.slice(0, i), ...steps.slice(i + chunk)];
      if (!candidate.some((s) => s.kind === 'open') || candidate[0].kind !== 'open') continue;
      tries++;
      const o = await replay({ steps: candidate });
      if (sameKind(o)) {
        steps = candidate.slice(0, (o.at ?? candidate.length - 1) + 1);
        best = o;
      }
    }
  }
  return { trace: { ...trace, steps }, failure: best };
}
