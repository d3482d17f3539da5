// libvirt's command lines as qemu-launch's inputs: `.args` files from libvirt's test data
// (tests/qemuxmlconfdata/*.x86_64-latest.args, copied into test/fixtures/libvirt/) and a line
// of /var/log/libvirt/qemu/NAME.log. What QEMU says was recorded with Debian's QEMU 7.2.22:
//   qemu-system-x86_64 <the line, with host-only pieces (fd=, files, /dev/HostVG, hugepages,
//   host-nodes) swapped for local stand-ins> -accel tcg
// and, for the map, tools/qemu_oracle.py on the same line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempFiles } from './runCli';

const FIX = 'test/fixtures/libvirt';

interface Inv {
  e820: { start: string; length: string; type: number }[];
  srat: unknown[];
  acpi?: boolean;
  refused: { code: string; message: string } | null;
}

function map(file: string): Inv[] {
  const r = runCli(['map', '--json', file]);
  assert.equal(r.stderr, '');
  return (JSON.parse(r.stdout) as { invocations: Inv[] }).invocations;
}

function check(file: string, version = '7.2'): string[] {
  const r = runCli(['check', '--qemu-version', version, '--format', 'json', file]);
  const out = JSON.parse(r.stdout) as { diagnostics: { code: string; message: string; severity: string }[] }[];
  return out.flatMap((f) => f.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message));
}

test('accepted libvirt lines (QEMU 7.2 runs them) check without errors', () => {
  // numatune-hmat: QEMU 7.2 accepts it (exit only on the missing fd of the monitor socket,
  // which the recording replaced); numatune-memnode likewise.
  for (const f of ['numatune-hmat.x86_64-latest.args', 'numatune-memnode.x86_64-latest.args'])
    assert.deepEqual(check(`${FIX}/${f}`), [], f);
});

test('refused libvirt lines get QEMU 7.2 message', () => {
  // maxmem=1099511627776k (1 PiB) with -cpu qemu64 (40 physical address bits):
  // "qemu-system-x86_64: Address space limit 0xffffffffff < 0x401047fffffff phys-bits too low (40)"
  const dimm = check(`${FIX}/memory-hotplug-dimm.x86_64-latest.args`);
  assert.equal(dimm[0], 'Address space limit 0xffffffffff < 0x401047fffffff phys-bits too low (40)');
});

test('no error is about the form of a PCI address, a bus or an fd placeholder', () => {
  for (const f of [
    'memory-hotplug-dimm',
    'memory-hotplug-nvdimm',
    'memory-hotplug-virtio-mem',
    'memory-hotplug-virtio-pmem',
    'numatune-hmat',
    'numatune-memnode',
  ]) {
    for (const m of check(`${FIX}/${f}.x86_64-latest.args`)) {
      assert.doesNotMatch(m, /'addr'|'bus'|'fd'|@mon-fd@|expected: integer/, `${f}: ${m}`);
    }
  }
});

test('acpi=off: no SRAT in the map, and the text map says why', () => {
  // qemu_oracle.py -- -machine pc,acpi=off -m 2G -object memory-backend-ram,id=m0,size=1G
  //   -object memory-backend-ram,id=m1,size=1G -numa node,memdev=m0 -numa node,memdev=m1
  // fw_cfg has no etc/acpi/tables (no SRAT); e820: RESERVED 0xfd00000000+0x300000000, RAM 0x0+0x80000000
  const args =
    '-machine pc,acpi=off -m 2G -object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=1G ' +
    '-numa node,memdev=m0 -numa node,memdev=m1';
  const t = tempFiles({
    'off.sh': `qemu-system-x86_64 ${args}\n`,
    'on.sh': `qemu-system-x86_64 ${args.replace(',acpi=off', '')}\n`,
  });
  try {
    const [off] = map(t.path('off.sh'));
    assert.deepEqual(off.srat, []);
    assert.equal(off.acpi, false);
    assert.deepEqual(off.e820, [
      { start: '0xfd00000000', length: '0x300000000', type: 2 },
      { start: '0x0', length: '0x80000000', type: 1 },
    ]);
    const [on] = map(t.path('on.sh'));
    assert.ok(on.srat.length > 0, 'with ACPI the same line has an SRAT');
    const text = runCli(['map', t.path('off.sh')]).stdout;
    assert.match(text, /SRAT: none \(-machine acpi=off: QEMU builds no ACPI tables\)/);
  } finally {
    t.cleanup();
  }
});

