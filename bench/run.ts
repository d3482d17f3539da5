// npm run bench: the figures of BENCHMARKS.md (issue 8). Prints a Markdown report; with
// --write, also replaces the figures section of BENCHMARKS.md.
//   npm run bench                         everything (about 12 minutes idle, most of it bash-language-server)
//   npm run bench -- --quick              fewer edits and requests, for a quick look
//   npm run bench -- --no-bash-ls         our figures only (else ShellCheck is installed when missing)
//   npm run bench -- --no-v8-flags        skip the V8 flag comparison of our server
//   npm run bench -- --initialize-only    only the spawn → initialize series (bench/startup.ts)
// Targets are not asserted here or in tests; BENCHMARKS.md compares them by eye.
import { execFileSync, execSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem, tmpdir, platform, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { benchServer, type LspFigures, type OpenParts, type ServerSpec } from './lspBench';
import { benchInProcess, initMs, type InProcessFigures } from './inProcess';
import { benchCli, type CliFigures } from './cliBench';
import { benchSizes } from './sizes';
import { mb, median, ms, ratio, type Summary } from './stats';
import { startSeries, warmCodeCache, type StartSeries } from './startup';
import { SERVER_V8_FLAGS, serverExecArgv } from '../server/src/v8FlagList';

const root = resolve(__dirname, '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const withBashLs = !args.includes('--no-bash-ls');
const write = args.includes('--write');
const withFlags = !args.includes('--no-v8-flags');
const initializeOnly = args.includes('--initialize-only');
/** Starts per server and file for spawn → initialize, each after a bare `node -e 0` (bench/startup.ts). */
const STARTS = quick ? 5 : 7;

/** V8's own wasm tiering (Liftoff, then TurboFan for hot functions) and lazy compilation, which the adopted flags turn off. */
const WASM_TIERING = ['--wasm-dynamic-tiering', '--wasm-tier-up', '--wasm-lazy-compilation'];

/**
 * V8's own first old-generation limit, spelled out so each row says what it ran with (the server
 * would set the adopted value itself when its command line is silent, but V8 ignores it after start).
 */
const V8_INITIAL_OLD = '--initial-old-space-size=0';

/** An adopted command line as it was before round 9 adopted `--initial-old-space-size`. */
function beforeRound9(flags: readonly string[]): string[] {
  return flags.map((f) => (f.startsWith('--initial-old-space-size=') ? V8_INITIAL_OLD : f));
}

/** The command line the VS Code client starts the server with on this machine (client/src/extension.ts). */
const ADOPTED = serverExecArgv(availableParallelism());

/**
 * V8 flag sets to start our server with (measured, see BENCHMARKS.md). Each names every adopted
 * flag: the server sets the adopted ones itself when its command line does not (server/src/v8Flags.ts).
 */
const FLAG_SETS: string[][] = [
  ['--max-semi-space-size=16', '--heap-growing-percent=0', V8_INITIAL_OLD, ...WASM_TIERING], // V8's defaults on 64-bit
  [
    '--max-semi-space-size=16',
    '--heap-growing-percent=0',
    V8_INITIAL_OLD,
    '--no-wasm-dynamic-tiering',
    '--no-wasm-tier-up',
    '--wasm-lazy-compilation',
  ],
  ['--optimize-for-size', '--max-semi-space-size=1', '--heap-growing-percent=0', V8_INITIAL_OLD, ...WASM_TIERING], // round 3
  ['--max-semi-space-size=2', '--heap-growing-percent=20', V8_INITIAL_OLD, ...WASM_TIERING], // adopted in round 4
  // adopted in round 6 (Node's default pool of 4 threads)
  beforeRound9(SERVER_V8_FLAGS).map((f) => (f.startsWith('--max-semi-space-size=') ? '--max-semi-space-size=2' : f)),
  // round 7: the adopted V8 flags with Node's default pool
  beforeRound9(SERVER_V8_FLAGS),
  // round 8: as the client started the server then (a pool of one thread fewer than the cores)
  beforeRound9(ADOPTED),
  ADOPTED,
];

/** Our server as the VS Code client starts it (client/src/extension.ts): with serverExecArgv. */
const OURS: ServerSpec = {
  name: 'qemu-launch',
  command: process.execPath,
  args: [...ADOPTED, join(root, 'dist/server.js'), '--stdio'],
};
const BASH_LS: ServerSpec = {
  name: 'bash-language-server',
  command: process.execPath,
  args: [join(root, 'node_modules/bash-language-server/out/cli.js'), 'start'],
};

function log(message: string) {
  process.stderr.write(`[bench] ${message}\n`);
}

function machine(): string[] {
  const cpu = cpus();
  let shellcheck = 'not found';
  try {
    shellcheck = execSync('shellcheck --version', { encoding: 'utf8' }).match(/version: (\S+)/)?.[1] ?? shellcheck;
  } catch {
    // reported as not found
  }
  const bashLs = JSON.parse(readFileSync(join(root, 'node_modules/bash-language-server/package.json'), 'utf8'))
    .version as string;
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return [
    `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${platform()} ${release()}`,
    `- Node.js ${process.version}; bash-language-server ${bashLs} with ShellCheck ${shellcheck}`,
    `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}; commit ${commit}`,
    `- Command: \`npm run bench${args.length ? ' -- ' + args.join(' ') : ''}\``,
    `- Load average at start (1/5/15 min): ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')} — figures are only comparable on an otherwise idle machine`,
  ];
}

function summaryCells(s: Summary | undefined): string {
  return s ? `${ms(s.p50)} / ${ms(s.p90)}` : 'n/a';
}

/**
 * bash-language-server lints with ShellCheck when it finds it on PATH, as its users run it:
 * installed when missing (apt, as root) by the same script that installs the tests' packages.
 */
function ensureShellCheck(): void {
  execFileSync('bash', [join(root, 'scripts/ensure-test-deps.sh'), 'bench'], { stdio: 'inherit' });
}

/** The workspace folder of one size: each file alone, so bash-language-server's background
 * analysis of the workspace sees that file only (not the 1,000 small scripts). */
function lspFile(benchDir: string, files: Record<number, string>, size: number): string {
  const file = join(benchDir, `lsp-${size}`, `launch-${size}.sh`);
  mkdirSync(dirname(file), { recursive: true });
  copyFileSync(files[size], file);
  return file;
}

/** The spawn → initialize target row: the series' median against its own bare-Node median. */
function initializeTarget(s: StartSeries): [string, string, string, boolean] {
  return [
    'spawn → initialize',
    '≤ bare Node + 60 ms',
    `${ms(s.initializeMs)} ms = bare ${ms(s.bareMs)} ${s.initializeMs >= s.bareMs ? '+' : '−'} ${ms(Math.abs(s.initializeMs - s.bareMs))} ms (medians of ${s.starts.length})`,
    s.initializeMs <= s.bareMs + 60,
  ];
}

/**
 * What the server's log says the didOpen wait held: its first analysis is the analysis code's
 * first run in a new process, against the in-process figure measured warm (BENCHMARKS.md, round 9).
 */
function openPartsText(parts: OpenParts | undefined, warmAnalyzeMs: number): string {
  if (parts?.firstAnalysisMs === undefined) return '';
  // Whole milliseconds, as the server logs them.
  const core = parts.coreLoadMs === undefined ? '' : `, loading the core ${parts.coreLoadMs} ms`;
  return `; in it, the server's first analysis ${parts.firstAnalysisMs} ms = ${(parts.firstAnalysisMs / warmAnalyzeMs).toFixed(2)} × warm${core}`;
}

/**
 * `--initialize-only`: the spawn → initialize series alone, after one start that opens the
 * smallest file and writes the code cache (as the full run's first start does).
 */
async function initializeReport(
  out: string[],
  files: Record<number, string>,
  sizes: number[],
  benchDir: string,
): Promise<void> {
  const first = lspFile(benchDir, files, sizes[0]);
  log(`qemu-launch server: writing the code cache (${sizes[0]} lines)`);
  await warmCodeCache(OURS, first, readFileSync(first, 'utf8'));
  out.push(
    '| lines | server | initialize (median) | bare `node -e 0` (median) | each start (ms) | target |',
    '|---:|---|---:|---:|---|---|',
  );
  for (const size of sizes) {
    const file = lspFile(benchDir, files, size);
    for (const spec of withBashLs ? [OURS, BASH_LS] : [OURS]) {
      log(`${spec.name}, ${size} lines: ${STARTS} starts alternating with bare Node`);
      const s = await startSeries(spec, dirname(file), STARTS);
      const [, , measured, met] = initializeTarget(s);
      out.push(
        `| ${size} | ${spec.name} | ${ms(s.initializeMs)} | ${ms(s.bareMs)} | ${s.starts.map(ms).join(', ')} | ${measured}: ${met ? 'met' : '**missed**'} |`,
      );
    }
  }
  out.push('');
}

async function main() {
  if (withBashLs) ensureShellCheck();
  // Our server's V8 code cache (server/src/codeCache.ts) in a directory of this run's own: the
  // first start (100 lines) compiles dist/main.js and writes it, every later start uses it.
  process.env.QEMU_LAUNCH_CODE_CACHE = mkdtempSync(join(tmpdir(), 'qemu-launch-bench-cache-'));
  log('generating scripts');
  const benchDir = join(tmpdir(), 'qemu-launch-bench');
  const { generate, SIZES } = (await import(join(root, 'tools/gen-bench-scripts.mjs'))) as {
    generate: (dir: string) => { files: Record<number, string>; many: string[] };
    SIZES: number[];
  };
  const generated = generate(benchDir);
  const examples = readdirSync(join(root, 'examples'))
    .filter((f) => f.endsWith('.sh'))
    .map((f) => join(root, 'examples', f));
  const out: string[] = [];
  out.push(...machine(), '');
  if (initializeOnly) {
    await initializeReport(out, generated.files, SIZES, benchDir);
    process.stdout.write(out.join('\n') + '\n');
    return;
  }

  // ── in-process ──
  log('in-process analysis');
  const init = await initMs();
  const inProc: InProcessFigures[] = [];
  for (const size of SIZES)
    inProc.push(benchInProcess(`launch-${size}.sh`, readFileSync(generated.files[size], 'utf8')));
  const exampleText = examples.map((f) => readFileSync(f, 'utf8'));
  inProc.push(benchInProcess(`examples/*.sh (${examples.length} concatenated)`, exampleText.join('\n')));
  out.push('### Analysis core, in process', '');
  out.push(`Shell parser initialisation (wasm load): ${ms(init)} ms.`, '');
  out.push(
    '| script | lines | KB | invocations | analyze (ms) | parse (ms) | after parse (ms) | per invocation (ms) | MB/s | edit: incremental parse (ms) | edit: full re-parse (ms) |',
  );
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const f of inProc) {
    out.push(
      `| ${f.name} | ${f.lines} | ${(f.bytes / 1024).toFixed(0)} | ${f.invocations} | ${ms(f.analyzeMs)} | ${ms(f.parseMs)} | ${ms(f.analysisOnlyMs)} | ${ms(f.perInvocationMs)} | ${f.mbPerSecond.toFixed(1)} | ${ms(f.incrementalParseMs)} | ${ms(f.fullParseMs)} |`,
    );
  }
  out.push('', 'Medians; "analyze" = parse + every layer, "after parse" = analyze() given the parsed tree.', '');

  // ── LSP ──
  const options = { edits: quick ? 10 : 50, requests: quick ? 10 : 30, rssEdits: quick ? 100 : 1000 };
  const results: { ours: LspFigures; theirs?: LspFigures; oursStarts: StartSeries; theirsStarts?: StartSeries }[] = [];
  const failures: string[] = [];
  for (const size of SIZES) {
    const file = lspFile(benchDir, generated.files, size);
    const text = readFileSync(file, 'utf8');
    log(`qemu-launch server, ${size} lines`);
    const ours = await benchServer(OURS, file, text, { ...options, waitEachRssEdit: true, allPositions: true });
    // After that start: the first one (100 lines) has written the code cache the series then uses.
    log(`qemu-launch server, ${STARTS} starts alternating with bare Node`);
    const oursStarts = await startSeries(OURS, dirname(file), STARTS);
    let theirs: LspFigures | undefined;
    let theirsStarts: StartSeries | undefined;
    if (withBashLs) {
      log(`bash-language-server, ${size} lines`);
      try {
        theirs = await benchServer(BASH_LS, file, text, {
          ...options,
          waitEachRssEdit: false,
          allPositions: false,
        });
        log(`bash-language-server, ${STARTS} starts alternating with bare Node`);
        theirsStarts = await startSeries(BASH_LS, dirname(file), STARTS);
      } catch (error) {
        failures.push(`bash-language-server on ${size} lines: ${(error as Error).message}`);
      }
    }
    results.push({ ours, theirs, oursStarts, theirsStarts });
  }
  const bare = median(results.flatMap((r) => [...r.oursStarts.bare, ...(r.theirsStarts?.bare ?? [])]));
  out.push('### Language server over stdio (real LSP client)', '');
  out.push(
    `Our server keeps a V8 code cache of dist/main.js (in a directory of this run's own): the first start, on the ${SIZES[0]}-line file, compiles the bundle and writes the cache; the later ones load it.`,
    '',
    `initialize: spawn → \`initialize\` result, the median of ${STARTS} starts per server and file made after that file's run, each right after a bare \`node -e 0\` in the same loop and with no process of the previous server left (bench/startup.ts). The single start that opens each file for the other columns: ${results.map((r) => `${r.ours.lines} lines ${ms(r.ours.initializeMs)}${r.theirs ? ` / ${ms(r.theirs.initializeMs)}` : ''}`).join(', ')} ms (ours${withBashLs ? ' / bash-language-server' : ''}; ours on ${SIZES[0]} lines is the start that writes the code cache).`,
    '',
  );
  out.push(
    `Per file: ${options.edits} one-character edits (a digit of a backend size in the middle of the file, toggled), each awaited until the server publishes diagnostics for that version; ${options.requests} requests of each kind at realistic positions in the middle of the file (completion after \`-device spm-memory,\`, hover on a size, code action on the device line, inlay hints over 100 lines); RSS of the server process after open and after ${options.rssEdits} more edits. Times in ms, p50 / p90.`,
    '',
  );
  out.push(
    '| lines | server | initialize | didOpen → diagnostics | edit → diagnostics p50 / p90 / max | completion | hover | code action | inlay hints | RSS open (MB) | RSS after edits (MB) |',
  );
  out.push('|---:|---|---:|---:|---|---|---|---|---|---:|---:|');
  for (const { ours, theirs, oursStarts, theirsStarts } of results) {
    for (const [f, starts] of [
      [ours, oursStarts],
      [theirs, theirsStarts],
    ] as const) {
      if (!f) continue;
      out.push(
        `| ${f.lines} | ${f.server} | ${ms(starts?.initializeMs)} | ${ms(f.openMs)} | ${ms(f.edit.p50)} / ${ms(f.edit.p90)} / ${ms(f.edit.max)} | ${summaryCells(f.completion)} | ${summaryCells(f.hover)} | ${summaryCells(f.codeAction)} | ${summaryCells(f.inlayHint)} | ${mb(f.rssOpenBytes)} | ${mb(f.rssAfterEditsBytes)} |`,
      );
    }
  }
  if (withBashLs) {
    out.push(
      '',
      '#### Ours as a ratio to bash-language-server (same client, files and machine; below 1 = ours is faster / smaller)',
      '',
    );
    out.push(
      '| lines | initialize | didOpen → diagnostics | edit → diagnostics p50 | edit p90 | completion p50 | hover p50 | code action p50 | RSS after edits |',
    );
    out.push('|---:|---|---|---|---|---|---|---|---|');
    for (const { ours, theirs, oursStarts, theirsStarts } of results) {
      if (!theirs) continue;
      out.push(
        `| ${ours.lines} | ${ratio(oursStarts.initializeMs, theirsStarts?.initializeMs)} | ${ratio(ours.openMs, theirs.openMs)} | ${ratio(ours.edit.p50, theirs.edit.p50)} | ${ratio(ours.edit.p90, theirs.edit.p90)} | ${ratio(ours.completion?.p50, theirs.completion?.p50)} | ${ratio(ours.hover?.p50, theirs.hover?.p50)} | ${ratio(ours.codeAction?.p50, theirs.codeAction?.p50)} | ${ratio(ours.rssAfterEditsBytes, theirs.rssAfterEditsBytes)} |`,
      );
    }
    if (failures.length) out.push('', 'Failed: ' + failures.join('; ') + '.');
    const notes = results.flatMap(({ ours, theirs }) => [...ours.notes, ...(theirs?.notes ?? [])].map((n) => `${n}`));
    const unique = [...new Set(notes)];
    if (unique.length) out.push('', 'Not measured: ' + unique.join('; ') + '.');
    out.push(
      '',
      'bash-language-server publishes diagnostics after ShellCheck, which it starts 500 ms after the last change (its debounce); that is how its users run it. Its RSS is of the Node process only (ShellCheck runs as a child).',
    );
  }
  out.push('');

  // ── edits everywhere, both sync kinds ──
  out.push('### Edit → diagnostics by position and sync kind (qemu-launch)', '');
  out.push(
    `Each series: ${options.edits} edits awaited one by one until the diagnostics of that version arrive. first line = a space appended to line 1 and removed; variable block = a letter of \`IMAGES=/var/lib/images\` (every guest's \`-drive\` reads it) toggled; middle = a size digit toggled; last line = a space appended and removed. incremental = ranged changes (what the server asks for); full = the whole text in every change (LSP allows it). ms, p50 / p90 / max.`,
    '',
  );
  const spots = [...new Set(results.flatMap((r) => r.ours.edits.map((e) => e.position)))];
  out.push(`| lines | sync | ${spots.join(' | ')} |`, `|---:|---|${spots.map(() => '---').join('|')}|`);
  for (const { ours } of results) {
    for (const sync of ['incremental', 'full'] as const) {
      const cells = spots.map((p) => {
        const e = ours.edits.find((x) => x.position === p && x.sync === sync);
        return e ? `${ms(e.summary.p50)} / ${ms(e.summary.p90)} / ${ms(e.summary.max)}` : 'n/a';
      });
      out.push(`| ${ours.lines} | ${sync} | ${cells.join(' | ')} |`);
    }
  }
  const ourNotes = [...new Set(results.flatMap((r) => r.ours.notes))];
  if (ourNotes.length) out.push('', 'Notes: ' + ourNotes.join('; ') + '.');
  out.push('');

  // ── targets, each against a figure of this same run ──
  out.push('### Targets, each against a figure of this run (issue 14)', '');
  out.push(
    `Bare Node start (\`node -e 0\`, spawn → exit, median of all ${results.reduce((n, r) => n + r.oursStarts.bare.length + (r.theirsStarts?.bare.length ?? 0), 0)} runs alternating with the server starts): ${ms(bare)} ms. Each initialize row compares the medians of one series (our ${STARTS} starts and the ${STARTS} bare starts between them).`,
    '',
  );
  out.push('| lines | target | goal | measured | status |', '|---:|---|---|---|---|');
  for (const { ours, theirs, oursStarts } of results) {
    const inproc = inProc.find((f) => f.lines === ours.lines);
    const row = (target: string, goal: string, measured: string, met: boolean | undefined) =>
      out.push(
        `| ${ours.lines} | ${target} | ${goal} | ${measured} | ${met === undefined ? 'n/a' : met ? 'met' : '**missed**'} |`,
      );
    row(...initializeTarget(oursStarts));
    if (inproc)
      row(
        'didOpen → first diagnostics',
        '≤ 2 × in-process analyze',
        `${ms(ours.openMs)} ms = ${(ours.openMs / inproc.analyzeMs).toFixed(2)} × ${ms(inproc.analyzeMs)} ms${openPartsText(ours.openParts, inproc.analyzeMs)}`,
        ours.openMs <= 2 * inproc.analyzeMs,
      );
    const worst50 = Math.max(ours.edit.p50, ...ours.edits.map((e) => e.summary.p50));
    const worst90 = Math.max(ours.edit.p90, ...ours.edits.map((e) => e.summary.p90));
    // Which series the worst figure came from: one of the position series, or the first series
    // of middle edits (with the server's own sync kind), timed before them.
    const which = (k: 'p50' | 'p90', v: number) => {
      const e = ours.edits.find((x) => x.summary[k] === v);
      if (e) return ` (${e.position}, ${e.sync})`;
      return ours.edit[k] === v ? ' (middle, first series)' : '';
    };
    row(
      'edit → diagnostics, worst position and sync',
      'p50 ≤ 20 ms, p90 ≤ 40 ms',
      `p50 ${ms(worst50)}${which('p50', worst50)}, p90 ${ms(worst90)}${which('p90', worst90)}`,
      worst50 <= 20 && worst90 <= 40,
    );
    if (theirs) {
      row(
        'edit → diagnostics vs bash-language-server',
        'faster',
        `${ratio(ours.edit.p50, theirs.edit.p50)} at p50 (middle)`,
        ours.edit.p50 < theirs.edit.p50,
      );
      row(
        'RSS after open',
        '≤ bash-language-server',
        `${mb(ours.rssOpenBytes)} vs ${mb(theirs.rssOpenBytes)} MB = ${ratio(ours.rssOpenBytes, theirs.rssOpenBytes)}`,
        ours.rssOpenBytes <= theirs.rssOpenBytes,
      );
      row(
        `RSS after ${ours.rssEdits} edits`,
        '≤ bash-language-server, flat',
        `${mb(ours.rssAfterEditsBytes)} vs ${mb(theirs.rssAfterEditsBytes)} MB = ${ratio(ours.rssAfterEditsBytes, theirs.rssAfterEditsBytes)}; growth ${mb(ours.rssAfterEditsBytes - ours.rssOpenBytes)} MB`,
        ours.rssAfterEditsBytes <= theirs.rssAfterEditsBytes,
      );
    }
  }
  out.push('');

  // ── V8 flags the client could start the server with ──
  if (withFlags) {
    const size = SIZES[SIZES.length - 1];
    const file = join(benchDir, `lsp-${size}`, `launch-${size}.sh`);
    const text = readFileSync(file, 'utf8');
    const flagOptions = {
      edits: quick ? 10 : 30,
      requests: 3,
      rssEdits: quick ? 100 : 300,
      waitEachRssEdit: true,
      allPositions: false,
    };
    out.push(`### V8 flags for the server process (${size} lines)`, '');
    out.push(
      `Our server started as \`node FLAGS dist/server.js --stdio\`: ${flagOptions.edits} middle edits, then RSS after ${flagOptions.rssEdits} more. initialize: one start each. V8 accepts a code cache only from the same flags: each set but the adopted one (whose cache the main run wrote) first opens the ${SIZES[0]}-line file once to write its own.`,
      '',
    );
    const small = join(benchDir, `lsp-${SIZES[0]}`, `launch-${SIZES[0]}.sh`);
    out.push(
      '| flags | initialize | didOpen → diagnostics | edit p50 / p90 / max | RSS open (MB) | RSS after edits (MB) |',
    );
    out.push('|---|---:|---:|---|---:|---:|');
    for (const flags of FLAG_SETS) {
      log(`qemu-launch server with ${flags.join(' ') || 'no flags'}`);
      const spec = { ...OURS, args: [...flags, join(root, 'dist/server.js'), '--stdio'] };
      // The adopted flags are OURS's: the main run's first start wrote their cache already.
      if (flags.join() !== ADOPTED.join()) await warmCodeCache(spec, small, readFileSync(small, 'utf8'));
      const f = await benchServer(spec, file, text, flagOptions);
      out.push(
        `| ${flags.map((x) => `\`${x}\``).join(' ')}${flags.join() === ADOPTED.join() ? ' (adopted)' : ''} | ${ms(f.initializeMs)} | ${ms(f.openMs)} | ${ms(f.edit.p50)} / ${ms(f.edit.p90)} / ${ms(f.edit.max)} | ${mb(f.rssOpenBytes)} | ${mb(f.rssAfterEditsBytes)} |`,
      );
    }
    out.push('');
  }

  // ── CLI ──
  log('CLI');
  const cli = join(root, 'dist/cli.js');
  const cliFigures: CliFigures[] = [
    benchCli(cli, `${generated.many.length} small generated scripts`, generated.many),
    benchCli(cli, 'launch-10000.sh', [generated.files[10000]]),
    benchCli(cli, `examples/*.sh (${examples.length})`, examples),
  ];
  out.push('### CLI: `qemu-launch check --format json`, one process', '');
  out.push('| input | files | MB | wall (ms, best of 3) | MB/s |');
  out.push('|---|---:|---:|---:|---:|');
  for (const f of cliFigures)
    out.push(`| ${f.label} | ${f.files} | ${mb(f.bytes)} | ${ms(f.wallMs)} | ${f.mbPerSecond.toFixed(1)} |`);
  out.push('');

  // ── sizes ──
  log('bundle sizes');
  const sizes = benchSizes(root);
  out.push('### Bundles', '');
  out.push('| file | KB |', '|---|---:|');
  for (const f of sizes.files) out.push(`| ${f.name} | ${(f.bytes / 1024).toFixed(0)} |`);
  out.push(
    `| .vsix (npm run package) | ${sizes.vsixBytes !== undefined ? (sizes.vsixBytes / 1024).toFixed(0) : 'n/a: ' + sizes.vsixNote} |`,
  );
  out.push('');
  if (sizes.extensionLoadMs !== undefined) {
    out.push(
      `Client bundle load time (dist/extension.js required with the vscode API stubbed, median of 5): ${ms(sizes.extensionLoadMs)} ms.`,
      '',
    );
  }

  out.push(
    `Load average at the end (1/5/15 min): ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}.`,
    '',
  );
  const report = out.join('\n');
  process.stdout.write(report + '\n');
  if (write) {
    const path = join(root, 'BENCHMARKS.md');
    const begin = '<!-- figures:begin (written by npm run bench -- --write) -->';
    const end = '<!-- figures:end -->';
    const current = existsSync(path) ? readFileSync(path, 'utf8') : `# Benchmarks\n\n${begin}\n${end}\n`;
    const a = current.indexOf(begin);
    const b = current.indexOf(end);
    const next =
      a >= 0 && b > a
        ? current.slice(0, a + begin.length) + '\n' + report + '\n' + current.slice(b)
        : current + `\n${begin}\n${report}\n${end}\n`;
    writeFileSync(path, next);
    // The tables as written are not prettier's layout, and `npm run lint` checks this file.
    execFileSync(process.execPath, [join(root, 'node_modules/prettier/bin/prettier.cjs'), '--write', path]);
    log(`wrote ${path}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[bench] failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
