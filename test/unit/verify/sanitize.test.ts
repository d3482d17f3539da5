// The sanitiser: every option that could touch the host is dropped, backends are made harmless,
// and the words of the script reach QEMU as literal argv elements, never through a shell.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, initShellParser } from '../../../server/src/analysis/index';
import { sanitize, FIXED_ARGS, PRIVATE_DIR } from '../../../server/src/verify/sanitize';
import { verifyAnalysis } from '../../../server/src/verify/index';

before(async () => {
  await initShellParser();
});

const BASE = 'qemu-system-x86_64 -machine q35 -m 2G';

function sanitized(extra: string) {
  const a = analyze(`${BASE} ${extra}\n`);
  assert.equal(a.invocations.length, 1);
  return sanitize(a.invocations[0].options, a.invocations[0].machine);
}

// Each row: the dangerous option as a script writes it, and text that must not reach QEMU.
const DANGEROUS: [string, string][] = [
  ['-drive file=/dev/sda,format=raw', '/dev/sda'],
  ['-hda disk.img', 'disk.img'],
  ['-cdrom boot.iso', 'boot.iso'],
  ['-netdev tap,id=n0,script=/etc/qemu-ifup', 'qemu-ifup'],
  ['-nic user,hostfwd=tcp::2222-:22', 'hostfwd'],
  ['-chardev socket,id=c0,path=/run/x.sock,server=on', '/run/x.sock'],
  ['-serial file:/tmp/serial.log', 'serial.log'],
  ['-monitor unix:/run/mon.sock,server,nowait', 'mon.sock'],
  ['-qmp tcp:0.0.0.0:4444,server=on', '4444'],
  ['-display gtk', 'gtk'],
  ['-vnc :0', ':0'],
  ['-spice port=5900', '5900'],
  ['-daemonize', '-daemonize'],
  ['-runas nobody', 'nobody'],
  ['-sandbox on,spawn=allow', 'spawn'],
  ['-incoming tcp:0:4444', 'tcp:0'],
  ['-loadvm snap1', 'snap1'],
  ['-plugin /usr/lib/evil.so', 'evil.so'],
  ['-kernel vmlinuz -initrd initrd.img -append "console=ttyS0"', 'vmlinuz'],
  ['-bios /opt/OVMF.fd', 'OVMF.fd'],
  ['-pidfile /run/q.pid', 'q.pid'],
  ['-readconfig /etc/qemu.cfg', 'qemu.cfg'],
  ['-D /var/log/qemu.log', 'qemu.log'],
  ['-mem-path /dev/hugepages', '/dev/hugepages'],
  ['-mem-prealloc', '-mem-prealloc'],
  ['-enable-kvm', '-enable-kvm'],
  ['-device virtio-blk-pci,drive=d0', 'virtio-blk-pci'],
  ['-device vfio-pci,host=0000:01:00.0', 'vfio-pci'],
  ['-object secret,id=s0,file=/etc/key', '/etc/key'],
  ['-object rng-random,id=r0,filename=/dev/random', '/dev/random'],
  ['-object memory-backend-file,id=f0,size=1G,mem-path=/dev/dax0.0,share=on,prealloc=on', '/dev/dax0.0'],
  ['-object memory-backend-file,id=f1,size=1G,mem-path=/dev/hugepages/x,prealloc=on', 'prealloc=on'],
  ['-object memory-backend-memfd,id=f2,size=1G,share=on', 'share=on'],
  ['-object memory-backend-ram,id=f3,size=1G,host-nodes=1,policy=bind', 'host-nodes'],
  ['-machine q35,accel=kvm,kernel=/boot/vmlinuz,dumpdtb=/tmp/x.dtb', 'dumpdtb'],
  ['-machine pc,firmware=/opt/fw.bin,memory-encryption=sev0', 'fw.bin'],
  ['-device virtio-mem-pci,id=vm0,memdev=f3,bus=pcie.1,romfile=/opt/rom.bin,prealloc=on', 'rom.bin'],
  ['-global isa-fdc.driveA=floppy0', 'floppy0'],
  ['-accel kvm', 'kvm'],
];

