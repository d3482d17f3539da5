// `npm run test:vscode`: the VS Code API suite (suite/*.test.ts, Mocha) in a desktop VS Code
// through @vscode/test-electron. VS Code cannot be downloaded on machines without access to its
// CDN (like this project's CI), so it takes VSCODE_EXECUTABLE_PATH or a VS Code installed in a
// usual place, and exits non-zero with a clear message when there is none: never a silent pass.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = resolve(__dirname, '..', '..', '..');
const suiteSrc = join(__dirname, 'suite');
const suiteOut = join(root, 'out', 'e2e-vscode');

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
  const vscodeExecutablePath = findVsCode();
  if (!vscodeExecutablePath) {
    console.error('test:vscode: no desktop VS Code found (set VSCODE_EXECUTABLE_PATH to the VS Code ' +
      '>= 1.100 executable, e.g. /usr/share/code/code); the VS Code API suite did NOT run.');
    return 2;
  }
  if (!existsSync(join(root, 'dist', 'extension.js'))) {
    console.error('test:vscode: dist/extension.js is missing; run npm run build');
    return 1;
  }

  // The extension host loads plain JavaScript: bundle each suite file (vscode and mocha stay
  // external: the host provides vscode, and Mocha must be the one instance the tests register with).
  rmSync(suiteOut, { recursive: true, force: true });
  const entryPoints = readdirSync(suiteSrc).filter((f) => f.endsWith('.ts')).map((f) => join(suiteSrc, f));
  await build({ entryPoints, outdir: suiteOut, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    sourcemap: 'inline', external: ['vscode', 'mocha'], logLevel: 'warning' });

  const scratch = mkdtempSync(join(tmpdir(), 'qemu-launch-vscode-'));
  const workspace = join(scratch, 'workspace');
  cpSync(join(root, 'examples'), workspace, { recursive: true });
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(suiteOut, 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome',
        '--skip-release-notes', '--user-data-dir', join(scratch, 'user-data')],
    });
  } catch (e) {
    console.error(`test:vscode: the VS Code API suite failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(1);
});
