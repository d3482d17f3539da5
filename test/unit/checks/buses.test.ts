// -device bus= naming a PCI bus. Recorded with QEMU 7.2.22 and 10.0.2 (the same words in both):
//   -machine pc  -device virtio-balloon-pci,bus=pci.7   → "Bus 'pci.7' not found"
//   -machine q35 -device virtio-balloon-pci,bus=pci.0   → "Bus 'pci.0' not found"
//   -machine pc  -device '{"driver":"virtio-balloon-pci","bus":"pcie.0"}' → "Bus 'pcie.0' not found"
//   -machine pc  -device virtio-balloon-pci,bus=pci.1 -device pci-bridge,id=pci.1,chassis_nr=1
//                                                         → "Bus 'pci.1' not found" (created later)
// and run (tools/qemu_oracle.py): pc with pci-bridge id=pci.1 then bus=pci.1; q35 with
// pcie-root-port id=rp1 then bus=rp1; libvirt's lines in test/fixtures/libvirt/.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, initShellParser } from '../../../server/src/analysis/index';
import { defaultSettings } from '../../../server/src/analysis/types';

before(() => initShellParser());

const errors = (args: string) =>
  analyze(`qemu-system-x86_64 ${args}\n`, { ...defaultSettings, qemuVersion: '7.2' })
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.message}`);

test('a PCI bus that does not exist: QEMU message', () => {
  assert.deepEqual(errors('-machine pc -device virtio-balloon-pci,bus=pci.7'), ["QL-device-012 Bus 'pci.7' not found"]);
  assert.deepEqual(errors('-machine q35 -device virtio-balloon-pci,bus=pci.0'), [
    "QL-device-012 Bus 'pci.0' not found",
  ]);
  assert.deepEqual(errors(`-machine pc -device '{"driver":"virtio-balloon-pci","bus":"pcie.0"}'`), [
    "QL-device-012 Bus 'pcie.0' not found",
  ]);
  assert.deepEqual(
    errors('-machine pc -device virtio-balloon-pci,bus=pci.1 -device pci-bridge,id=pci.1,chassis_nr=1'),
    ["QL-device-012 Bus 'pci.1' not found"],
  );
});

test('the root bus and the buses of bridges declared before: no error', () => {
  assert.deepEqual(errors('-machine pc -device virtio-balloon-pci,bus=pci.0'), []);
  assert.deepEqual(errors('-machine q35 -device virtio-balloon-pci,bus=pcie.0'), []);
  assert.deepEqual(
    errors(
      '-machine pc -device pci-bridge,id=pci.1,chassis_nr=1,bus=pci.0,addr=0x3 -device virtio-balloon-pci,bus=pci.1,addr=0x1',
    ),
    [],
  );
  assert.deepEqual(
    errors(
      '-machine q35 -device pcie-root-port,id=rp1,chassis=1,port=16,bus=pcie.0,addr=0x2 -device virtio-balloon-pci,bus=rp1',
    ),
    [],
  );
});
