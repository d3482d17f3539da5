// The npm package as a user gets it: `npm pack` of this repository, installed globally into an
// empty prefix (no network needed: every dependency is bundled into dist/, so the package has
// none), then the two programs it puts on PATH are run: `qemu-launch check/map` on the examples
// and `qemu-launch-server --stdio` answering an LSP initialize. Also what the tarball must not
// hold (tests, tools, sources, source maps) and its size budget.
// Packs with --ignore-scripts: `prepack` (npm run build) would rewrite dist/ under the other
// test files running at the same time; `npm test` has just built it. The prepack itself is
// exercised by `npm pack` from a clean clone (docs/distribution.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const root = resolve(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** Unpacked size budget of the package without the two tree-sitter wasm files (issue 18). */
const MAX_UNPACKED_WITHOUT_WASM = 1.5 * 1000 * 1000;

interface PackedFile {
  path: string;
  size: number;
}
let work: string;
let prefix: string;
let files: PackedFile[];
let bin: (name: string) => string;

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

before(() => {
  assert.ok(existsSync(join(root, 'dist', 'main.js')), 'dist/ is not built; run npm run build (npm test does)');
  work = mkdtempSync(join(tmpdir(), 'qemu-launch-npm-'));
  const packed = JSON.parse(run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], root)) as {
    filename: string;
    files: PackedFile[];
  }[];
  files = packed[0].files;
  prefix = join(work, 'prefix');
  // An empty directory and a private global prefix: nothing of this repository is on the path.
  run(
    npm,
    ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, join(work, packed[0].filename)],
    work,
  );
  bin = (name) => join(prefix, 'bin', name);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the tarball holds the bundles, the wasm and the user texts, and no test, tool, source or map', () => {
  const paths = files.map((f) => f.path).sort();
  for (const wanted of [
    'dist/main.js',
    'dist/cli.js',
    'dist/server.js',
    'dist/lsp.js',
    'dist/tree-sitter.wasm',
    'dist/tree-sitter-bash.wasm',
    'README.md',
    'LICENSE',
    'CHANGELOG.md',
    'package.json',
  ])
    assert.ok(paths.includes(wanted), `${wanted} is missing from the package: ${paths.join(', ')}`);
  const stray = paths.filter(
    (p) => /^(test|tools|server|client|bench|scripts|examples|docs)\//.test(p) || /\.(ts|map)$/.test(p),
  );
  assert.deepEqual(stray, [], 'tests, tools, sources or source maps in the package');
});

test('the package stays under 1.5 MB unpacked without the wasm', () => {
  const total = files.reduce((n, f) => n + f.size, 0);
  const wasm = files.filter((f) => f.path.endsWith('.wasm')).reduce((n, f) => n + f.size, 0);
  assert.ok(wasm > 0, 'no wasm in the package');
  assert.ok(
    total - wasm < MAX_UNPACKED_WITHOUT_WASM,
    `${total - wasm} bytes without the wasm (${total} with it), over ${MAX_UNPACKED_WITHOUT_WASM}`,
  );
});

test('the package needs nothing from the registry: every dependency is bundled', () => {
  const installed = JSON.parse(
    readFileSync(join(prefix, 'lib', 'node_modules', manifest.name, 'package.json'), 'utf8'),
  ) as { dependencies?: Record<string, string>; version: string };
  assert.deepEqual(installed.dependencies ?? {}, {});
  assert.equal(installed.version, manifest.version);
});

test('installed `qemu-launch check` reports the broken example, `map` prints a map, `--version` the version', () => {
  const check = spawnSync(bin('qemu-launch'), ['check', join(root, 'examples', 'broken-placement.sh')], {
    cwd: work,
    encoding: 'utf8',
  });
  assert.equal(check.status, 1, `check exits 1 on errors:\n${check.stdout}\n${check.stderr}`);
  assert.match(check.stdout, /broken-placement\.sh:\d+:\d+: error\[QL-[a-z]+-\d+\]: .*already in use/);

  const map = spawnSync(
    bin('qemu-launch'),
    ['map', '--format', 'json', join(root, 'examples', 'spm-v8-spm-memory.sh')],
    {
      cwd: work,
      encoding: 'utf8',
    },
  );
  assert.equal(map.status, 0, map.stderr);
  // spm0: the range a real QEMU 7.2 + v8 patches gives it (test/e2e/facts.ts).
  assert.match(map.stdout, /0x140000000/);

  const version = spawnSync(bin('qemu-launch'), ['--version'], { encoding: 'utf8' });
  assert.equal(version.stdout.trim(), `qemu-launch ${manifest.version}`);
});

test('installed `qemu-launch-server --stdio` answers initialize and publishes diagnostics', async () => {
  const child = spawn(bin('qemu-launch-server'), ['--stdio'], { cwd: work, stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uri = 'file:///packaged/launch.sh';
  const published = new Promise<{ message: string }[]>((resolveDiagnostics) =>
    conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: { message: string }[] }) => {
      if (p.uri === uri) resolveDiagnostics(p.diagnostics);
    }),
  );
  conn.listen();
  try {
    const init = await conn.sendRequest<{
      capabilities: { hoverProvider?: boolean };
      serverInfo?: { name: string; version?: string };
    }>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    assert.equal(init.capabilities.hoverProvider, true);
    // The version the package says, put in by the build.
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    assert.deepEqual(init.serverInfo, { name: 'qemu-launch', version: pkg.version });
    await conn.sendNotification('initialized', {});
    const text = readFileSync(join(root, 'examples', 'broken-placement.sh'), 'utf8');
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'shellscript', version: 1, text },
    });
    const diagnostics = await published;
    assert.ok(
      diagnostics.some((d) => d.message.includes("memory backend 'hbm' is already in use")),
      diagnostics.map((d) => d.message).join('\n'),
    );
    await conn.sendRequest('shutdown');
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await conn.sendNotification('exit');
    assert.equal(await exited, 0);
  } finally {
    conn.dispose();
    child.kill();
  }
});
