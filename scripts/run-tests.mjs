// The test runner.
//   node scripts/run-tests.mjs --all    every suite, one after the other (what `npm test` runs):
//                                       unit/differential/LSP/grammar/webview/robustness, then the
//                                       Neovim, VS Code UI and VS Code API end-to-end suites; the
//                                       differential suites live against every QEMU (QEMU_LIVE=1).
//   node scripts/run-tests.mjs          test/ minus test/e2e (`npm run test:quick`).
//   node scripts/run-tests.mjs FILE...  just the files named.
// node's test runner with TypeScript through tsx. The last line is the sum over all suites,
// `N passed, N failed`; a suite that could not start, or that exits non-zero without a failed
// test, counts as one failed test, never as skipped.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

function collect(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'e2e' && name !== 'fixtures' && name !== 'node_modules') collect(path, out);
    } else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const scratch = mkdtempSync(join(tmpdir(), 'qemu-launch-tests-'));
// Servers the suites start keep their V8 code cache (server/src/codeCache.ts) here, removed at the
// end, instead of in the user's ~/.cache.
process.env.QEMU_LAUNCH_CODE_CACHE ??= join(scratch, 'code-cache');

/** Runs a command with its output passed through; resolves with its exit code and stdout. */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.on('error', (e) => {
      console.error(`${command}: ${e.message}`);
      resolve({ code: 1, stdout });
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), stdout }));
  });
}

/** node --test over FILES; counts from scripts/count-reporter.mjs. */
async function nodeTests(files, name) {
  const counts = join(scratch, `${name}.json`);
  const { code } = await run(process.execPath, [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(import.meta.dirname, 'count-reporter.mjs')}`,
    `--test-reporter-destination=${counts}`,
    ...files,
  ]);
  let result = { passed: 0, failed: 0 };
  try {
    result = JSON.parse(readFileSync(counts, 'utf8'));
  } catch {
    // No counts: the runner itself did not get going; the exit code below makes it a failure.
  }
  return { ...result, code };
}

/** The VS Code API suite (Mocha inside VS Code's extension host): counts from Mocha's summary. */
async function mochaInVsCode() {
  const { code, stdout } = await run(process.execPath, ['--import', 'tsx', 'test/e2e/vscode/runTests.ts']);
  const count = (word) => Number(stdout.match(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'm'))?.[1] ?? 0);
  return { passed: count('passing'), failed: count('failing'), code };
}

const SUITES = [
  { name: 'unit, differential, LSP, grammar, webview, robustness', run: () => nodeTests(collect('test', []), 'main') },
  { name: 'Neovim end-to-end', run: () => nodeTests(['test/e2e/neovim/neovim.test.ts'], 'neovim') },
  { name: 'pre-commit hook end-to-end', run: () => nodeTests(['test/e2e/precommit/precommit.test.ts'], 'precommit') },
  {
    name: 'VS Code UI end-to-end (the packaged .vsix in code-server, Chromium)',
    prepare: [npm, ['run', 'package', '--', '--out', '.e2e/qemu-launch.vsix']],
    run: () => nodeTests(['test/e2e/ui/ui.test.ts'], 'ui'),
  },
  { name: 'VS Code API end-to-end (Mocha in code-server’s extension host)', run: mochaInVsCode },
];

async function runSuite(suite) {
  console.log(`\n━━ ${suite.name}`);
  if (suite.prepare) {
    const prepared = await run(...suite.prepare);
    if (prepared.code !== 0)
      return { passed: 0, failed: 1, note: `could not start: ${suite.prepare[1].join(' ')} failed` };
  }
  const r = await suite.run();
  if (r.code !== 0 && r.failed === 0)
    return { ...r, failed: 1, note: `exited with code ${r.code} and no failed test: counted as one` };
  return r;
}

const args = process.argv.slice(2);
let suites;
if (args[0] === '--all') {
  suites = SUITES;
  // npm test installed every judge (scripts/ensure-test-deps.sh): the differential suites must then
  // run live against QEMU 7.2 and 10.0, and a judge gone missing fails instead of being skipped.
  process.env.QEMU_LIVE ??= '1';
} else if (args.length > 0) suites = [{ name: args.join(' '), run: () => nodeTests(args, 'named') }];
else suites = [SUITES[0]];

const results = [];
for (const suite of suites) results.push({ name: suite.name, ...(await runSuite(suite)) });
rmSync(scratch, { recursive: true, force: true });

console.log('\n━━ Summary');
for (const r of results)
  console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed${r.note ? ` (${r.note})` : ''}`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
