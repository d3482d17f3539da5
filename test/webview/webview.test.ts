// The address-map webview in a real browser: Debian's Chromium loads the page the extension
// serves (same HTML and CSP), is fed maps of the SPM reference examples and of Debian's QEMU, and
// we check what it draws, says on hover, posts on click and keys, and that script text in the data
// stays text. Expected values come from the fixtures (the reference tables), not from the code.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, drawnRanges, fixture, loadFixtures, openPage, startHarness, update, type Harness } from './harness';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const big = (s: string) => BigInt(s);
const E820_NAMES: Record<number, string> = { 1: 'RAM', 2: 'RESERVED', 0xefffffff: 'SOFT_RESERVED (0xefffffff)' };
// As `qemu-launch map` prints the type column.
const E820_CELLS: Record<number, string> = { 1: '1 RAM', 2: '2 RESERVED', 0xefffffff: '0xefffffff SOFT_RESERVED' };
const SIZES: Record<string, string> = {
  '0x0': '0 B',
  '0xa0000': '640 KiB',
  '0x20000000': '512 MiB',
  '0x40000000': '1 GiB',
  '0x80000000': '2 GiB',
  '0xc0000000': '3 GiB',
  '0x100000000': '4 GiB',
  '0x180000000': '6 GiB',
  '0x280000000': '10 GiB',
  '0x300000000': '12 GiB',
  '0x400000000': '16 GiB',
};
const FLAG_NAMES = (f: number) =>
  f === 0 ? '0' : [f & 1 && 'ENABLED', f & 2 && 'HOTPLUGGABLE', f & 4 && 'NON_VOLATILE'].filter(Boolean).join('|');

