// One language server on one file, through a real LSP client: initialize, open, one-character
// edits, the interactive requests at realistic positions, and memory.
import { pathToFileURL } from 'node:url';
import { LspSession, type Position } from './lspClient';
import { summarize, type Summary } from './stats';

export interface ServerSpec {
  name: string;
  command: string;
  args: string[];
}

export interface LspFigures {
  server: string;
  file: string;
  lines: number;
  initializeMs: number;
  openMs: number;
  /** What the server's log says the wait for the first diagnostics held (ours only: openParts). */
  openParts?: OpenParts;
  /** The middle edit with the server's own sync kind (the figure of the first benchmark runs). */
  edit: Summary;
  /** Every edit position × sync kind measured (key: `${position} / ${sync}`). */
  edits: { position: string; sync: 'incremental' | 'full'; summary: Summary }[];
  completion?: Summary;
  hover?: Summary;
  codeAction?: Summary;
  inlayHint?: Summary;
  rssOpenBytes: number;
  rssAfterEditsBytes: number;
  rssEdits: number;
  notes: string[];
}

/** Parts of didOpen → first diagnostics as our server logs them (server/src/server.ts, documents.ts). */
export interface OpenParts {
  /** Loading the analysis core (dist/main.js) after initialize. */
  coreLoadMs?: number;
  /** The document's first analysis (parse and every layer): the analysis code's first run in this process. */
  firstAnalysisMs?: number;
}

/** The parts our server logged for `uri`; undefined for a server that logs neither (bash-language-server). */
export function openParts(logMessages: readonly string[], uri: string): OpenParts | undefined {
  const find = (prefix: string, tail: RegExp): number | undefined => {
    for (const message of logMessages) {
      const m = message.startsWith(prefix) ? tail.exec(message.slice(prefix.length)) : null;
      if (m) return Number(m[1]);
    }
    return undefined;
  };
  const coreLoadMs = find('analysis core loaded in ', /^(\d+) ms/);
  const firstAnalysisMs = find(`first analysis of ${uri}: `, /^(\d+) ms \(\d+ QEMU commands\)$/);
  return coreLoadMs === undefined && firstAnalysisMs === undefined ? undefined : { coreLoadMs, firstAnalysisMs };
}

export interface LspBenchOptions {
  edits: number;
  requests: number;
  rssEdits: number;
  /** Wait for fresh diagnostics after every one of the rssEdits (else after each burst of 20). */
  waitEachRssEdit: boolean;
  /** Also time edits at the first line, the variable block and the last line, with both sync kinds. */
  allPositions: boolean;
}

/**
 * One place users edit, toggled so the text comes back every second edit: `at` finds the offset
 * in the current text, `next` says what to write there (replacing `remove` characters).
 */
interface EditSpot {
  name: string;
  at: (text: string) => number;
  /** Replace `remove` characters at offset - back (back defaults to 0) with `insert`. */
  next: (text: string, offset: number, odd: boolean) => { remove: number; insert: string; back?: number };
}

/**
 * Append a space at the end of the line, then delete it again (the space just before the line
 * end, not the newline): the line's meaning never changes and the text comes back.
 */
const appendSpace = (text: string, offset: number, odd: boolean) =>
  odd ? { remove: 0, insert: ' ' } : { remove: 1, insert: '', back: 1 };

export const EDIT_SPOTS: EditSpot[] = [
  { name: 'first line', at: (t) => t.indexOf('\n'), next: appendSpace },
  {
    // IMAGES=/var/lib/images: every guest's -drive reads it, so every invocation changes.
    name: 'variable block',
    at: (t) => {
      const i = t.search(/^IMAGES=\/var\/lib\/[iI]mages$/m);
      return i < 0 ? -1 : i + 'IMAGES=/var/lib/'.length;
    },
    next: (t, offset) => ({ remove: 1, insert: t[offset] === 'i' ? 'I' : 'i' }),
  },
  {
    name: 'middle',
    at: (t) => {
      const m = /-object memory-backend-ram,id=[\w-]+-ram0,size=/g;
      m.lastIndex = Math.floor(t.length / 2);
      const hit = m.exec(t);
      return hit ? hit.index + hit[0].length : -1;
    },
    next: (t, offset) => ({ remove: 1, insert: ALTERNATE_BACK[t[offset]] ?? '7' }),
  },
  { name: 'last line', at: (t) => t.length - (t.endsWith('\n') ? 1 : 0), next: appendSpace },
];

