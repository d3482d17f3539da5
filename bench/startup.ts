// spawn → initialize as a figure that survives a busy machine: several starts of a server, each
// right after a bare `node -e 0` (spawn → exit) in the same loop, so whatever load the machine has
// weighs on both alike; the target compares the two medians. Before each timed start the previous
// server and every process it started (bash-language-server's ShellCheck runs) have exited
// (LspSession.stop). The starts send no `initialized`: nothing after the answer is measured here.
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerSpec } from './lspBench';
import { LspSession } from './lspClient';
import { median, now } from './stats';

export interface StartSeries {
  server: string;
  /** spawn → initialize result of each start, ms. */
  starts: number[];
  /** spawn → exit of the `node -e 0` run just before each start, ms. */
  bare: number[];
  initializeMs: number;
  bareMs: number;
}

/** `node -e 0` spawned the way servers are (piped stdio) and awaited until it exits. */
export function bareNodeStart(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = now();
    const child = spawn(process.execPath, ['-e', '0'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.once('error', reject);
    child.once('exit', () => resolve(now() - started));
  });
}

/** `runs` alternating pairs (bare Node, then the server), in the workspace folder `rootDir`. */
export async function startSeries(spec: ServerSpec, rootDir: string, runs: number): Promise<StartSeries> {
  const starts: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(await bareNodeStart());
    const { session, initializeMs } = await LspSession.start(spec.name, spec.command, spec.args, rootDir, false);
    starts.push(initializeMs);
    await session.stop();
  }
  return { server: spec.name, starts, bare, initializeMs: median(starts), bareMs: median(bare) };
}

/**
 * One start that opens `file` and stays up past the moment our server writes its code cache
 * (1 s after the first diagnostics, server/src/server.ts), as the full run's first start does.
 */
export async function warmCodeCache(spec: ServerSpec, file: string, text: string): Promise<void> {
  const { session } = await LspSession.start(spec.name, spec.command, spec.args, dirname(file));
  try {
    await session.open(pathToFileURL(file).href, text);
    await new Promise((r) => setTimeout(r, 2000));
  } finally {
    await session.stop();
  }
}