describe('address-map webview in Chromium', () => {
  for (const f of loadFixtures()) {
    it(`draws ${f.name}: one range per non-empty entry, in address order, monotonic x`, async () => {
      const w = await openPage(h);
      try {
        await w.send(update(f));
        const ranges = await drawnRanges(w.page);
        const byLane = (lane: string) => ranges.filter((r) => r.lane === lane);

        const e820 = f.map.e820.map((e, i) => ({ ...e, i })).filter((e) => big(e.length) > 0n);
        const srat = f.map.srat.map((e, i) => ({ ...e, i })).filter((e) => big(e.length) > 0n);
        assert.equal(byLane('e820').length, e820.length);
        assert.equal(byLane('srat').length, srat.length, 'zero-length SRAT padding is not drawn');
        assert.equal(byLane('node').length, f.map.nodes.length);
        assert.equal(byLane('devmem').length, f.map.deviceMemory ? 1 : 0);
        f.map.memoryDevices.forEach((d, i) => {
          const lane = byLane(`device:${i}`);
          assert.equal(lane.length, 1);
          assert.equal(lane[0].start, d.start);
          assert.equal(lane[0].line, d.line);
          assert.match(lane[0].label, new RegExp(`memory device ${d.id} \\(${d.type}\\) node ${d.node}`));
        });

        // Each lane lists its ranges in address order; each SRAT range is labelled with its node and flags.
        for (const lane of ['e820', 'srat', 'node']) {
          const starts = byLane(lane).map((r) => big(r.start));
          assert.deepEqual(
            starts,
            [...starts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
            `${lane} in address order`,
          );
        }
        for (const e of srat) {
          const r = byLane('srat').find((x) => x.key === `srat:${e.i}`);
          assert.ok(r, `SRAT entry ${e.i} drawn`);
          assert.equal(r.start, e.start);
          assert.equal(big(r.end), big(e.start) + big(e.length));
          assert.ok(r.label.startsWith(`SRAT node ${e.node} ${FLAG_NAMES(e.flags)}, ${e.start}–`), r.label);
        }
        for (const e of e820) {
          const r = byLane('e820').find((x) => x.key === `e820:${e.i}`);
          assert.ok(r);
          assert.ok(
            r.label.startsWith(
              `E820 ${E820_NAMES[e.type]}, ${e.start}–0x${(big(e.start) + big(e.length) - 1n).toString(16)}`,
            ),
            r.label,
          );
        }

        // x grows with the address across every lane: the axis is monotonic.
        const points = ranges.flatMap((r) => [
          { a: big(r.start), x: r.x },
          { a: big(r.end), x: r.x + r.width },
        ]);
        points.sort((p, q) => (p.a < q.a ? -1 : p.a > q.a ? 1 : 0));
        for (let i = 1; i < points.length; i++) {
          const [p, q] = [points[i - 1], points[i]];
          if (q.a > p.a) assert.ok(q.x > p.x - 3.01, `x(${q.a.toString(16)})=${q.x} < x(${p.a.toString(16)})=${p.x}`);
        }
        // Bars narrower than the 3 px minimum are widened, so compare starts strictly:
        const starts = [...new Map(ranges.map((r) => [r.start, r.x])).entries()].sort((p, q) =>
          big(p[0]) < big(q[0]) ? -1 : 1,
        );
        for (let i = 1; i < starts.length; i++)
          assert.ok(starts[i][1] > starts[i - 1][1], `start ${starts[i][0]} right of ${starts[i - 1][0]}`);

        // The tables carry the JSON's numbers, padding included.
        const tables = await w.page.evaluate(() =>
          Object.fromEntries(
            Array.from(document.querySelectorAll('table[data-table]')).map((t) => [
              t.getAttribute('data-table'),
              Array.from(t.querySelectorAll('tbody tr')).map((tr) =>
                Array.from(tr.querySelectorAll('td')).map((td) => td.textContent),
              ),
            ]),
          ),
        );
        const cells = (rows: string[][]) => rows.map((r) => r.filter((_, i) => i !== 2)); // without the size column
        assert.deepEqual(
          cells(tables.e820),
          f.map.e820.map((e) => [e.start, e.length, E820_CELLS[e.type]]),
        );
        assert.deepEqual(
          cells(tables.srat),
          f.map.srat.map((e) => [
            e.start,
            e.length,
            String(e.node),
            big(e.length) === 0n && e.flags === 0 ? '0 (padding)' : FLAG_NAMES(e.flags),
          ]),
        );
        for (const row of [...tables.e820, ...tables.srat])
          if (SIZES[row[1]]) assert.equal(row[2], SIZES[row[1]], `size of ${row[1]}`);
        assert.deepEqual(w.problems, []);
        await w.page.screenshot({
          path: join(ARTIFACTS, `webview-${f.name.replace(/[^\w-]+/g, '-')}.png`),
          fullPage: true,
        });
      } finally {
        await w.page.close();
      }
    });
  }

  it('keeps 640 KiB and 2 TiB both legible on one axis', async () => {
    const w = await openPage(h, { width: 1200 });
    try {
      await w.send(update(fixture('q35-2tib-amd-hole')));
      const srat = (await drawnRanges(w.page)).filter((r) => r.lane === 'srat');
      const low = srat.find((r) => r.start === '0x0')!;
      const huge = srat.find((r) => r.start === '0x1ff80000000')!;
      assert.ok(low.width >= 20, `640 KiB range is ${low.width}px wide`);
      assert.ok(huge.width > low.width, 'a 1 TiB range is still wider than 640 KiB');
      const markers = await w.page.evaluate(() =>
        Array.from(document.querySelectorAll('[data-marker]')).map((m) => m.getAttribute('data-marker')),
      );
      assert.deepEqual(markers.sort(), ['4g', 'amd-hole', 'pci-hole']);
    } finally {
      await w.page.close();
    }
  });

  it('hover tells range, size, node, E820 type, SRAT flags, id and line', async () => {
    const f = fixture('spm-v8-pc-dimm-between');
    const w = await openPage(h);
    try {
      await w.send(update(f));
      await w.page.hover('g.range[data-key="device:0"] rect');
      const text = await w.page.locator('#tooltip').innerText();
      const spm0 = f.map.memoryDevices[0];
      assert.equal(spm0.id, 'spm0');
      for (const expected of [
        '0x140000000–0x23fffffff',
        '4 GiB',
        'node 2',
        'E820 SOFT_RESERVED (0xefffffff)',
        'SRAT ENABLED',
        'id spm0 (spm-memory)',
        `line ${spm0.line}`,
      ]) {
        assert.ok(text.includes(expected), `tooltip has ${expected}: ${text}`);
      }
      assert.equal(await w.page.locator('#tooltip').isVisible(), true);
      // The hotpluggable SRAT umbrella after the devices.
      await w.page.hover('g.range[data-key="srat:9"] rect');
      const umbrella = await w.page.locator('#tooltip').innerText();
      assert.ok(
        umbrella.includes('0x340000000–0x73fffffff') &&
          umbrella.includes('16 GiB') &&
          umbrella.includes('SRAT ENABLED|HOTPLUGGABLE'),
        umbrella,
      );
    } finally {
      await w.page.close();
    }
  });

  it('click and Enter post {command:"reveal", line} for the range’s script line', async () => {
    const f = fixture('spm-v8-pc-dimm-between');
    const w = await openPage(h);
    try {
      await w.send(update(f));
      await w.page.click('g.range[data-key="device:1"] rect');
      const dimm0 = f.map.memoryDevices[1];
      assert.equal(dimm0.id, 'dimm0');
      assert.deepEqual((await w.posted()).at(-1), { command: 'reveal', line: dimm0.line });
      await w.page.focus('g.range[data-key="node:0"]');
      await w.page.keyboard.press('Enter');
      assert.deepEqual((await w.posted()).at(-1), { command: 'reveal', line: f.map.nodes[0].line });
      // A table row reveals the line of the range it lists.
      await w.page.click('table[data-table="devices"] tr[data-key="device:2"] td');
      assert.deepEqual((await w.posted()).at(-1), { command: 'reveal', line: f.map.memoryDevices[2].line });
    } finally {
      await w.page.close();
    }
  });

  it('is usable by keyboard: one tab stop into the picture, arrows move between ranges and lanes', async () => {
    const f = fixture('spm-v7-middle');
    const w = await openPage(h);
    try {
      await w.send(update(f));
      const active = () =>
        w.page.evaluate(() => document.activeElement?.getAttribute('data-key') ?? document.activeElement?.tagName);
      let key: string | undefined;
      for (let i = 0; i < 12 && !key?.includes(':'); i++) {
        await w.page.keyboard.press('Tab');
        key = await active();
      }
      assert.equal(key, 'e820:1', 'the first E820 range in address order (0x0 RAM) takes the tab stop');
      await w.page.keyboard.press('ArrowRight');
      assert.equal(await active(), 'e820:2');
      await w.page.keyboard.press('ArrowDown');
      assert.equal(await active(), 'srat:2', 'down from E820 0x100000000 lands on the SRAT entry holding it');
      await w.page.keyboard.press('End');
      assert.equal(await active(), 'srat:4');
      assert.equal(await w.page.locator('#tooltip').isVisible(), true, 'focus shows the same text as hover');
      assert.ok((await w.page.locator('#tooltip').innerText()).includes('node 2'));
      const width = () => w.page.evaluate(() => Number(document.querySelector('svg.map')!.getAttribute('width')));
      const before = await width();
      await w.page.keyboard.press('+');
      assert.ok((await width()) > before, '+ zooms in');
      assert.equal(await active(), 'srat:4', 'and keeps the focus');
      await w.page.keyboard.press('-');
      assert.equal(await width(), before, '- zooms back out');
      await w.page.keyboard.press('Tab');
      assert.ok(!(await active())?.includes(':'), 'Tab leaves the picture: ranges share one tab stop');
      const labelled = await w.page.evaluate(() =>
        Array.from(document.querySelectorAll('.picture g.range')).every(
          (g) => (g.getAttribute('aria-label') ?? '').length > 0 && g.getAttribute('role') === 'listitem',
        ),
      );
      assert.equal(labelled, true);
      const alt = await w.page.evaluate(() => [
        document.querySelector('svg.map > title')?.textContent,
        document.querySelector('svg.map')?.getAttribute('aria-label'),
      ]);
      assert.ok(alt[0] && alt[0] === alt[1]);
    } finally {
      await w.page.close();
    }
  });

  it('follows the theme: the body class changes the colours', async () => {
    const w = await openPage(h, { theme: 'vscode-light' });
    try {
      await w.send(update(fixture('spm-v7-above-4g')));
      const paint = () =>
        w.page.evaluate(() => ({
          node0: getComputedStyle(document.querySelector('g.range.node-0 rect.bar')!).fill,
          ram: getComputedStyle(document.querySelector('g.range.e820-ram rect.bar')!).fill,
          bg: getComputedStyle(document.querySelector('svg.map .background')!).fill,
          legend: getComputedStyle(document.querySelector('.legend .node-0 rect.bar')!).fill,
        }));
      const light = await paint();
      assert.equal(light.legend, light.node0, 'legend and lanes use the same node colour');
      await w.page.evaluate(() => document.body.classList.replace('vscode-light', 'vscode-dark'));
      const dark = await paint();
      await w.page.evaluate(() => document.body.classList.replace('vscode-dark', 'vscode-high-contrast'));
      const hc = await paint();
      assert.notEqual(dark.node0, light.node0);
      assert.notEqual(hc.node0, dark.node0);
      assert.notEqual(dark.ram, light.ram);
      assert.equal(dark.legend, dark.node0);
      await w.page.screenshot({ path: join(ARTIFACTS, 'webview-high-contrast.png'), fullPage: true });
      // VS Code's own variables win when the host defines them.
      await w.page.evaluate(() =>
        document.documentElement.style.setProperty('--vscode-editor-background', 'rgb(1, 2, 3)'),
      );
      assert.equal((await paint()).bg, 'rgb(1, 2, 3)');
    } finally {
      await w.page.close();
    }
  });

  it('renders script text in ids as text and runs nothing', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const f = fixture('spm-v8-pc-dimm-between');
    f.map.memoryDevices[0].id = evil;
    f.map.memoryDevices[1].type = `"><script>alert(2)</script>`;
    f.map.nodes[0].memdev = evil;
    f.map.machine = evil;
    f.map.diagnostics = [
      {
        line: f.map.memoryDevices[0].line,
        endLine: f.map.memoryDevices[0].line,
        severity: 'error',
        code: 'QL-test',
        message: evil,
      },
    ];
    const w = await openPage(h);
    try {
      const msg = update(f) as { source: { label: string } };
      msg.source.label = evil;
      await w.send(msg);
      await w.page.hover('g.range[data-key="device:0"] rect');
      const seen = await w.page.evaluate(() => ({
        imgs: document.querySelectorAll('img').length,
        scripts: document.querySelectorAll('script').length,
        laneTitle: document.querySelector('g.lane[data-lane="device:0"] .lane-title')?.textContent,
        cell: document.querySelector('table[data-table="devices"] tbody tr td')?.textContent,
        tooltip: document.getElementById('tooltip')?.textContent,
        title: document.querySelector('h1')?.textContent,
        diag: document.querySelector('.diagnostics button')?.textContent,
      }));
      assert.equal(seen.imgs, 0);
      assert.equal(seen.scripts, 1, 'only the page’s own script element');
      assert.equal(seen.laneTitle, evil);
      assert.equal(seen.cell, evil);
      assert.ok(seen.tooltip?.includes(`id ${evil}`));
      assert.ok(seen.title?.includes(evil));
      assert.ok(seen.diag?.includes(evil));
      const md = await w.page.evaluate(() => {
        (document.querySelector('button.export-markdown') as HTMLButtonElement).click();
        return (window as unknown as { __posted: { content?: string }[] }).__posted.at(-1)?.content ?? '';
      });
      assert.ok(md.includes(evil), 'Markdown export keeps the id as written');
      assert.deepEqual(w.dialogs, []);
      assert.deepEqual(w.problems, []);
    } finally {
      await w.page.close();
    }
  });

  it('says in the header when QEMU would refuse the line, and not for an accepted one', async () => {
    const w = await openPage(h);
    try {
      const refused = fixture('examples/broken-placement#1');
      assert.ok(refused.map.refused, 'the fixture is a refused line');
      await w.send(update(refused));
      assert.match(await w.page.locator('h1').innerText(), /QEMU would refuse this line/);
      const banner = await w.page.locator('.refused').innerText();
      assert.ok(banner.includes(`${refused.map.refused.code} `), banner);
      assert.match(banner, /no guest gets it/);
      await w.send(update(fixture('spm-v7-below-4g')));
      assert.doesNotMatch(await w.page.locator('h1').innerText(), /refuse/);
      assert.equal(await w.page.locator('.refused').isVisible(), false);
      assert.deepEqual(w.problems, []);
    } finally {
      await w.page.close();
    }
  });

  it('draws nothing from a message that fails the shape check', async () => {
    const w = await openPage(h);
    try {
      await w.send(update(fixture('spm-v7-below-4g')));
      const before = (await drawnRanges(w.page)).length;
      const bad = update(fixture('spm-v7-above-4g')) as { map: { e820: { start: string }[] } };
      bad.map.e820[0].start = '253 GiB';
      await w.send(bad);
      await w.send({ command: 'update', source: null, map: null });
      await w.send('<img src=x onerror=alert(1)>');
      await w.send({ command: 'reveal', line: 3 });
      assert.equal((await drawnRanges(w.page)).length, before, 'the last good map stays');
      assert.match(await w.page.locator('.status').innerText(), /Ignored a message/);
      assert.deepEqual(w.dialogs, []);
    } finally {
      await w.page.close();
    }
  });

  it('marks diagnostics on the ranges their lines made, and overlaps as overlaps', async () => {
    const f = fixture('pc-dimm-hotplug');
    // dimm1 moved onto dimm0: the two ranges overlap, with the error on dimm1's line.
    f.map.memoryDevices[1].start = '0x1c0000000';
    const d1 = f.map.memoryDevices[1];
    f.map.diagnostics = [
      {
        line: d1.line,
        endLine: d1.line,
        severity: 'error',
        code: 'QL-test-overlap',
        message: 'address range overlaps dimm0',
      },
      { line: 1, endLine: 1, severity: 'warning', code: 'QL-test-loose', message: 'not about any range' },
      {
        line: f.map.memoryDevices[0].line,
        endLine: f.map.memoryDevices[0].line,
        severity: 'hint',
        code: 'QL-test-hint',
        message: 'a hint marks nothing',
      },
    ];
    const w = await openPage(h);
    try {
      await w.send(update(f));
      const ranges = await drawnRanges(w.page);
      const dev0 = ranges.find((r) => r.key === 'device:0')!;
      const dev1 = ranges.find((r) => r.key === 'device:1')!;
      assert.match(dev0.classes, /\boverlap\b/);
      assert.match(dev1.classes, /\boverlap\b/);
      assert.match(dev1.classes, /\bdiag-error\b/);
      assert.doesNotMatch(dev0.classes, /\bdiag-/);
      assert.equal(await w.page.locator('g.range[data-key="device:1"] path.diag-marker').count(), 1);
      assert.ok(dev1.x < dev0.x + dev0.width, 'drawn overlapping on the axis');
      assert.equal(
        await w.page.locator('g.range[data-key="device:0"] path.diag-marker').count(),
        0,
        'a hint is no problem marker',
      );
      await w.page.hover('g.range[data-key="device:0"] rect');
      assert.ok(
        (await w.page.locator('#tooltip').innerText()).includes('hint QL-test-hint: a hint marks nothing'),
        'but the hover tells it',
      );
      assert.equal(await w.page.locator('.diagnostics button').count(), 3);
      assert.equal(await w.page.locator('.diagnostics-box summary').innerText(), '1 error, 1 warning, 1 note');
      await w.page.click('.diagnostics li:nth-child(2) button');
      assert.deepEqual((await w.posted()).at(-1), { command: 'reveal', line: 1 });
      await w.page.screenshot({ path: join(ARTIFACTS, 'webview-diagnostics.png'), fullPage: true });
    } finally {
      await w.page.close();
    }
  });

  it('exports SVG with the colours inlined and the tables as Markdown', async () => {
    const f = fixture('spm-v7-reserved-pc');
    const w = await openPage(h);
    try {
      await w.send(update(f));
      await w.page.click('button.export-svg');
      await w.page.click('button.export-markdown');
      await w.page.click('button.copy-tables');
      const [svg, md, copy] = (await w.posted()).slice(-3) as {
        command: string;
        format?: string;
        content?: string;
        text?: string;
      }[];
      assert.equal(svg.command, 'export');
      assert.equal(svg.format, 'svg');
      assert.ok(svg.content!.startsWith('<?xml'));
      assert.ok(!svg.content!.includes('var(--'), 'no theme variables left in the export');
      assert.ok(!svg.content!.includes('tabindex'));
      assert.equal(md.format, 'markdown');
      // The recorded rows of test/fixtures/spm/v7-reserved-node-below-4-gib-on-pc-split-ram-entry-no-srat.json.
      for (const row of [
        '| start | length | size | type |',
        '| 0xfd00000000 | 0x300000000 | 12 GiB | 2 RESERVED |',
        '| 0x40000000 | 0x40000000 | 1 GiB | 2 RESERVED |',
        '| start | length | size | node | flags |',
        '| 0x80000000 | 0x40000000 | 1 GiB | 2 | ENABLED |',
        '| 0x0 | 0x0 | 0 B | 0 | 0 (padding) |',
        '| 1 | 0x40000000 | 0x40000000 | 1 GiB | b | reserved | 9 |',
      ])
        assert.ok(md.content!.includes(row), `markdown has ${row}`);
      assert.deepEqual(copy, { command: 'copy', text: md.content });
      // The exported picture parses as SVG on its own.
      const ok = await w.page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        return doc.documentElement.tagName === 'svg' && !doc.querySelector('parsererror');
      }, svg.content!);
      assert.equal(ok, true);
      assert.match(svg.content!, /<rect class="bar"[^>]* fill="rgb\(/, 'computed paints are written out');
      assert.deepEqual(w.problems, [], 'no CSP violation while exporting');
    } finally {
      await w.page.close();
    }
  });

  it('keeps zoom, scroll and focus across updates, and restores from getState after a reload', async () => {
    const f = fixture('spm-v8-align');
    const w = await openPage(h, { width: 900 });
    try {
      await w.send(update(f));
      const width = () => w.page.evaluate(() => Number(document.querySelector('svg.map')!.getAttribute('width')));
      const w1 = await width();
      await w.page.click('button.zoom-in');
      await w.page.click('button.zoom-in');
      const w2 = await width();
      assert.ok(w2 > w1 * 1.9, `zoomed from ${w1} to ${w2}`);
      await w.page.evaluate(() => {
        document.querySelector('.picture')!.scrollLeft = 300;
      });
      await w.page.focus('g.range[data-key="device:1"]');
      // Focusing may scroll the range into view; whatever the view shows now must stay.
      const scrolled = await w.page.evaluate(() => document.querySelector('.picture')!.scrollLeft);
      assert.ok(scrolled > 0);
      // An edit elsewhere in the script: same invocation, new map (spm0 moved up 1 GiB).
      const edited = structuredClone(f);
      edited.map.memoryDevices[1].start = '0x1c0000000';
      await w.send(update(edited));
      assert.equal(await width(), w2, 'zoom kept');
      assert.equal(
        await w.page.evaluate(() => document.querySelector('.picture')!.scrollLeft),
        scrolled,
        'scroll kept',
      );
      assert.equal(
        await w.page.evaluate(() => document.activeElement?.getAttribute('data-key')),
        'device:1',
        'focus kept',
      );
      assert.equal(await w.page.locator('g.range[data-key="device:1"]').getAttribute('data-start'), '0x1c0000000');

      const saved = (await w.state()) as { zoom: number; map: unknown; source: unknown; scrollLeft: number };
      assert.equal(saved.zoom, 2);
      assert.deepEqual(saved.map, edited.map);
      const again = await openPage(h, { width: 900, state: saved });
      try {
        assert.equal(
          (await drawnRanges(again.page)).length,
          (await drawnRanges(w.page)).length,
          'drawn from state without a message',
        );
        assert.equal(Number(await again.page.locator('svg.map').getAttribute('width')), w2);
        assert.deepEqual((await again.posted())[0], { command: 'ready' });
      } finally {
        await again.page.close();
      }
    } finally {
      await w.page.close();
    }
  });

  it('shows the empty message when the cursor is on no invocation', async () => {
    const w = await openPage(h);
    try {
      await w.send(update(fixture('spm-v7-below-4g')));
      await w.send({ command: 'empty', source: null, message: 'No qemu-system-x86_64 command in x.sh.' });
      assert.equal((await drawnRanges(w.page)).length, 0);
      assert.equal(await w.page.locator('.status').innerText(), 'No qemu-system-x86_64 command in x.sh.');
    } finally {
      await w.page.close();
    }
  });

  it('takes the README screenshot', async () => {
    const w = await openPage(h, { theme: 'vscode-dark', width: 1280 });
    try {
      await w.send(update(fixture('examples/spm-v8-spm-memory')));
      await w.page.hover('g.range[data-key="device:2"] rect');
      const path = join(ARTIFACTS, 'address-map.png');
      await w.page.screenshot({ path, fullPage: true });
      // Refreshing the committed copy is a deliberate act, not a side effect of every test run.
      if (process.env.UPDATE_DOCS_SCREENSHOT === '1') {
        mkdirSync('docs', { recursive: true });
        copyFileSync(path, 'docs/address-map.png');
      }
    } finally {
      await w.page.close();
    }
  });
});
