// Loads the real webview page (buildHtml's HTML, its CSP included) from a tiny HTTP server on
// 127.0.0.1 into Debian's Chromium, with a stubbed acquireVsCodeApi that records what the page
// posts and keeps its state. The bundle is built here with the same esbuild options as
// esbuild.mjs, so this test does not depend on the rest of the project building.
import { build } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, copyFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import * as playwright from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../chromium';
import { buildHtml } from '../../client/src/addressMapHtml';
import type { InvocationMapJson, MapSource, ToWebview } from '../../client/webview/protocol';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = 'test/artifacts';
const FIXTURES = 'test/fixtures/maps';

export interface Fixture {
  name: string;
  file: string;
  map: InvocationMapJson;
}

/**
 * Every map the browser tests draw: the engine's output for the scripts in test/fixtures/maps/
 * (checked against QEMU by fixtures.test.ts) and for the project's examples/ (maps/examples/),
 * one fixture per QEMU invocation.
 */
export function loadFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const [dir, prefix] of [
    [FIXTURES, ''],
    [join(FIXTURES, 'examples'), 'examples/'],
  ] as const) {
    for (const f of readdirSync(dir)
      .filter((x) => x.endsWith('.json'))
      .sort()) {
      const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { file: string; invocations: InvocationMapJson[] };
      const base = prefix + f.replace(/\.json$/, '');
      doc.invocations.forEach((map, i) =>
        out.push({ name: doc.invocations.length > 1 ? `${base}#${i + 1}` : base, file: doc.file, map }),
      );
    }
  }
  return out;
}

export function fixture(name: string): Fixture {
  const f = loadFixtures().find((x) => x.name === name);
  if (!f) throw new Error(`no fixture ${name}`);
  return structuredClone(f);
}

export function update(f: Fixture): ToWebview {
  const source: MapSource = {
    uri: `file:///work/${f.file}`,
    label: f.file.split('/').pop()!,
    position: { line: f.map.line - 1, character: 0 },
  };
  return { command: 'update', source, map: f.map };
}

export interface Harness {
  browser: Browser;
  origin: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Debian's Chromium is missing at ${CHROMIUM}: the webview tests need it (apt-get install chromium). No browser is downloaded.`,
    );
  }
  const dist = mkdtempSync(join(tmpdir(), 'qemu-launch-webview-'));
  await build({
    entryPoints: ['client/webview/main.ts'],
    outfile: join(dist, 'main.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: true,
    logLevel: 'error',
  });
  copyFileSync('client/webview/main.css', join(dist, 'main.css'));
  const server: Server = createServer((req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const path = (req.url ?? '/').split('?')[0];
    const files: Record<string, [string, string]> = {
      '/main.js': [join(dist, 'main.js'), 'text/javascript'],
      '/main.js.map': [join(dist, 'main.js.map'), 'application/json'],
      '/main.css': [join(dist, 'main.css'), 'text/css'],
    };
    if (path === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else if (path === '/') {
      // A fixed nonce is fine for a test page; the extension makes a fresh one per page.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(buildHtml(origin, 'dGVzdG5vbmNlMTIzNDU2Nzg5MA==', `${origin}/main.js`, `${origin}/main.css`));
    } else if (files[path]) {
      res.writeHead(200, { 'content-type': files[path][1] });
      res.end(readFileSync(files[path][0]));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium(playwright, CHROMIUM);
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    browser,
    origin,
    close: async () => {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dist, { recursive: true, force: true });
    },
  };
}

export interface Loaded {
  page: Page;
  /** Console errors, page errors, dialogs: all must stay empty. */
  problems: string[];
  dialogs: string[];
  posted(): Promise<unknown[]>;
  state(): Promise<unknown>;
  send(message: unknown): Promise<void>;
}

/** Opens the page with the stubbed VS Code API; `state` is what getState() returns at start. */
export async function openPage(
  h: Harness,
  options: { theme?: string; state?: unknown; width?: number } = {},
): Promise<Loaded> {
  const page = await h.browser.newPage({ viewport: { width: options.width ?? 1280, height: 900 } });
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  // tsx compiles the callbacks below with esbuild's keepNames, which wraps functions in a
  // `__name` helper that exists only in node; the page gets a no-op one.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.addInitScript(
    ({ theme, state }) => {
      const w = window as unknown as Record<string, unknown>;
      w.__posted = [];
      w.__state = state;
      w.__acquired = 0;
      w.acquireVsCodeApi = () => {
        // VS Code allows one call per page; a second one would throw there too.
        if ((w.__acquired as number)++) throw new Error('acquireVsCodeApi called twice');
        return {
          postMessage: (m: unknown) => (w.__posted as unknown[]).push(JSON.parse(JSON.stringify(m))),
          getState: () => w.__state,
          setState: (s: unknown) => {
            w.__state = JSON.parse(JSON.stringify(s));
          },
        };
      };
      document.addEventListener('DOMContentLoaded', () => document.body.classList.add(theme));
    },
    { theme: options.theme ?? 'vscode-light', state: options.state ?? null },
  );
  await page.goto(h.origin + '/');
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  return {
    page,
    problems,
    dialogs,
    posted: () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted),
    state: () => page.evaluate(() => (window as unknown as { __state: unknown }).__state),
    // The extension's messages reach the page as window 'message' events; dispatching one
    // directly runs the page's handler before evaluate returns, so no waiting is needed.
    send: async (message) => {
      await page.evaluate((m) => window.dispatchEvent(new MessageEvent('message', { data: m })), message);
    },
  };
}

export interface DrawnRange {
  key: string;
  lane: string;
  start: string;
  end: string;
  line: number;
  label: string;
  x: number;
  width: number;
  classes: string;
}

export function drawnRanges(page: Page): Promise<DrawnRange[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.picture g.range')).map((g) => {
      const rect = g.querySelector('rect.bar')!;
      return {
        key: g.getAttribute('data-key') ?? '',
        lane: g.closest('g.lane')?.getAttribute('data-lane') ?? '',
        start: g.getAttribute('data-start') ?? '',
        end: g.getAttribute('data-end') ?? '',
        line: Number(g.getAttribute('data-line')),
        label: g.getAttribute('aria-label') ?? '',
        x: Number(rect.getAttribute('x')),
        width: Number(rect.getAttribute('width')),
        classes: g.getAttribute('class') ?? '',
      };
    }),
  );
}
