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
  edit: Summary;
  completion?: Summary;
  hover?: Summary;
  codeAction?: Summary;
  inlayHint?: Summary;
  rssOpenBytes: number;
  rssAfterEditsBytes: number;
  rssEdits: number;
  notes: string[];
}

export interface LspBenchOptions {
  edits: number;
  requests: number;
  rssEdits: number;
  /** Wait for fresh diagnostics after every one of the rssEdits (else after each burst of 20). */
  waitEachRssEdit: boolean;
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
      edit: editTimes.length ? summarize(editTimes) : { n: 0, p50: NaN, p90: NaN, max: NaN },
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
