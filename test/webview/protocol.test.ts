// The pure parts of the address-map panel: the page's HTML and CSP, the shape checks on messages
// in both directions, the segmented axis, and the model the picture is drawn from.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildHtml, contentSecurityPolicy, makeNonce } from '../../client/src/addressMapHtml';
import { isInvocationMapJson, isToWebview, MAX_EXPORT_CHARS, parseFromWebview } from '../../client/webview/protocol';
import { buildAxis } from '../../client/webview/axis';
import { buildModel, describe as describeRange } from '../../client/webview/viewModel';
import { mapTables, tablesMarkdown } from '../../client/webview/tables';
import { analyze, initShellParser } from '../../server/src/analysis/index';
import { invocationMapJson } from '../../server/src/analysis/mapJson';
import { defaultSettings } from '../../server/src/analysis/types';
import { restoreState } from '../../client/webview/state';
import { readdirSync, readFileSync } from 'node:fs';
import { fixture, loadFixtures, update } from './harness';

describe('buildHtml', () => {
  const src = 'https://file+.vscode-resource.vscode-cdn.net';
  const html = buildHtml(src, 'abcDEF123', `${src}/ext/dist/webview/main.js`, `${src}/ext/dist/webview/main.css`);

  it('sets the CSP VS Code’s webview guide asks for', () => {
    assert.equal(
      contentSecurityPolicy(src, 'abcDEF123'),
      `default-src 'none'; style-src ${src}; script-src 'nonce-abcDEF123'; img-src ${src} data:`,
    );
    assert.ok(
      html.includes(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${src}; script-src 'nonce-abcDEF123'; img-src ${src} data:">`,
      ),
    );
  });

  it('loads one script file with the nonce and no inline script, style or handler', () => {
    assert.deepEqual(html.match(/<script[^>]*>/g), [
      `<script nonce="abcDEF123" src="${src}/ext/dist/webview/main.js">`,
    ]);
    assert.ok(html.includes('></script>'));
    assert.doesNotMatch(html, /<style|style=|\son[a-z]+=/i);
    assert.ok(html.includes(`<link rel="stylesheet" href="${src}/ext/dist/webview/main.css">`));
  });

  it('escapes the URIs it is given and refuses a nonce that could break out of the attribute', () => {
    const odd = buildHtml(src, 'n0nce', 'x"><script>alert(1)</script>', 'y');
    assert.ok(odd.includes('src="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'));
    assert.throws(() => buildHtml(src, `n" onload="x`, 'a', 'b'));
  });

  it('makes 32-character alphanumeric nonces that differ', () => {
    const a = makeNonce();
    assert.match(a, /^[A-Za-z0-9]{32}$/);
    assert.notEqual(makeNonce(), a);
  });
});

describe('messages from the webview (parseFromWebview)', () => {
  it('accepts the four commands and drops unknown fields', () => {
    assert.deepEqual(parseFromWebview({ command: 'ready' }, 10), { command: 'ready' });
    assert.deepEqual(parseFromWebview({ command: 'reveal', line: 10, extra: 'x' }, 10), {
      command: 'reveal',
      line: 10,
    });
    assert.deepEqual(parseFromWebview({ command: 'export', format: 'svg', content: '<svg/>' }, 1), {
      command: 'export',
      format: 'svg',
      content: '<svg/>',
    });
    assert.deepEqual(parseFromWebview({ command: 'copy', text: '| a |' }, 1), { command: 'copy', text: '| a |' });
  });

  it('refuses lines outside the document, non-integers and other shapes', () => {
    for (const bad of [
      { command: 'reveal', line: 0 },
      { command: 'reveal', line: 11 },
      { command: 'reveal', line: 2.5 },
      { command: 'reveal', line: '3' },
      { command: 'reveal', line: Number.NaN },
      { command: 'reveal' },
      { command: 'export', format: 'html', content: '<b>' },
      { command: 'export', format: 'svg', content: 'x'.repeat(MAX_EXPORT_CHARS + 1) },
      { command: 'copy', text: 42 },
      { command: 'runCommand', id: 'workbench.action.terminal.new' },
      null,
      [],
      'reveal',
    ]) {
      assert.equal(parseFromWebview(bad, 10), undefined, JSON.stringify(bad)?.slice(0, 80));
    }
  });
});