for (const [option, secret] of DANGEROUS) {
  test(`sanitiser drops: ${option}`, () => {
    const s = sanitized(option);
    const joined = s.args.join(' ');
    assert.ok(!joined.includes(secret), `"${secret}" reached QEMU: ${joined}`);
    assert.deepEqual(s.args.slice(-FIXED_ARGS.length), FIXED_ARGS);
  });
}

test('backends become memory-backend-ram of the same size that reserves and preallocates nothing', () => {
  const s = sanitized('-object memory-backend-file,id=f0,size=1G,mem-path=/dev/dax0.0,share=on,prealloc=on,align=1G');
  assert.ok(s.args.includes('memory-backend-ram,id=f0,size=1G,prealloc=off,share=off,reserve=off'), s.args.join(' '));
  assert.ok(
    s.notes.some((n) => /memory-backend-file f0 \(huge pages or a DAX device\).* address may differ/.test(n)),
    s.notes.join('\n'),
  );
});

test('a file backend on an ordinary filesystem stays a file backend (same page, same align=), in the private directory', () => {
  const s = sanitized('-object memory-backend-file,id=f0,size=1G,mem-path=/srv/vm/ram,align=1G,share=on');
  const backend = s.args[s.args.indexOf('-object') + 1];
  assert.equal(
    backend,
    `memory-backend-file,id=f0,size=1G,mem-path=${PRIVATE_DIR},align=1G,prealloc=off,share=off,reserve=off`,
  );
  assert.deepEqual(s.notes, []);
});

test('huge pages in any boolean spelling QEMU takes (hugetlb=yes) run as RAM, with the note', () => {
  const s = sanitized('-object memory-backend-memfd,id=h,size=2G,hugetlb=yes,hugetlbsize=1G');
  assert.ok(s.args.includes('memory-backend-ram,id=h,size=2G,prealloc=off,share=off,reserve=off'), s.args.join(' '));
  assert.ok(
    s.notes.some((n) => n.startsWith('memory-backend-memfd h (huge pages or a DAX device)')),
    s.notes.join('\n'),
  );
});

test('memory-shaping options are kept in order', () => {
  const s = sanitized(
    '-smp 4 -object memory-backend-ram,id=r,size=1G -numa node,memdev=r -m 2G,slots=2,maxmem=8G -device pc-dimm,id=d,memdev=r,addr=0x100000000 -global mch.pci-hole64-size=1G',
  );
  assert.deepEqual(s.args, [
    '-machine',
    'type=q35',
    '-m',
    'size=2G',
    '-smp',
    '4',
    '-object',
    'memory-backend-ram,id=r,size=1G,prealloc=off,share=off,reserve=off',
    '-numa',
    'node,memdev=r',
    '-m',
    'size=2G,slots=2,maxmem=8G',
    '-device',
    'driver=pc-dimm,id=d,memdev=r,addr=0x100000000',
    '-global',
    'mch.pci-hole64-size=1G',
    ...FIXED_ARGS,
  ]);
});

test('no word of the script reaches a shell: QEMU receives shell metacharacters literally', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ql-verify-argv-'));
  try {
    const marker = join(dir, 'pwned');
    const record = join(dir, 'argv.json');
    process.env.FAKE_ARGV = record;
    const script = `qemu-system-x86_64 -machine q35 -m '2G;touch ${marker}' -object 'memory-backend-ram,id=$(touch ${marker}),size=1G' -numa 'node,memdev=\`touch ${marker}\`'\n`;
    const fake = join(__dirname, '../../fixtures/verify/fake-argv.js');
    const r = await verifyAnalysis(analyze(script), { qemu: fake, timeoutMs: 10_000 });
    assert.equal(r.invocations.length, 1);
    const argv: string[] = JSON.parse(readFileSync(record, 'utf8'));
    assert.ok(argv.includes(`size=2G;touch ${marker}`), argv.join(' | '));
    assert.ok(
      argv.includes(`memory-backend-ram,id=$(touch ${marker}),,size=1G,prealloc=off,share=off,reserve=off`) ||
        argv.some((a) => a.includes(`$(touch ${marker})`)),
      argv.join(' | '),
    );
    assert.equal(existsSync(marker), false, 'a shell ran a word of the script');
  } finally {
    delete process.env.FAKE_ARGV;
    rmSync(dir, { recursive: true, force: true });
  }
});
