// Runs the VS Code API suite in code-server's Node extension host (VS Code 1.100.3) when no desktop
// VS Code exists: the browser workbench accepts the same extensionDevelopmentPath /
// extensionTestsPath as Electron's command line, through its `payload` URL parameter, and reports
// the suite's exit code through window.codeAutomationExit (the hook @vscode/test-web uses too).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { startCodeServer } from '../ui/codeServer';
import { launchChromium, loadPlaywright } from '../ui/workbench';
import { SUITE_START_MARKER } from './marker';

const SUITE_TIMEOUT_MS = 10 * 60_000;

export interface CodeServerHostOptions {
  root: string;
  codeServerBin: string;
  chromiumPath: string;
  /** Folder of the extension under test (its package.json and dist/). */
  extensionDevelopmentPath: string;
  /** The bundled suite's entry (suite/index.js). */
  extensionTestsPath: string;
  workspaceSource: string;
  artifacts: string;
}

export async function runInCodeServer(o: CodeServerHostOptions): Promise<number> {
  mkdirSync(o.artifacts, { recursive: true });
  const server = await startCodeServer({
    bin: o.codeServerBin,
    workspaceSource: o.workspaceSource,
    artifacts: o.artifacts,
    settings: {
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'update.mode': 'none',
      'security.workspace.trust.enabled': false,
    },
  });
  const browser = await launchChromium(loadPlaywright(o.root), o.chromiumPath).catch(async (e) => {
    await server.stop();
    throw e;
  });
  const transcript: string[] = [];
  try {
    const page = await browser.newPage();
    let started = false;
    await page.exposeFunction('codeAutomationLog', (level: string, args: unknown[]) => {
      // The extension host forwards console.log's arguments as given (format string first).
      const line = format(...(Array.isArray(args) ? args : [args]));
      transcript.push(`[${level}] ${line}`);
      if (line.includes(SUITE_START_MARKER)) started = true;
      else if (started) console.log(line);
    });
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve, reject) => {
      exit = resolve;
      page.once('close', () => setTimeout(() => reject(new Error('the workbench closed without an exit code')), 1_000));
      setTimeout(
        () => reject(new Error(`the suite did not finish within ${SUITE_TIMEOUT_MS} ms`)),
        SUITE_TIMEOUT_MS,
      ).unref();
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    const remote = (path: string) => `vscode-remote://${server.authority}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(o.extensionDevelopmentPath)],
      ['extensionTestsPath', remote(o.extensionTestsPath)],
    ];
    await page.goto(
      `${server.url}/?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
    );
    try {
      return await exited;
    } finally {
      if (!started) {
        console.error("The suite never started; the workbench's errors were:");
        for (const l of transcript) if (l.startsWith('[error]')) console.error(l);
      }
    }
  } finally {
    writeFileSync(join(o.artifacts, 'workbench-log.txt'), transcript.join('\n'));
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}
