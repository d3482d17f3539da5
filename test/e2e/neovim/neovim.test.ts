// The language server outside VS Code: Debian's Neovim 0.7.2, headless, configured with exactly
// the init.lua blocks docs/distribution.md gives users (read from that file here), starts
// `qemu-launch-server --stdio` from PATH (the npm package's bin; here a link to dist/server.js)
// on the examples, and probe.lua reads back what a Neovim user would get: the diagnostics QEMU's
// rules call for, and a hover with the address a real QEMU gives the device
// (test/fixtures/maps/spm-v8-pc-dimm-between.json).
// Needs `npm run build` (npm run test:neovim does it) and `nvim` (scripts/ensure-test-deps.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as facts from '../facts';

const root = resolve(__dirname, '..', '..', '..');
const server = join(root, 'dist', 'server.js');
const probeScript = join(__dirname, 'probe.lua');

interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  message: string;
}
interface ProbeResult {
  diagnostics: LspDiagnostic[] | null;
  hovers: { line: number; character: number; text: string | null }[];
  hoverProvider?: boolean;
  stopped?: boolean;
  log: string[];
  error?: string;
}

/** 0-based position of the first occurrence of `needle` in `file`, in LSP terms. */
function positionOf(file: string, needle: string): { line: number; character: number } {
  return facts.positionIn(readFileSync(file, 'utf8'), needle);
}

function textAt(file: string, d: LspDiagnostic): string {
  const lines = readFileSync(file, 'utf8').split('\n');
  assert.equal(d.range.start.line, d.range.end.line, `range of "${d.message}" spans lines`);
  return lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
}

/** The ```lua block that follows the `<!-- marker` comment in docs/distribution.md, verbatim. */
function documentedSnippet(marker: 'neovim-start' | 'neovim-0.7'): string {
  const doc = readFileSync(join(root, 'docs', 'distribution.md'), 'utf8');
  const at = doc.indexOf(`<!-- ${marker}:`);
  assert.ok(at >= 0, `docs/distribution.md has no <!-- ${marker}: block`);
  const block = /```lua\n([\s\S]*?)```/.exec(doc.slice(at));
  assert.ok(block, `no lua block after <!-- ${marker}`);
  return block[1];
}
const SNIPPET_07 = 'neovim-0.7';
const SNIPPET_08 = 'neovim-start';

