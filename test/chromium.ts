// Debian's Chromium as every browser test starts it: the webview harness, the VS Code workbench
// and code-server. Flags from shared experience with Chromium 1xx in containers: no sandbox
// (root), no GPU, and nothing that reaches out to the network on its own.
import type { Browser, BrowserType } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `pw` is playwright-core: the project's own, or the one an e2e suite loaded from .e2e/. */
export function launchChromium(pw: { chromium: BrowserType }, executablePath: string): Promise<Browser> {
  return pw.chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}
