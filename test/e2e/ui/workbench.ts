// Drives VS Code's workbench in Debian's Chromium through playwright-core, the way a person
// does: explorer clicks, keyboard shortcuts, the command palette. Every step waits for what
// the person would wait for (a selector or a text), never for a fixed time, and fails with a
// message that says what was expected and where the screenshot is.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';

type Playwright = typeof import('playwright-core');

/** playwright-core from .e2e/ if one was put there, else the project's own devDependency. */
export function loadPlaywright(root: string): Playwright {
  const errors: string[] = [];
  for (const manifest of [join(root, '.e2e', 'package.json'), join(root, 'package.json')]) {
    try {
      return createRequire(manifest)('playwright-core') as Playwright;
    } catch (e) {
      errors.push(String(e));
    }
  }
  throw new Error(`playwright-core not found; run npm ci\n${errors.join('\n')}`);
}

// Started the same way as the webview tests' browser.
export { launchChromium } from '../../chromium';

/** Generous: the first extension-host start and the first analysis can take seconds on a busy CI box. */
export const UI_TIMEOUT = 45_000;

export class Workbench {
  private shot = 0;

  constructor(
    readonly page: Page,
    private readonly artifacts: string,
  ) {
    mkdirSync(artifacts, { recursive: true });
    page.setDefaultTimeout(UI_TIMEOUT);
  }

  /** Saves a numbered screenshot and returns its path (named in failure messages). */
  async screenshot(name: string): Promise<string> {
    const path = join(this.artifacts, `${String(++this.shot).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path, timeout: 15_000 }).catch(() => undefined);
    return path;
  }

  /** Waits for `locator`; on timeout, takes a screenshot and throws `what` with its path. */
  async expectVisible(locator: Locator, what: string, timeout = UI_TIMEOUT): Promise<void> {
    try {
      await locator.first().waitFor({ state: 'visible', timeout });
    } catch {
      const shot = await this.screenshot('failed');
      throw new Error(`${what} (waited ${timeout} ms; screenshot ${shot})`);
    }
  }

  async open(url: string, folder: string): Promise<void> {
    await this.page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded' });
    await this.expectVisible(this.page.locator('.monaco-workbench'), 'the VS Code workbench did not load', 90_000);
    await this.expectVisible(
      this.page.locator('.explorer-folders-view .monaco-list-row'),
      'the explorer shows no files',
      90_000,
    );
  }

  /** Opens a file by clicking it in the explorer; waits for its editor to show `firstText`. */
  async openFile(name: string, firstText: string): Promise<void> {
    const row = this.page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: name }).first();
    await this.expectVisible(row, `${name} is not listed in the explorer`);
    await row.click();
    await this.expectVisible(
      this.page.locator('.tabs-container .tab.active').filter({ hasText: name }),
      `no editor tab for ${name}`,
    );
    // A file opened before keeps its scroll position; start from the top like a fresh open.
    await this.focusEditor();
    await this.page.keyboard.press('Control+Home');
    await this.expectVisible(
      this.editorLines().filter({ hasText: firstText }),
      `the editor for ${name} does not show "${firstText}"`,
    );
  }

  editorLines(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor .view-lines');
  }

  async focusEditor(): Promise<void> {
    await this.page
      .locator('.editor-group-container.active .monaco-editor .view-lines')
      .first()
      .click({ position: { x: 5, y: 5 } });
  }

  /** Moves the cursor with Go to Line (Ctrl+G), 1-based as the status bar shows. */
  async goTo(line: number, column: number): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await this.expectVisible(input, 'Go to Line (Ctrl+G) did not open');
    // Ctrl+G opens Quick Open with its ":" prefix; filling replaces the prefix, so write it again.
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.expectVisible(
      this.page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }),
      `the cursor did not reach line ${line}, column ${column}`,
    );
  }

  /** Runs a command from the palette (F1) by its title, as a person types it. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await this.expectVisible(input, 'the command palette (F1) did not open');
    await input.fill(`>${title}`);
    const item = this.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
    await this.expectVisible(item, `the command palette has no command "${title}"`);
    await item.click();
  }

  /** The visible part of a hover widget whose text matches `text`. */
  hover(text: string | RegExp): Locator {
    // The first match of a hover's content is a hidden measuring copy; keep only what is shown.
    return this.page.locator('.monaco-hover-content').filter({ hasText: text, visible: true });
  }

  /** The innermost frame of the active webview panel (VS Code nests the content two frames deep). */
  webview(): FrameLocator {
    return this.page
      .locator('iframe.webview.ready')
      .last()
      .contentFrame()
      .locator('iframe#active-frame')
      .contentFrame();
  }
}
