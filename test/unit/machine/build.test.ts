// buildMachine: the facts QEMU reads from a command line (vl.c, machine.c, numa.c, cpu.c).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initShellParser, parseShell } from '../../../server/src/analysis/shell/parser';
import { findInvocations } from '../../../server/src/analysis/shell/invocations';
import { parseOptions } from '../../../server/src/analysis/options/parse';
import { buildMachine } from '../../../server/src/analysis/machine/build';
import { defaultSettings } from '../../../server/src/analysis/types';
import type { Settings } from '../../../server/src/analysis/types';

before(async () => {
  await initShellParser();
});

function machineOf(cmd: string, settings: Settings = defaultSettings) {
  const text = 'qemu-system-x86_64 ' + cmd + '\n';
  const inv = findInvocations(parseShell(text), text).invocations[0];
  return buildMachine(parseOptions(inv, settings).options, settings).machine;
}

const G = 1n << 30n;
const M = 1n << 20n;

test('no options: pc, 128 MiB, qemu64 (AMD) with 40 phys-bits under TCG', () => {
  const m = machineOf('-nographic');
  assert.equal(m.family, 'pc');
  assert.equal(m.typeName, 'pc');
  assert.equal(m.ramSize, 128n * M);
  assert.equal(m.maxmem, m.ramSize);
  assert.equal(m.cpuVendor, 'amd');
  assert.equal(m.physBits, 40);
  assert.equal(m.kvm, false);
  assert.equal(m.incomplete, false);
});

test('-m: a bare number is MiB for size only; maxmem is bytes; size rounds up to 8 KiB', () => {
  assert.equal(machineOf('-m 1024').ramSize, G);
  assert.equal(machineOf('-m size=1001K').ramSize, 126n * 8192n);
  const m = machineOf('-m 1G,slots=2,maxmem=4294967296');
  assert.equal(m.maxmem, 4n * G);
  assert.equal(m.slots, 2n);
  // Repeated -m options merge, last value wins.
  assert.equal(machineOf('-m 1G -m 2G').ramSize, 2n * G);
});

test('-machine: types, versions, max-ram-below-4g, nvdimm, memory-backend sizes the RAM', () => {
  // q35 is an alias of the target release's newest type (11.1 by default).
  assert.deepEqual([machineOf('-M q35').family, machineOf('-M q35').version], ['q35', [11, 1]]);
  assert.deepEqual(machineOf('-machine pc-q35-7.0').version, [7, 0]);
  assert.equal(machineOf('-machine pc-i440fx-6.2').family, 'pc');
  const m = machineOf('-machine q35,max-ram-below-4g=1G,nvdimm=on');
  assert.equal(m.maxRamBelow4g, G);
  assert.equal(m.nvdimm, true);
  const b = machineOf('-machine memory-backend=r -object memory-backend-ram,id=r,size=64G');
  assert.equal(b.ramSize, 64n * G);
  assert.equal(b.machineMemdev, 'r');
});

test('KVM from -enable-kvm, -accel kvm or accel=kvm; TCG otherwise', () => {
  assert.equal(machineOf('-enable-kvm').kvm, true);
  assert.equal(machineOf('-accel kvm').kvm, true);
  assert.equal(machineOf('-machine q35,accel=kvm:tcg').kvm, true);
  assert.equal(machineOf('-accel tcg').kvm, false);
});

test('CPU vendor: model tables, vendor= override, host/max from the setting (assumed)', () => {
  assert.equal(machineOf('-cpu EPYC-Rome').cpuVendor, 'amd');
  assert.equal(machineOf('-cpu Skylake-Server-v4').cpuVendor, 'intel');
  assert.equal(machineOf('-cpu qemu64,vendor=GenuineIntel').cpuVendor, 'intel');
  assert.equal(machineOf('-cpu Haswell,vendor=AuthenticAMD').cpuVendor, 'amd');
  const q32 = machineOf('-cpu qemu32');
  assert.deepEqual([q32.cpuVendor, q32.longMode, q32.physBits], ['intel', false, 36]);
  // TCG's max is AuthenticAMD (observed on 7.2); host/max under KVM follow the setting.
  assert.deepEqual([machineOf('-cpu max').cpuVendor, machineOf('-cpu max').vendorAssumed], ['amd', false]);
  const host = machineOf('-enable-kvm -cpu host', { spmForm: 'auto', hostCpuVendor: 'intel' });
  assert.deepEqual([host.cpuVendor, host.vendorAssumed, host.physBitsAssumed], ['intel', true, true]);
  assert.equal(machineOf('-cpu qemu64,phys-bits=48').physBits, 48);
});

