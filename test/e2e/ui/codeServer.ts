// Starts a private code-server (VS Code 1.100.3's workbench and Node extension host) for one test
// run: temporary user-data, extensions and XDG folders (so nothing lands in ~/.config), a free port
// on 127.0.0.1, no auth, the .vsix installed the way a user installs it. stop() ends the whole
// process group it started and keeps its logs as artifacts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CodeServer {
  url: string;
  /** host:port, the remote authority of vscode-remote:// URIs for this server. */
  authority: string;
  workspace: string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** code-server's launcher (.e2e/node_modules/.bin/code-server). */
  bin: string;
  /** The packaged extension to install; none when the extension is loaded as a development folder. */
  vsix?: string;
  /** Folder copied as the workspace, so edits made by the test never touch the repository. */
  workspaceSource: string;
  /** Where code-server's own log and the extension host's logs are kept. */
  artifacts: string;
  /** User settings for the workbench. */
  settings: Record<string, unknown>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before answering /healthz`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (e) {
      lastError = String(e);
    }
    // Polling an HTTP endpoint that has no push alternative; the loop is bounded by the deadline.
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms (${lastError})`);
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  if (!existsSync(opts.bin)) {
    throw new Error(`code-server not found at ${opts.bin}; run scripts/ensure-test-deps.sh first`);
  }
  if (opts.vsix && !existsSync(opts.vsix)) throw new Error(`${opts.vsix} not found; run npm run package first`);

  const base = mkdtempSync(join(tmpdir(), 'qemu-launch-ui-'));
  const dirs = {
    userData: join(base, 'user-data'),
    extensions: join(base, 'extensions'),
    xdgConfig: join(base, 'xdg-config'),
    xdgData: join(base, 'xdg-data'),
    workspace: join(base, 'workspace'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  cpSync(opts.workspaceSource, dirs.workspace, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(opts.settings, null, 2));
  mkdirSync(opts.artifacts, { recursive: true });

  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData };
  delete env.VSCODE_IPC_HOOK_CLI; // when run from a VS Code terminal, the CLI would talk to that VS Code
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  if (opts.vsix) {
    const install = spawnSync(opts.bin, [...common, '--install-extension', opts.vsix], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (install.status !== 0 || !/successfully installed/i.test(install.stdout + install.stderr)) {
      throw new Error(`installing ${opts.vsix} failed (exit ${install.status}):\n${install.stdout}${install.stderr}`);
    }
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = createWriteStream(join(opts.artifacts, 'code-server.log'));
  const child = spawn(
    opts.bin,
    [
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      dirs.workspace,
    ],
    // Its own process group, so stop() reaches the extension host and the language server too.
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
    // The extension host's and the language client's output channels live here.
    const logs = join(dirs.userData, 'logs');
    if (existsSync(logs)) cpSync(logs, join(opts.artifacts, 'vscode-logs'), { recursive: true });
    if (!process.env.QEMU_LAUNCH_E2E_KEEP) rmSync(base, { recursive: true, force: true });
  };
  // However the test process ends (a failure, Ctrl+C, CI's timeout), the server must not outlive it.
  const killGroup = () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };
  process.once('exit', killGroup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killGroup();
      process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    });
  }

  try {
    await waitForHealth(url, child, 60_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, authority: `127.0.0.1:${port}`, workspace: dirs.workspace, stop };
}