/** Position (line, character) of an offset; linear, done outside the timed part. */
function positionOf(text: string, offset: number): Position {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < lineStart; i = text.indexOf('\n', i + 1)) line++;
  return { line, character: offset - lineStart };
}

/** Where an editor user would be: the middle of the file, on a memory device and a size. */
export interface Spots {
  /** The digit of a backend's size= (edited and hovered). */
  sizeDigit: Position;
  /** Just after `-device spm-memory,` (property-name completion). */
  afterDevice: Position;
  /** The line of that device (code actions). */
  deviceLine: number;
  middle: number;
}

export function findSpots(text: string): Spots {
  const lines = text.split('\n');
  const middle = Math.floor(lines.length / 2);
  const order = [...lines.keys()].slice(middle).concat([...lines.keys()].slice(0, middle));
  const find = (re: RegExp) => {
    for (const i of order) {
      const m = re.exec(lines[i]);
      if (m) return { line: i, character: m.index + m[0].length };
    }
    throw new Error(`no line matches ${re}`);
  };
  const sizeDigit = find(/-object memory-backend-ram,id=[\w-]+-ram0,size=/);
  const afterDevice = find(/-device spm-memory,/);
  return { sizeDigit, afterDevice, deviceLine: afterDevice.line, middle };
}

/** Longer than any answer we consider usable; a missing answer is counted, not awaited forever. */
const EDIT_TIMEOUT_MS = 30_000;

const ALTERNATE: Record<string, string> = { '1': '3', '2': '3', '4': '5', '8': '9' };
/** A size digit and its alternate, both ways (the middle edit toggles between them). */
const ALTERNATE_BACK: Record<string, string> = { '2': '3', '3': '2', '4': '5', '5': '4', '8': '9', '9': '8', '7': '1' };

/** Text with the character at `at` replaced. */
function replaceAt(text: string, lineStarts: number[], at: Position, ch: string): string {
  const offset = lineStarts[at.line] + at.character;
  return text.slice(0, offset) + ch + text.slice(offset + 1);
}