describe('maps for the webview (isInvocationMapJson / isToWebview)', () => {
  it('accepts every fixture', () => {
    for (const f of loadFixtures()) {
      assert.equal(isInvocationMapJson(f.map), true, f.name);
      assert.equal(isToWebview(update(f)), true, f.name);
    }
  });

  it('refuses maps with numbers for addresses, bad hex, bad nodes or missing lists', () => {
    const mutations: ((m: Record<string, any>) => void)[] = [
      (m) => (m.e820[0].start = 0xfd00000000),
      (m) => (m.e820[0].start = '0xFD00000000'),
      (m) => (m.e820[0].start = '0x1 onerror'),
      (m) => (m.srat[0].node = -1),
      (m) => (m.srat[0].flags = 1.5),
      (m) => delete m.nodes,
      (m) => (m.memoryDevices = [{ id: 1, type: 'dimm', start: '0x0', length: '0x1', node: 0, line: 3 }]),
      (m) => (m.deviceMemory = { start: '0x0' }),
      (m) => (m.cpuVendor = 'arm'),
      (m) => (m.line = 0),
      (m) => (m.diagnostics = [{ line: 1 }]),
    ];
    for (const mutate of mutations) {
      const m = structuredClone(fixture('spm-v8-align').map) as unknown as Record<string, any>;
      mutate(m);
      assert.equal(isInvocationMapJson(m), false, mutate.toString());
    }
    assert.equal(isToWebview({ command: 'update', source: null, map: fixture('spm-v8-align').map }), false);
    assert.equal(isToWebview({ command: 'empty', source: null, message: 'x' }), true);
  });
});

describe('segmented axis', () => {
  const addr = fc.bigInt({ min: 0n, max: (1n << 52n) - 1n });

  it('is monotonic in the address and strictly so across distinct boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(addr, fc.bigInt({ min: 1n, max: 1n << 44n })), { minLength: 1, maxLength: 12 }),
        fc.array(addr, { maxLength: 4 }),
        (raw, probes) => {
          const ranges = raw.map(([start, len]) => ({ start, end: start + len }));
          const axis = buildAxis(ranges, [1n << 32n], 100, 1100);
          for (let i = 1; i < axis.cuts.length; i++) assert.ok(axis.x(axis.cuts[i]) > axis.x(axis.cuts[i - 1]));
          assert.equal(axis.x(axis.min), 100);
          assert.equal(axis.x(axis.max), 1100);
          const sorted = [...probes, ...axis.cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          for (let i = 1; i < sorted.length; i++) assert.ok(axis.x(sorted[i]) >= axis.x(sorted[i - 1]));
        },
      ),
    );
  });

  it('gives 640 KiB a usable width next to 2 TiB', () => {
    const axis = buildAxis(
      [
        { start: 0n, end: 0xa0000n },
        { start: 1n << 40n, end: 3n << 40n },
      ],
      [1n << 32n],
      0,
      1000,
    );
    const small = axis.x(0xa0000n) - axis.x(0n);
    const large = axis.x(3n << 40n) - axis.x(1n << 40n);
    assert.ok(small > 40, `640 KiB: ${small}px`);
    assert.ok(large > small);
  });
});

