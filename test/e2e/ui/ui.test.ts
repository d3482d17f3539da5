// What a person sees in real VS Code (1.100.3, served by code-server 4.100.3) with the packaged
// .vsix installed: squiggles, the Problems panel, a hover, a quick fix from the light bulb, and
// the address-map panel. Driven through Debian's Chromium with playwright-core; a numbered
// screenshot of each step lands in test/artifacts/e2e/ (kept by CI, ignored by git).
// Prerequisites: scripts/ensure-test-deps.sh, then `npm run test:ui` (packages the .vsix first).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import * as facts from '../facts';
import { startCodeServer, type CodeServer } from './codeServer';
import { launchChromium, loadPlaywright, Workbench } from './workbench';

const root = resolve(__dirname, '..', '..', '..');
const artifacts = join(root, 'test', 'artifacts', 'e2e');
const vsix = process.env.QEMU_LAUNCH_VSIX ?? join(root, '.e2e', 'qemu-launch.vsix');
const codeServerBin = join(root, '.e2e', 'node_modules', '.bin', 'code-server');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FIXABLE_FILE = 'fix-me.sh';

// A quiet workbench: nothing that pops up over the editor, nothing that reaches the network.
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.editor.enablePreview': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'editor.lightbulb.enabled': 'on',
  'editor.minimap.enabled': false,
};

