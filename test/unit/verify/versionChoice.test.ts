// verify judges with the model of the QEMU it runs: the version QEMU reports picks the analysis
// release (7.2/10.0/11.1), and a disagreeing setting is named in one line. Against Debian's 7.2,
// whose refusal of an -object named pc.ram is worded differently from 8.0 on.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initShellParser } from '../../../server/src/analysis/index';
import { defaultSettings } from '../../../server/src/analysis/types';
import { verifyText } from '../../../server/src/verify/index';
import { chooseModel, modelFor } from '../../../server/src/verify/versions';

const QEMU = process.env.QEMU ?? 'qemu-system-x86_64';
const opts = { qemu: QEMU, timeoutMs: 30_000 };
const RESERVED_ID = 'qemu-system-x86_64 -machine pc -m 1G -object memory-backend-ram,id=pc.ram,size=1G\n';

before(async () => {
  await initShellParser();
});

test('a QEMU version picks the newest modelled release not newer than it', () => {
  assert.equal(modelFor('7.2.22'), '7.2');
  assert.equal(modelFor('9.2.0'), '7.2');
  assert.equal(modelFor('10.0.2'), '10.0');
  assert.equal(modelFor('10.2.1'), '10.0');
  assert.equal(modelFor('11.1.0'), '11.1');
  assert.equal(modelFor('12.0.0'), '11.1');
  assert.equal(modelFor('6.2.0'), '7.2');
});

test('the note: setting and QEMU disagree, QEMU not modelled, or nothing to say', () => {
  const follow = { mode: 'follow', setting: 'qemuLaunch.qemuVersion' } as const;
  assert.deepEqual(chooseModel('7.2.22', { ...follow, configured: '7.2' }), { model: '7.2' });
  assert.deepEqual(chooseModel('7.2.22', follow), { model: '7.2' });
  const disagree = chooseModel('7.2.22', { ...follow, configured: '11.1' });
  assert.equal(disagree.model, '7.2');
  assert.equal(
    disagree.note,
    'qemuLaunch.qemuVersion is 11.1 but the QEMU that ran is 7.2.22: compared with the 7.2 model',
  );
  const pinned = chooseModel('7.2.22', { mode: 'pinned', setting: '--qemu-version', configured: '10.0' });
  assert.equal(pinned.model, '10.0');
  assert.match(pinned.note ?? '', /^--qemu-version is 10\.0 but the QEMU that ran is 7\.2\.22/);
  assert.match(chooseModel('9.2.0', follow).note ?? '', /QEMU 9\.2\.0 is not modelled: compared with the 7\.2 model/);
});

test('following the QEMU that runs: 7.2 wording expected, agrees, and the 11.1 setting is named', async () => {
  const r = await verifyText(RESERVED_ID, defaultSettings, opts, {
    mode: 'follow',
    setting: 'qemuLaunch.qemuVersion',
    configured: '11.1',
  });
  assert.match(r.qemuVersion ?? '', /^7\.2\./);
  assert.equal(r.assumedVersion, '7.2');
  assert.match(r.versionNote ?? '', /^qemuLaunch\.qemuVersion is 11\.1 but the QEMU that ran is 7\.2\.\d+/);
  assert.equal(r.invocations[0].status, 'agrees', JSON.stringify(r.invocations[0].differences));
  assert.match(r.invocations[0].summary, /both refuse it/);
});

test('pinned to 11.1 against QEMU 7.2: the reworded refusal is a difference, and the note says why', async () => {
  const r = await verifyText(RESERVED_ID, defaultSettings, opts, {
    mode: 'pinned',
    setting: '--qemu-version',
    configured: '11.1',
  });
  assert.equal(r.assumedVersion, '11.1');
  assert.match(r.versionNote ?? '', /compared with the 11\.1 model as --qemu-version says/);
  const inv = r.invocations[0];
  assert.equal(inv.status, 'differs');
  assert.match(inv.differences[0].qemu, /object name 'pc\.ram' is reserved for the default RAM backend/);
  assert.match(inv.differences[0].ours, /object's id 'pc\.ram' is reserved/);
});
