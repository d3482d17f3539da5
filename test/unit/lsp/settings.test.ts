import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analysisKey, defaultServerSettings, parseSettings } from '../../../server/src/settings';

test('nested workspace/configuration shape', () => {
  const s = parseSettings({
    spmForm: 'v8',
    hostCpuVendor: 'intel',
    inlayHints: { enabled: false },
    trace: { server: 'verbose' },
    qemuPath: '/opt/qemu/bin/qemu-system-x86_64',
    verify: { timeout: 30 },
  });
  assert.deepEqual(s, {
    spmForm: 'v8',
    hostCpuVendor: 'intel',
    qemuVersion: '11.1',
    inlayHints: { enabled: false },
    trace: { server: 'verbose' },
    qemuPath: '/opt/qemu/bin/qemu-system-x86_64',
    verify: { timeoutSeconds: 30 },
  });
});

test('flat dotted keys and a whole { qemuLaunch } object (initializationOptions of other editors)', () => {
  assert.equal(parseSettings({ 'inlayHints.enabled': false }).inlayHints.enabled, false);
  assert.equal(parseSettings({ qemuLaunch: { spmForm: 'upstream' } }).spmForm, 'upstream');
});

test('anything unknown or malformed falls back to the default', () => {
  for (const raw of [
    undefined,
    null,
    42,
    'x',
    [],
    { spmForm: 'v9' },
    { hostCpuVendor: 'arm' },
    { inlayHints: { enabled: 'no' } },
    { spmForm: { toString: 1 } },
    { qemuPath: 7, verify: { timeout: 0 } },
    { qemuPath: '  ', verify: { timeout: 601 } },
  ]) {
    const s = parseSettings(raw);
    assert.ok(['auto', 'v4', 'v7', 'v8', 'upstream', 'none'].includes(s.spmForm));
    assert.ok(['amd', 'intel'].includes(s.hostCpuVendor));
    assert.equal(typeof s.inlayHints.enabled, 'boolean');
    assert.equal(s.qemuPath, 'qemu-system-x86_64');
    assert.equal(s.verify.timeoutSeconds, 10);
  }
  assert.deepEqual(parseSettings({ spmForm: 'v9' }), defaultServerSettings);
});

test('the analysis key changes only with the settings the analysis reads', () => {
  const a = parseSettings({ spmForm: 'v7' });
  assert.equal(analysisKey(a), analysisKey({ ...a, inlayHints: { enabled: false } } as typeof a));
  assert.notEqual(analysisKey(a), analysisKey(parseSettings({ spmForm: 'v8' })));
  assert.notEqual(analysisKey(a), analysisKey(parseSettings({ spmForm: 'v7', hostCpuVendor: 'intel' })));
});