describe('qemu-launch in VS Code (code-server) as a person sees it', { timeout: 10 * 60_000 }, () => {
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let wb: Workbench;
  const consoleErrors: string[] = [];

  before(async () => {
    assert.ok(existsSync(chromiumPath), `${chromiumPath} not found; run scripts/ensure-test-deps.sh (apt: chromium)`);
    rmSync(artifacts, { recursive: true, force: true });
    server = await startCodeServer({
      bin: codeServerBin,
      vsix,
      workspaceSource: join(root, 'examples'),
      artifacts,
      settings: SETTINGS,
    });
    // A script with one mistake and one fix, beside the examples in the (temporary) workspace.
    writeFileSync(join(server.workspace, FIXABLE_FILE), facts.FIXABLE_SCRIPT);
    browser = await launchChromium(loadPlaywright(root), chromiumPath);
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    wb = new Workbench(page, artifacts);
    await wb.open(server.url, server.workspace);
    await wb.screenshot('workbench');
  });

  after(async () => {
    if (consoleErrors.length) writeFileSync(join(artifacts, 'browser-console-errors.txt'), consoleErrors.join('\n'));
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });

  test('opening the broken example underlines its mistakes', async () => {
    await wb.openFile(facts.BROKEN_EXAMPLE, 'DELIBERATELY BROKEN');
    await wb.expectVisible(
      page.locator('.editor-group-container.active .squiggly-error'),
      `no error squiggles in ${facts.BROKEN_EXAMPLE}: the extension did not activate or its server did not answer ` +
        `(see test/artifacts/e2e/vscode-logs)`,
    );
    await wb.screenshot('squiggles');
  });

  test("the Problems panel shows QEMU's own messages", async () => {
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await wb.expectVisible(panel, 'the Problems panel (Ctrl+Shift+M) did not open');
    // The list is virtual (only the rows in view exist), so narrow it with its filter box, as a
    // person looking for one message would.
    const filter = page.getByPlaceholder(/^Filter \(e\.g\./);
    await wb.expectVisible(filter, 'the Problems panel has no filter box');
    // Typing before the list has rendered can be undone by the view restoring its saved filter.
    await wb.expectVisible(panel.locator('.monaco-list-row'), 'the Problems panel lists nothing');
    for (const [text, name] of [
      [facts.BROKEN_IN_USE, 'in-use'],
      ['spans across 4GB boundary', 'spans-4g'],
    ] as const) {
      await filter.fill(text);
      await wb
        .expectVisible(
          panel.locator('.monaco-list-row').filter({ hasText: text }),
          `the Problems panel does not list "${text}"`,
        )
        .catch(async (e: Error) => {
          throw new Error(`${e.message}\nthe panel shows:\n${await panel.innerText().catch(() => '(unreadable)')}`);
        });
      await wb.screenshot(`problems-${name}`);
    }
    await filter.fill('');
    await wb.screenshot('problems-all');
    // Out of the way again, so the next steps' screenshots show the editor.
    await wb.runCommand('View: Hide Panel');
    await panel.waitFor({ state: 'hidden' });
  });

  test('hovering spm-memory with the mouse shows where QEMU puts the device', async () => {
    await wb.openFile(facts.V8_EXAMPLE, 'SPM, v8 form');
    const text = readFileSync(join(server!.workspace, facts.V8_EXAMPLE), 'utf8');
    const at = facts.positionIn(text, facts.V8_SPM0);
    await wb.goTo(at.line + 1, at.character + 3);
    // Point the mouse at the character the cursor is on: that is "spm-memory" on spm0's line.
    const cursor = await page.locator('.editor-group-container.active .monaco-editor .cursor').first().boundingBox();
    assert.ok(cursor, 'the editor cursor is not visible');
    await page.mouse.move(cursor.x + 4, cursor.y + cursor.height / 2);
    const hover = wb.hover(facts.SOFT_RESERVED);
    await wb.expectVisible(hover, `no hover with ${facts.SOFT_RESERVED} over spm-memory`);
    const shown = await hover.first().innerText();
    for (const part of [facts.V8_SPM0_RANGE, facts.V8_SPM0_SIZE, facts.V8_SPM0_NODE]) {
      assert.ok(shown.includes(part), `the hover lacks "${part}" (real QEMU's placement of spm0):\n${shown}`);
    }
    await wb.screenshot('hover');
    // The inlay hint after the device shows the same start, digits grouped (0x1_4000_0000).
    const hinted = wb.editorLines().locator('.view-line').filter({ hasText: facts.V8_SPM0 });
    const line = await hinted.first().innerText();
    assert.ok(
      facts.ungroupHex(line).includes(`0x${facts.V8_SPM0_START.toString(16)}`),
      `no inlay hint with spm0's start on its line: ${line}`,
    );
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');
  });

  test('a quick fix from the light bulb changes the text and the script checks clean', async () => {
    await wb.openFile(FIXABLE_FILE, 'qemu-system-x86_64');
    const problems = page.locator('.editor-group-container.active .squiggly-error');
    await wb.expectVisible(problems, `no error squiggle in ${FIXABLE_FILE}`);
    // F8 goes to the problem (and shows it inline); Escape leaves the cursor on it.
    await page.keyboard.press('F8');
    await wb.expectVisible(
      page.locator('.marker-widget').filter({ hasText: 'maxmem' }),
      'F8 did not show the missing-maxmem problem',
    );
    await wb.screenshot('fix-problem');
    await page.keyboard.press('Escape');
    const bulb = page.locator('.editor-group-container.active .lightBulbWidget');
    await wb.expectVisible(bulb, 'no light bulb next to the problem');
    await bulb.first().click();
    const action = page.locator('.action-widget .monaco-list-row.action').filter({ hasText: facts.FIXABLE_FIX_TITLE });
    await wb.expectVisible(action, 'the light bulb offers no maxmem fix');
    await wb.screenshot('fix-menu');
    // The menu ignores clicks until the pointer has moved over it (VS Code's pointer block).
    const box = await action.first().boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('.context-view-pointerBlock').waitFor({ state: 'detached' });
    await action.first().click();
    await wb.expectVisible(wb.editorLines().filter({ hasText: /maxmem=/ }), 'the fix did not add maxmem= to the text');
    await page
      .locator('.editor-group-container.active :is(.squiggly-error, .squiggly-warning)')
      .first()
      .waitFor({ state: 'detached' })
      .catch(async () =>
        assert.fail(`errors or warnings remain after the fix (screenshot ${await wb.screenshot('fix-not-clean')})`),
      );
    await wb.screenshot('fix-applied');
  });

  test('F1 "QEMU Launch: Show Address Map" shows the map QEMU builds', async () => {
    await wb.openFile(facts.V8_EXAMPLE, 'SPM, v8 form');
    await wb.runCommand('QEMU Launch: Show Address Map');
    await wb.expectVisible(page.locator('.tab').filter({ hasText: /Address Map/ }), 'no Address Map tab opened');
    const view = wb.webview();
    const spm0 = view.locator('tr').filter({ hasText: 'spm0' });
    await wb.expectVisible(spm0, 'the address map lists no spm0 device');
    const row = await spm0.first().innerText();
    assert.ok(row.includes(`0x${facts.V8_SPM0_START.toString(16)}`), `spm0's row lacks its start address: ${row}`);
    await wb.expectVisible(
      view.locator('body').filter({ hasText: facts.SOFT_RESERVED }),
      `the map shows no ${facts.SOFT_RESERVED} range`,
    );
    await wb.screenshot('address-map');
  });

  test('F1 "QEMU Launch: Verify with QEMU" runs QEMU 7.2 and the panel says it agrees, row by row', async () => {
    await wb.openFile(facts.VERIFY_EXAMPLE, facts.VERIFY_EXAMPLE_TEXT);
    await wb.runCommand('QEMU Launch: Verify with QEMU');
    const view = wb.webview();
    await wb.expectVisible(
      view.locator('.verify-status').filter({ hasText: facts.VERIFY_AGREES }),
      'the address-map panel does not say "agrees with QEMU 7.2"',
      60_000,
    );
    // Every E820 row carries QEMU's ✓ and none shows a differing QEMU value.
    const e820Rows = view.locator('table[data-table="e820"] tbody tr');
    const marks = await view.locator('table[data-table="e820"] td.verified').count();
    assert.equal(marks, await e820Rows.count(), 'not every E820 row is marked verified');
    assert.equal(await view.locator('td.qemu-differs').count(), 0);
    await wb.screenshot('verify-agrees');
  });
});