test('a libvirt log (timestamps, env prefix, one long line) is read like a script', () => {
  const log =
    '2024-05-02 10:11:12.345+0000: starting up libvirt version: 9.0.0, qemu version: 7.2.0\n' +
    'LC_ALL=C PATH=/usr/bin HOME=/var/lib/libvirt/qemu/domain-1-vm1 /usr/bin/qemu-system-x86_64 -name guest=vm1,debug-threads=on -S ' +
    '-machine pc-q35-7.2,usb=off,dump-guest-core=off,memory-backend=pc.ram -accel tcg -cpu qemu64 -m 2048 ' +
    `-object '{"qom-type":"memory-backend-ram","id":"pc.ram","size":2147483648}' -smp 2,sockets=2,cores=1,threads=1 ` +
    '-chardev socket,id=charmonitor,fd=31,server=on,wait=off -mon chardev=charmonitor,id=monitor,mode=control ' +
    `-device '{"driver":"pcie-root-port","port":16,"chassis":1,"id":"pci.1","bus":"pcie.0","multifunction":true,"addr":"0x2"}' ` +
    `-device '{"driver":"virtio-balloon-pci","id":"balloon0","bus":"pci.1","addr":"0x0"}' -msg timestamp=on\n` +
    'char device redirected to /dev/pts/3 (label charserial0)\n' +
    '2024-05-02 10:20:00.000+0000: shutting down, reason=shutdown\n';
  const t = tempFiles({ 'vm1.log': log });
  try {
    assert.deepEqual(check(t.path('vm1.log')), []);
    const [inv] = map(t.path('vm1.log'));
    assert.deepEqual(
      inv.e820.find((e) => e.type === 1),
      { start: '0x0', length: '0x80000000', type: 1 },
    );
  } finally {
    t.cleanup();
  }
});

test('virtio-mem-pci dynamic-memslots follows the target QEMU version', () => {
  // QEMU 7.2.22: "-device virtio-mem-pci,id=vm0d,memdev=vm0,dynamic-memslots=on,requested-size=0:
  //   Property 'virtio-mem-pci.dynamic-memslots' not found" (the same for the JSON form).
  // QEMU 10.0.2 runs both forms; query-memory-devices: virtio-mem id=vm0d memaddr=0x100000000
  //   max-size=0x40000000 node=0.
  const base = 'qemu-system-x86_64 -machine pc -m 2G,maxmem=4G -object memory-backend-ram,id=vm0,size=1G -device ';
  const t = tempFiles({
    'keyval.sh': `${base}virtio-mem-pci,id=vm0d,memdev=vm0,dynamic-memslots=on,requested-size=0\n`,
    'json.sh': `${base}'{"driver":"virtio-mem-pci","id":"vm0d","memdev":"vm0","dynamic-memslots":true,"requested-size":0}'\n`,
  });
  try {
    for (const f of ['keyval.sh', 'json.sh']) {
      assert.deepEqual(check(t.path(f), '7.2'), ["Property 'virtio-mem-pci.dynamic-memslots' not found"], f);
      for (const v of ['10.0', '11.1']) assert.deepEqual(check(t.path(f), v), [], `${f} ${v}`);
      const r = runCli(['map', '--json', '--qemu-version', '10.0', t.path(f)]);
      const [inv] = (JSON.parse(r.stdout) as { invocations: { memoryDevices: unknown[] }[] }).invocations;
      assert.deepEqual(inv.memoryDevices, [
        { id: 'vm0d', type: 'virtio-mem', start: '0x100000000', length: '0x40000000', node: 0, line: 1 },
      ]);
    }
    // A value of the wrong type is still refused where the property exists. QEMU 10.0.2:
    // "-device virtio-mem-pci,…,dynamic-memslots=maybe: Parameter 'dynamic-memslots' expects 'on' or 'off'"
    const bad = tempFiles({ 'b.sh': `${base}virtio-mem-pci,id=vm0d,memdev=vm0,dynamic-memslots=maybe\n` });
    try {
      assert.deepEqual(check(bad.path('b.sh'), '10.0'), ["Parameter 'dynamic-memslots' expects 'on' or 'off'"]);
    } finally {
      bad.cleanup();
    }
  } finally {
    t.cleanup();
  }
});