describe('map model', () => {
  it('leaves padding out of the SRAT lane and ties devices to their lines', () => {
    const f = fixture('spm-v8-pc-dimm-between');
    const model = buildModel(f.map);
    const lane = (id: string) => model.lanes.find((l) => l.id === id)!;
    assert.equal(f.map.srat.length, 10);
    assert.deepEqual(
      lane('srat').items.map((i) => i.key),
      ['srat:0', 'srat:1', 'srat:2', 'srat:6', 'srat:7', 'srat:8', 'srat:9'],
    );
    // The SOFT_RESERVED E820 entry of spm1 reveals spm1's line.
    assert.equal(lane('e820').items.find((i) => i.start === 0x2c0000000n)!.line, f.map.memoryDevices[2].line);
    assert.deepEqual(model.nodes, [0, 1, 2, 3]);
    assert.deepEqual(
      model.markers.map((m) => m.kind),
      ['4g', 'pci-hole', 'amd-hole'],
    );
    const spm1 = lane('device:2').items[0];
    assert.deepEqual(describeRange(spm1, f.map), [
      '0x2c0000000–0x33fffffff',
      '2 GiB',
      'node 3',
      'E820 SOFT_RESERVED (0xefffffff)',
      'SRAT ENABLED',
      'id spm1 (spm-memory)',
      `line ${f.map.memoryDevices[2].line}`,
      // The engine's own notes on that line (a hint that spm-memory is v8's name for sp-mem).
      ...f.map.diagnostics
        .filter((d) => d.line === f.map.memoryDevices[2].line)
        .map((d) => `${d.severity} ${d.code}: ${d.message}`),
    ]);
    assert.ok(
      f.map.diagnostics.some((d) => d.line === f.map.memoryDevices[2].line),
      'the fixture has a note on spm1',
    );
    assert.equal(spm1.diagnostics.length, 1);
  });

  it('prints the reference’s numbers in the columns `qemu-launch map` uses', () => {
    const md = tablesMarkdown(fixture('spm-v8-addr-gap').map, 'x');
    // Worked example test/fixtures/spm/v8-explicit-addr-leaves-a-leading-gap.json (its
    // `ENABLED|HOTPLUGGABLE` is written without the escaping Markdown needs inside a table cell).
    for (const row of [
      '| 0x200000000 | 0x80000000 | 2 GiB | 0xefffffff SOFT_RESERVED |',
      '| 0x0 | 0x0 | 0 B | 0 | 0 (padding) |',
      '| 0x180000000 | 0x80000000 | 2 GiB | 1 | ENABLED\\|HOTPLUGGABLE |',
      '| 0x280000000 | 0x180000000 | 6 GiB | 1 | ENABLED\\|HOTPLUGGABLE |',
    ])
      assert.ok(md.includes(row), row);
  });
});

describe('webview state and sources', () => {
  it('restores only well-formed state fields', () => {
    const map = fixture('spm-v8-align').map;
    const good = restoreState({
      map,
      zoom: 2,
      scrollLeft: 40,
      focusKey: 'srat:1',
      source: { uri: 'file:///a.sh', label: 'a.sh', position: { line: 1, character: 0 } },
    });
    assert.deepEqual(good.map, map);
    assert.equal(good.zoom, 2);
    assert.equal(good.focusKey, 'srat:1');
    const junk = restoreState({
      map: { ...map, e820: 7 },
      zoom: 3.14,
      scrollLeft: Infinity,
      focusKey: 1,
      source: { uri: 5 },
    });
    assert.deepEqual(junk, { zoom: 1, scrollLeft: 0 });
    assert.deepEqual(restoreState(undefined), { zoom: 1, scrollLeft: 0 });
  });

  it('puts text into the page only through textContent and setAttribute', () => {
    for (const f of readdirSync('client/webview').filter((x) => x.endsWith('.ts'))) {
      const code = readFileSync(`client/webview/${f}`, 'utf8').replace(/\/\/.*$/gm, '');
      assert.doesNotMatch(
        code,
        /\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write|\beval\(|new Function|createContextualFragment/,
        f,
      );
    }
  });
});

describe('memory devices QEMU refuses', () => {
  // QEMU 7.2.22 refuses d1 of this line with "can't add memory device [0x40000000:0x20000000],
  // usable range for memory devices [0x100000000:0x100000000]" (test/unit/cli/unplaced.test.ts).
  const line =
    'qemu-system-x86_64 -machine pc -m 2G,slots=2,maxmem=4G -object memory-backend-ram,id=m0,size=1G ' +
    '-device pc-dimm,id=d0,memdev=m0 -object memory-backend-ram,id=m1,size=512M -device pc-dimm,id=d1,memdev=m1,addr=0x40000000\n';
  const reason =
    "QL-place-006 can't add memory device [0x40000000:0x20000000], usable range for memory devices [0x100000000:0x100000000]";

  it('get a table of their own with QEMU reason, and the map passes the shape check', async () => {
    await initShellParser();
    const a = analyze(line, defaultSettings);
    const map = invocationMapJson(a, a.invocations[0]);
    assert.ok(isInvocationMapJson(map));
    const unplaced = mapTables(map).find((t) => t.id === 'unplaced');
    assert.deepEqual(
      unplaced?.rows.map((r) => r.cells),
      [['d1', 'dimm', '1', reason]],
    );
    assert.ok(tablesMarkdown(map, 'x').includes(`| d1 | dimm | 1 | ${reason} |`));
    // Maps written before the field existed still pass; a malformed entry does not.
    assert.ok(isInvocationMapJson({ ...map, unplaced: undefined }));
    assert.equal(isInvocationMapJson({ ...map, unplaced: [{ id: 'd1', type: 'dimm', line: 0, reason: null }] }), false);
  });
});
