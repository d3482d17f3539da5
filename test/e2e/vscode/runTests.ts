// `npm run test:vscode`: the VS Code API suite (suite/*.test.ts, Mocha) in a real VS Code.
// - Desktop VS Code through @vscode/test-electron: VSCODE_EXECUTABLE_PATH, or a VS Code installed
//   in a usual place (it cannot be downloaded on machines without its CDN, like this project's CI).
// - Otherwise code-server's VS Code 1.100.3 (scripts/ensure-test-deps.sh): same workbench, same Node
//   extension host, the suite loaded the same way (see codeServerHost.ts). Said so on the console.
// - Neither: exits 2 with a clear message; never a silent pass.
// QEMU_LAUNCH_VSCODE_HOST=electron|code-server picks one explicitly.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { runInCodeServer } from './codeServerHost';

const root = resolve(__dirname, '..', '..', '..');
const suiteSrc = join(__dirname, 'suite');
const suiteOut = join(root, 'out', 'e2e-vscode');
const codeServerBin = join(root, '.e2e', 'node_modules', '.bin', 'code-server');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Electron executables of desktop VS Code installs (Debian/Ubuntu .deb, snap, macOS). */
const USUAL_PLACES = [
  '/usr/share/code/code',
  '/snap/code/current/usr/share/code/code',
  '/Applications/Visual Studio Code.app/Contents/MacOS/Electron',
];

function findVsCode(): string | undefined {
  const fromEnv = process.env.VSCODE_EXECUTABLE_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`VSCODE_EXECUTABLE_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  return USUAL_PLACES.find((p) => existsSync(p));
}

async function main(): Promise<number> {
  const forced = process.env.QEMU_LAUNCH_VSCODE_HOST;
  const vscodeExecutablePath = forced === 'code-server' ? undefined : findVsCode();
  const codeServerReady = forced !== 'electron' && existsSync(codeServerBin) && existsSync(chromiumPath);
  if (!vscodeExecutablePath && !codeServerReady) {
    console.error(
      'test:vscode: no desktop VS Code found (set VSCODE_EXECUTABLE_PATH to the VS Code ' +
        '>= 1.100 executable, e.g. /usr/share/code/code) and no code-server in .e2e/ ' +
        '(scripts/ensure-test-deps.sh); the VS Code API suite did NOT run.',
    );
    return 2;
  }
  if (!existsSync(join(root, 'dist', 'extension.js'))) {
    console.error('test:vscode: dist/extension.js is missing; run npm run build');
    return 1;
  }

  // The extension host loads plain JavaScript: bundle each suite file (vscode and mocha stay
  // external: the host provides vscode, and Mocha must be the one instance the tests register with).
  rmSync(suiteOut, { recursive: true, force: true });
  const entryPoints = readdirSync(suiteSrc)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(suiteSrc, f));
  await build({
    entryPoints,
    outdir: suiteOut,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });

  if (!vscodeExecutablePath) {
    console.log(
      'test:vscode: no desktop VS Code found (set VSCODE_EXECUTABLE_PATH to use one); running the ' +
        "suite in code-server's VS Code 1.100.3 (Node extension host) instead.",
    );
    try {
      return await runInCodeServer({
        root,
        codeServerBin,
        chromiumPath,
        extensionDevelopmentPath: root,
        extensionTestsPath: join(suiteOut, 'index.js'),
        workspaceSource: join(root, 'examples'),
        artifacts: join(root, 'test', 'artifacts', 'e2e-vscode'),
      });
    } catch (e) {
      console.error(`test:vscode: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
  }

  const scratch = mkdtempSync(join(tmpdir(), 'qemu-launch-vscode-'));
  const workspace = join(scratch, 'workspace');
  cpSync(join(root, 'examples'), workspace, { recursive: true });
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(suiteOut, 'index.js'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        join(scratch, 'user-data'),
      ],
    });
  } catch (e) {
    console.error(`test:vscode: the VS Code API suite failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
