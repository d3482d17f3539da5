// The address-map webview in Chromium after "Verify with QEMU": the toolbar button posts
// {command:'verify'}; the verdict shows as a status line, ✓ on rows QEMU built alike and QEMU's
// value beside ours where it differs; marks of an older map are dropped when the map changes.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, fixture, openPage, startHarness, update, type Harness } from './harness';
import type { VerifyMarks } from '../../client/webview/protocol';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

it('shows the verdict, ✓ per verified row and QEMU value where it differs; an edit drops it', async () => {
  const f = fixture('examples/pc-dimm-hotplug');
  const w = await openPage(h);
  try {
    await w.send(update(f));
    await w.page.click('button.verify');
    assert.deepEqual((await w.posted()).at(-1), { command: 'verify' });
    const [dev] = f.map.memoryDevices;
    const rows: VerifyMarks['rows'] = {};
    f.map.e820.forEach((_e, i) => (rows[`e820:${i}`] = null));
    f.map.srat.forEach((_e, i) => (rows[`srat:${i}`] = null));
    for (const d of f.map.memoryDevices) rows[`device:${d.id}`] = null;
    rows[`device:${dev.id}`] = 'pc-dimm at 0x240000000 len 0x40000000 node 0 slot 0';
    const marks: VerifyMarks = {
      line: f.map.line,
      status: 'differs',
      headline: '1 difference with QEMU 7.2.22',
      details: ['qemuLaunch.qemuVersion is 11.1 but the QEMU that ran is 7.2.22: compared with the 7.2 model'],
      rows,
    };
    await w.send({ command: 'verified', marks });
    assert.equal(await w.page.locator('.verify-status').innerText(), '1 difference with QEMU 7.2.22');
    assert.match(await w.page.locator('.verify-details').innerText(), /qemuVersion is 11\.1/);
    assert.equal(await w.page.locator('table[data-table="e820"] td.verified').count(), f.map.e820.length);
    const devRow = w.page.locator(`tr[data-verify="device:${dev.id}"]`);
    assert.equal(await devRow.locator('td.qemu-differs').innerText(), `QEMU: ${rows[`device:${dev.id}`]}`);
    await w.page.screenshot({ path: join(ARTIFACTS, 'webview-verify.png'), fullPage: true });
    // The same map again (cursor moved): the marks stay. A changed map (an edit): they go.
    await w.send(update(f));
    assert.equal((await w.page.locator('td.verified').count()) > 0, true);
    await w.send(update({ ...f, map: { ...f.map, ramSize: '0x200000000' } }));
    assert.equal(await w.page.locator('.verify-status').isHidden(), true);
    assert.equal(await w.page.locator('td.verified').count(), 0);
    assert.deepEqual(w.problems, []);
  } finally {
    await w.page.close();
  }
});