function runProbe(
  file: string,
  hovers: { line: number; character: number }[] = [],
  snippet: typeof SNIPPET_07 | typeof SNIPPET_08 = SNIPPET_07,
): ProbeResult {
  assert.ok(existsSync(server), `${server} is missing; run npm run build (npm run test:neovim does)`);
  const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  assert.equal(nvim.status, 0, 'nvim is not installed; run scripts/ensure-test-deps.sh (apt: neovim)');
  // Neovim's LSP log and state go to a throw-away home, not the user's ~/.cache.
  const home = mkdtempSync(join(tmpdir(), 'qemu-launch-nvim-'));
  try {
    // The user's init.lua is the documented block; `qemu-launch-server` is what npm puts on PATH.
    const init = join(home, 'init.lua');
    writeFileSync(init, documentedSnippet(snippet));
    const bin = join(home, 'bin');
    mkdirSync(bin);
    symlinkSync(server, join(bin, 'qemu-launch-server'));
    const r = spawnSync('nvim', ['--headless', '-u', init, '-i', 'NONE', '-n', '-c', `luafile ${probeScript}`], {
      encoding: 'utf8',
      timeout: 90_000,
      env: {
        ...process.env,
        XDG_CACHE_HOME: join(home, 'cache'),
        XDG_STATE_HOME: join(home, 'state'),
        XDG_CONFIG_HOME: join(home, 'config'),
        XDG_DATA_HOME: join(home, 'data'),
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        QL_PROBE: JSON.stringify({ file, hovers, timeoutMs: 30_000 }),
      },
    });
    const line = r.stdout
      .split('\n')
      .reverse()
      .find((l) => l.startsWith('{'));
    assert.ok(line, `nvim printed no result (exit ${r.status}, signal ${r.signal}):\n${r.stdout}\n${r.stderr}`);
    const result = JSON.parse(line) as ProbeResult;
    assert.equal(result.error, undefined, `probe failed: ${result.error}\nserver messages:\n${result.log.join('\n')}`);
    return result;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const ERROR = 1;
const WARNING = 2;

test("Neovim 0.7 with the documented 0.7 init.lua shows the broken example's errors on the characters at fault", () => {
  const file = join(root, 'examples', facts.BROKEN_EXAMPLE);
  const result = runProbe(file);
  const diags = result.diagnostics ?? [];
  assert.ok(diags.length > 0, 'no diagnostics for a script QEMU rejects');
  for (const d of diags)
    assert.match(String(d.code), /^QL-/, `diagnostic without a qemu-launch code: ${JSON.stringify(d)}`);

  // spm1 reuses spm0's backend: QEMU says exactly this.
  const inUse = diags.find((d) => d.message.includes(facts.BROKEN_IN_USE));
  assert.ok(inUse, `no "already in use" error; got:\n${diags.map((d) => d.message).join('\n')}`);
  assert.equal(inUse.severity, ERROR);
  const spm1 = positionOf(file, facts.BROKEN_IN_USE_AT);
  assert.equal(inUse.range.start.line, spm1.line, 'the "in use" error is not on spm1\'s line');
  assert.match(textAt(file, inUse), /^(memdev=)?hbm$/, 'the "in use" error does not cover spm1\'s memdev=hbm');

  // The v7 node that starts below 4 GiB and ends above it (x86 e820 rule of the v7 patches).
  const spans = diags.find((d) => facts.BROKEN_SPANS_4G.test(d.message));
  assert.ok(spans, `no "spans across 4GB boundary" error; got:\n${diags.map((d) => d.message).join('\n')}`);
  assert.equal(spans.range.start.line, positionOf(file, 'memmap-type=spm').line);

  assert.equal(result.stopped, true, 'the server did not stop after shutdown/exit');
});

test('the documented vim.lsp.start init.lua: a hover on an SPM device gives the range real QEMU gives it', () => {
  const file = join(root, 'examples', facts.V8_EXAMPLE);
  const spm0 = positionOf(file, facts.V8_SPM0);
  const result = runProbe(file, [{ line: spm0.line, character: spm0.character + 2 }], SNIPPET_08);
  const errors = (result.diagnostics ?? []).filter((d) => d.severity === ERROR);
  assert.deepEqual(
    errors.map((d) => d.message),
    [],
    'a script QEMU accepts got errors',
  );
  assert.equal(result.hoverProvider, true, 'the server does not advertise hoverProvider');

  const text = result.hovers[0]?.text;
  assert.ok(text, 'no hover on the spm-memory device');
  for (const part of [facts.V8_SPM0_RANGE, facts.V8_SPM0_SIZE, facts.V8_SPM0_NODE, facts.SOFT_RESERVED]) {
    assert.ok(text.includes(part), `hover lacks "${part}" (real QEMU's placement of spm0):\n${text}`);
  }
});

test('Neovim 0.7: every example QEMU accepts gets no error or warning', () => {
  // broken-* examples are rejected on purpose; every other one starts under Debian's QEMU 7.2
  // (or the SPM patches it was written for) — the examples' own comments say which.
  const accepted = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.sh') && !f.startsWith('broken'));
  assert.ok(accepted.length >= 5, `only ${accepted.length} examples found`);
  for (const name of accepted) {
    const result = runProbe(join(root, 'examples', name));
    const problems = (result.diagnostics ?? []).filter((d) => d.severity === ERROR || d.severity === WARNING);
    assert.deepEqual(
      problems.map((d) => `${d.code} ${d.message}`),
      [],
      `${name} got errors or warnings`,
    );
  }
});