export async function benchServer(
  spec: ServerSpec,
  file: string,
  text: string,
  opts: LspBenchOptions,
): Promise<LspFigures> {
  const notes: string[] = [];
  const rootDir = file.slice(0, file.lastIndexOf('/'));
  const { session, initializeMs } = await LspSession.start(spec.name, spec.command, spec.args, rootDir);
  try {
    const uri = pathToFileURL(file).href;
    const spots = findSpots(text);
    const lineStarts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    const original = text[lineStarts[spots.sizeDigit.line] + spots.sizeDigit.character];
    const other = ALTERNATE[original] ?? '7';
    let current = text;

    const openMs = await session.open(uri, text);
    const parts = openParts(session.logMessages, uri);
    const rssOpenBytes = session.rss();

    // One-character edits, each awaited until the diagnostics of that version arrive.
    const editTimes: number[] = [];
    let flip = false;
    const edit = async (wait: boolean) => {
      flip = !flip;
      const ch = flip ? other : original;
      current = replaceAt(current, lineStarts, spots.sizeDigit, ch);
      return session.change(uri, current, spots.sizeDigit, spots.sizeDigit.character + 1, ch, wait, EDIT_TIMEOUT_MS);
    };
    // A server may never answer an edit (bash-language-server drops the result when ShellCheck
    // exceeds its 10 s timeout): count those instead of failing the whole run.
    let unanswered = 0;
    for (let i = 0; i < opts.edits; i++) {
      try {
        editTimes.push((await edit(true))!);
      } catch {
        unanswered++;
        if (unanswered >= 3 && editTimes.length === 0) break; // it is not going to answer
      }
    }
    if (unanswered) {
      notes.push(
        `${spec.name}: ${unanswered} of ${editTimes.length + unanswered} edits got no diagnostics within ${EDIT_TIMEOUT_MS / 1000} s`,
      );
    }

    // Every place users edit, with both sync kinds: the text is back where it was after each
    // series (an even number of toggles), so the series do not disturb each other.
    const edits: LspFigures['edits'] = [];
    if (opts.allPositions) {
      for (const spot of EDIT_SPOTS) {
        for (const sync of ['incremental', 'full'] as const) {
          const times: number[] = [];
          const n = opts.edits % 2 === 0 ? opts.edits : opts.edits + 1;
          for (let i = 0; i < n; i++) {
            const found = spot.at(current);
            if (found < 0) {
              notes.push(`${spec.name}: no place for the ${spot.name} edit`);
              break;
            }
            const { remove, insert, back = 0 } = spot.next(current, found, i % 2 === 0);
            const offset = found - back;
            const pos = positionOf(current, offset);
            current = current.slice(0, offset) + insert + current.slice(offset + remove);
            try {
              const t = await session.change(
                uri,
                current,
                pos,
                pos.character + remove,
                insert,
                true,
                EDIT_TIMEOUT_MS,
                sync === 'full' ? 1 : 2,
              );
              times.push(t!);
            } catch {
              notes.push(`${spec.name}: an edit at the ${spot.name} (${sync}) got no diagnostics`);
              break;
            }
          }
          if (times.length) edits.push({ position: spot.name, sync, summary: summarize(times) });
        }
      }
      if (current !== text) throw new Error(`${spec.name}: the edit series did not bring the text back`);
    }

    const repeat = async (
      label: string,
      provider: string,
      method: string,
      params: () => unknown,
    ): Promise<Summary | undefined> => {
      if (!session.supports(provider)) {
        notes.push(`${label}: not provided`);
        return undefined;
      }
      const times: number[] = [];
      for (let i = 0; i < opts.requests; i++) {
        const r = await session.request(method, params());
        if (r.error) {
          notes.push(`${label}: ${r.error}`);
          return undefined;
        }
        times.push(r.ms);
      }
      return summarize(times);
    };
    const td = { uri };
    const completion = await repeat('completion', 'completionProvider', 'textDocument/completion', () => ({
      textDocument: td,
      position: spots.afterDevice,
      context: { triggerKind: 2, triggerCharacter: ',' },
    }));
    const hover = await repeat('hover', 'hoverProvider', 'textDocument/hover', () => ({
      textDocument: td,
      position: spots.sizeDigit,
    }));
    const deviceRange = {
      start: { line: spots.deviceLine, character: 0 },
      end: { line: spots.deviceLine + 1, character: 0 },
    };
    const codeAction = await repeat('code action', 'codeActionProvider', 'textDocument/codeAction', () => ({
      textDocument: td,
      range: deviceRange,
      context: {
        diagnostics: ((session.lastDiagnostics.get(uri) ?? []) as { range: { start: { line: number } } }[]).filter(
          (d) => Math.abs(d.range.start.line - spots.deviceLine) < 30,
        ),
      },
    }));
    const inlayHint = await repeat('inlay hints', 'inlayHintProvider', 'textDocument/inlayHint', () => ({
      textDocument: td,
      range: {
        start: { line: Math.max(0, spots.middle - 50), character: 0 },
        end: { line: spots.middle + 50, character: 0 },
      },
    }));

    // Memory after many edits: every edit awaited (our server), or bursts of 20 (a debounced
    // server only answers the last of a burst anyway).
    let unsettled = 0;
    for (let i = 0; i < opts.rssEdits; i++) {
      try {
        if (opts.waitEachRssEdit) await edit(true);
        else {
          await edit(false);
          if (i % 20 === 19 || i === opts.rssEdits - 1) await session.settle(uri, EDIT_TIMEOUT_MS);
        }
      } catch {
        unsettled++;
        if (unsettled >= 3) break;
      }
    }
    if (unsettled) notes.push(`${spec.name}: ${unsettled} waits for diagnostics timed out during the memory run`);
    const rssAfterEditsBytes = session.rss();
    return {
      server: spec.name,
      file,
      lines: lineStarts.length - (text.endsWith('\n') ? 1 : 0),
      initializeMs,
      openMs,
      openParts: parts,
      edit: editTimes.length ? summarize(editTimes) : { n: 0, p50: NaN, p90: NaN, max: NaN },
      edits,
      completion,
      hover,
      codeAction,
      inlayHint,
      rssOpenBytes,
      rssAfterEditsBytes,
      rssEdits: opts.rssEdits,
      notes,
    };
  } finally {
    await session.stop();
  }
}