test("-global sets the PCI 64-bit hole of the machine's own host bridge only", () => {
  assert.equal(machineOf('-M q35').pciHole64Size, 32n * G);
  assert.equal(machineOf('-M pc').pciHole64Size, 2n * G);
  assert.equal(machineOf('-M q35 -global q35-pcihost.pci-hole64-size=1T').pciHole64Size, 1n << 40n);
  assert.equal(machineOf('-M q35 -global i440FX-pcihost.pci-hole64-size=1T').pciHole64Size, 32n * G);
  assert.equal(
    machineOf('-M pc -global driver=i440FX-pcihost,property=pci-hole64-size,value=4G').pciHole64Size,
    4n * G,
  );
});

test('backends: RAM is 2 MiB aligned, files take align= or their page size (hugetlbfs guessed 2 MiB)', () => {
  const m = machineOf(
    '-object memory-backend-ram,id=r,size=1G ' +
      '-object memory-backend-file,id=f,size=1G,mem-path=/dev/shm ' +
      '-object memory-backend-file,id=h,size=1G,mem-path=/dev/hugepages/x ' +
      '-object memory-backend-file,id=h1,size=1G,mem-path=/dev/hugepages1G ' +
      '-object memory-backend-file,id=a,size=2G,align=1G,mem-path=/tmp/x ' +
      '-object memory-backend-memfd,id=mf,size=1G,hugetlb=on,hugetlbsize=1G',
  );
  assert.deepEqual(
    m.backends.map((b) => [b.id, b.size, b.alignment]),
    [
      ['r', G, 2n * M],
      ['f', G, 4096n],
      ['h', G, 2n * M],
      ['h1', G, G],
      ['a', 2n * G, G],
      ['mf', G, G],
    ],
  );
});

test('-numa node: nodeid defaults to the count so far; sizes from memdev or mem= (MiB); SPM forms', () => {
  const m = machineOf(
    '-object memory-backend-ram,id=a,size=1G -object memory-backend-ram,id=b,size=2G ' +
      '-numa node,memdev=a,cpus=0-1,cpus=3 -numa node,memdev=b,memmap-type=spm -numa node -numa node,nodeid=5,mem=512 -numa node,spm=on,memdev=a',
  );
  assert.deepEqual(
    m.nodes.map((n) => [n.nodeid, n.size, n.memmapType, n.spmForm]),
    [
      [0, G, 'normal', undefined],
      [1, 2n * G, 'spm', 'v7'],
      [2, 0n, 'normal', undefined],
      [5, 512n * M, 'normal', undefined],
      [4, G, 'spm', 'v4'],
    ],
  );
  assert.deepEqual(m.nodes[0].cpus, [0, 1, 3]);
});

test('memory devices in command-line order with addr/memaddr, slot, node, SPM form', () => {
  const m = machineOf(
    '-device pc-dimm,id=d,memdev=x,addr=0x100000000,slot=1,node=1 -device spm-memory,memdev=y,node=2 ' +
      '-device sp-mem,id=s,memdev=z -device virtio-mem-pci,memdev=v,memaddr=0x200000000 -device e1000',
  );
  assert.deepEqual(
    m.devices.map((d) => [d.driver, d.id, d.memdev, d.addr, d.slot, d.node, d.spmForm]),
    [
      ['pc-dimm', 'd', 'x', 0x100000000n, 1, 1, undefined],
      ['spm-memory', undefined, 'y', undefined, undefined, 2, 'v8'],
      ['sp-mem', 's', 'z', undefined, undefined, 0, 'upstream'],
      ['virtio-mem-pci', undefined, 'v', 0x200000000n, undefined, 0, undefined],
    ],
  );
});

test('garbage values are skipped, unresolved ones make the machine incomplete', () => {
  const g = machineOf('-m lots -object memory-backend-ram,id=a,size=big');
  assert.equal(g.ramSize, 128n * M);
  assert.equal(g.backends[0].size, undefined);
  assert.equal(g.incomplete, false);
  assert.equal(machineOf('-m "$RAM"').incomplete, true);
  assert.equal(machineOf('-object memory-backend-ram,id=a,size=$SZ -numa node,memdev=a').incomplete, true);
});

test('an unresolved argument that cannot move memory leaves the map exact; an unresolved option word does not', () => {
  assert.equal(machineOf('-m 4G -name "$1" -drive file=$IMG,if=virtio').incomplete, false);
  assert.equal(machineOf('-m 4G -device "$DEV"').incomplete, true);
  assert.equal(machineOf('-m 4G -cpu "$CPU"').incomplete, true);
  assert.equal(machineOf('-m 4G "$@"').incomplete, true);
});
