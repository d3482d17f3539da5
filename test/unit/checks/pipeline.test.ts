// Every rule once more through the whole pipeline (shell → options → machine → layout →
// checks): the code is reported on the same characters as in the rule's own test, so the
// rules' reading of options matches what the real option parser produces.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, initShellParser } from '../../../server/src/analysis/index';
import type { Settings } from '../../../server/src/analysis/types';
import { defaultSettings } from '../../../server/src/analysis/types';
import { RULES } from '../../../server/src/analysis/checks/catalog';

const Q = 'qemu-system-x86_64 -machine q35 ';
const HM =
  'qemu-system-x86_64 -machine q35,hmat=on -m 2G -smp 2 -object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=1G -numa node,nodeid=0,cpus=0-1,memdev=m0,initiator=0 -numa node,nodeid=1,memdev=m1,initiator=0 ';
const LAT = '-numa hmat-lb,initiator=0,target=0,hierarchy=memory,data-type=access-latency,latency=5 ';
const BW = '-numa hmat-lb,initiator=0,target=0,hierarchy=memory,data-type=access-bandwidth,bandwidth=1M ';
const C1 = '-numa hmat-cache,node-id=0,size=10K,level=1,associativity=direct,policy=write-back,line=8';
const M2 = 'qemu-system-x86_64 -machine q35 -m 2G,slots=2,maxmem=4G ';
const N2 = Q + '-m 2G -object memory-backend-ram,id=m0,size=2G ';
const V8 =
  'qemu-system-x86_64 -machine q35 -m 4G,slots=2,maxmem=12G -object memory-backend-ram,id=m0,size=4G -numa node,nodeid=0,memdev=m0 -numa node,nodeid=1 ';

// [code, script, the text the range covers — or a context with the range in [brackets] —
//  (the last occurrence when `last`), settings]
const CASES: [string, string, string, Partial<Settings>?, boolean?][] = [
  ['QL-mem-001', Q + '-m 4G,maxmem=2G', '2G'],
  ['QL-mem-002', Q + '-m 4G,slots=2,maxmem=4G', '4G', {}, true],
  ['QL-mem-003', Q + '-m 4G,slots=2', 'slots'],
  ['QL-mem-004', Q + '-m 1G,slots=300,maxmem=8G', '300'],
  ['QL-mem-005', Q + '-m 1G,slots=2,maxmem=4294967297', '4294967297'],
  ['QL-mem-015', Q + '-m 1G,slots=1,maxmem=18446744073709547520', '18446744073709547520'],
  [
    'QL-mem-016',
    'qemu-system-x86_64 -machine pc-i440fx-1.7 -m 2G,slots=2,maxmem=4G',
    'slots=2',
    { qemuVersion: '7.2' },
  ],
  ['QL-mem-006', 'qemu-system-x86_64 -machine q35,max-ram-below-4g=5G -m 2G', '5G'],
  ['QL-mem-007', 'qemu-system-x86_64 -machine pc,max-ram-below-4g=512K', '512K'],
  ['QL-mem-010', 'qemu-system-x86_64 -machine q35,memory-backend=nosuch -m 2G', 'nosuch'],
  [
    'QL-mem-011',
    'qemu-system-x86_64 -machine q35,memory-backend=r -m 4G -object memory-backend-ram,id=r,size=2G',
    '4G',
  ],
  [
    'QL-mem-012',
    'qemu-system-x86_64 -machine q35,memory-backend=r -m 2G -object memory-backend-ram,id=r,size=2G -object memory-backend-ram,id=n,size=2G -numa node,memdev=n',
    'memdev',
    {},
    true,
  ],
  ['QL-mem-013', Q + '-m 2G -object memory-backend-ram,id=pc.ram,size=1G', 'pc.ram'],
  [
    'QL-mem-014',
    'qemu-system-x86_64 -machine q35,memory-backend=r -object memory-backend-ram,id=r,size=1G -mem-path /dev/shm',
    '-mem-path',
  ],
  ['QL-backend-001', Q + '-m 2G -object memory-backend-ram,size=1G', 'memory-backend-ram'],
  ['QL-backend-002', Q + '-m 2G -object memory-backend-ram,id=m0', 'memory-backend-ram'],
  ['QL-backend-003', Q + '-m 2G -object memory-backend-ram,id=m0,size=0', '0', {}, true],
  ['QL-backend-004', Q + '-m 2G -object memory-backend-file,id=m0,size=1G', 'memory-backend-file'],
  ['QL-backend-005', Q + '-m 2G -object memory-backend-ram,id=m0,size=1G,prealloc=on,reserve=off', 'reserve=off'],
  ['QL-backend-006', Q + '-m 2G -object memory-backend-memfd,id=m0,size=3M,hugetlb=on,hugetlbsize=2M', '3M'],
  ['QL-backend-007', Q + '-m 2G -object memory-backend-ram,id=m0,size=1G,host-nodes=200,policy=bind', '200'],
  ['QL-backend-008', Q + '-m 2G -object memory-backend-ram,id=m0,size=1G,host-nodes=0', 'host-nodes'],
  ['QL-backend-009', Q + '-m 2G -object memory-backend-ram,id=m0,size=1G,policy=bind', 'bind'],
  ['QL-backend-010', Q + '-m 2G -object memory-backend-file,id=f,size=1G,mem-path=/dev/shm,rom=on', 'rom=on'],
  [
    'QL-backend-011',
    Q + '-m 2G -object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m0,size=1G',
    'm0',
    {},
    true,
  ],
  ['QL-backend-012', N2.replace('size=2G', 'size=1G') + '-numa node,memdev=m0 -numa node,memdev=m0', 'm0', {}, true],
  ['QL-backend-013', Q + '-m 2G -object memory-backend-ram,id=spare,size=1G', 'spare'],
  ['QL-backend-014', Q + '-m 2G -object memory-backend-file,id=f,size=1G,mem-path=/dev/shm,align=1000', '1000'],
  ['QL-backend-015', Q + '-m 2G -object memory-backend-file,id=f,size=1G,mem-path=/dev/shm,align=3M', '3M'],
  ['QL-backend-016', Q + '-m 2G -object memory-backend-ram,id=m0,size=1G,prealloc-threads=0', '0', {}, true],
  [
    'QL-backend-017',
    'qemu-system-x86_64 -m 2G -object memory-backend-file,id=m0,size=4097K,mem-path=/tmp/x',
    '4097K',
    { qemuVersion: '10.0' },
  ],
  ['QL-opt-026', 'qemu-system-x86_64 -machine q35 -m 0xc00', '0xc00', { qemuVersion: '7.2' }],
  [
    'QL-device-013',
    Q +
      '-m 2G,maxmem=8G -object memory-backend-ram,id=vm,size=1026M -device virtio-mem-pci,id=v,memdev=vm,block-size=4M',
    'vm',
    { qemuVersion: '10.0' },
    true,
  ],
  ['QL-numa-001', N2 + '-numa node,nodeid=0,memdev=m0 -numa node,nodeid=0', '0', {}, true],
  ['QL-numa-002', Q + '-m 2G -numa node,nodeid=128', '128'],
  ['QL-numa-003', N2 + '-numa node,nodeid=0,memdev=m0 -numa node,nodeid=3', '3', {}, true],
  ['QL-numa-004', N2 + '-numa node,memdev=m0,mem=2G', 'mem', {}, true],
  ['QL-numa-005', Q + '-m 2G -numa node,mem=2G', 'mem', {}, true],
  ['QL-numa-006', 'qemu-system-x86_64 -machine pc-i440fx-5.0 -m 2G -numa node,mem=2G', 'mem', {}, true],
  ['QL-numa-007', Q + '-m 2G -numa node,memdev=nosuch', 'nosuch'],
  ['QL-numa-008', Q + '-m 4G -object memory-backend-ram,id=m0,size=1G -numa node,memdev=m0', '4G'],
  ['QL-numa-009', Q + '-m 2G -smp 2 -object memory-backend-ram,id=m0,size=2G -numa node,cpus=0-3,memdev=m0', '0-3'],
  ['QL-numa-010', N2 + '-smp 2 -numa node,cpus=0,memdev=m0 -numa node,cpus=0', '0', {}, true],
  ['QL-numa-011', N2 + '-smp 2 -numa node,cpus=0,memdev=m0 -numa node', 'cpus'],
  ['QL-numa-012', N2 + '-numa node,memdev=m0 -numa node -numa dist,src=0,dst=200,val=20', '200'],
  ['QL-numa-013', N2 + '-numa node,memdev=m0 -numa node -numa dist,src=0,dst=2,val=20', 'dst=[2]'],
  ['QL-numa-014', N2 + '-numa node,memdev=m0 -numa node -numa dist,src=0,dst=1,val=5', 'val=[5]'],
  ['QL-numa-015', N2 + '-numa node,memdev=m0 -numa node -numa dist,src=0,dst=0,val=20', '20', {}, true],
  ['QL-numa-016', N2 + '-numa node,memdev=m0 -numa node -numa node -numa dist,src=0,dst=1,val=20', 'dist', {}, true],
  [
    'QL-numa-017',
    N2 +
      '-numa node,memdev=m0 -numa node -numa node -numa dist,src=0,dst=1,val=20 -numa dist,src=1,dst=0,val=30 -numa dist,src=0,dst=2,val=20 -numa dist,src=1,dst=2,val=20',
    'dist',
    {},
    true,
  ],
  ['QL-numa-018', N2 + '-smp 2,sockets=2 -numa node,nodeid=0,memdev=m0 -numa cpu,socket-id=0', 'cpu', {}, true],
  ['QL-numa-019', N2 + '-smp 2,sockets=2 -numa node,nodeid=0,memdev=m0 -numa cpu,node-id=3,socket-id=0', 'node-id=[3]'],
  ['QL-numa-021', N2 + '-smp 1 -numa node,cpus=0,memdev=m0,initiator=0', 'initiator'],
  ['QL-numa-022', HM.replace('memdev=m1,initiator=0', 'memdev=m1,initiator=200'), '200'],
  ['QL-numa-023', HM.replace('memdev=m1,initiator=0', 'memdev=m1,initiator=5'), 'initiator=[5]'],
  ['QL-numa-024', HM.replace('memdev=m1,initiator=0', 'memdev=m1,initiator=1'), '1', {}, true],
  [
    'QL-numa-025',
    HM.replace('memdev=m0,initiator=0', 'memdev=m0,initiator=1').replace('memdev=m1,initiator=0', 'memdev=m1,cpus=1'),
    'initiator=[1]',
  ],
  [
    'QL-numa-026',
    HM + '-numa hmat-lb,initiator=3,target=0,hierarchy=memory,data-type=access-latency,latency=5',
    'initiator=[3]',
  ],
  [
    'QL-numa-027',
    HM + '-numa hmat-lb,initiator=1,target=0,hierarchy=memory,data-type=access-latency,latency=5',
    '1',
    {},
    true,
  ],
  [
    'QL-numa-028',
    HM + '-numa hmat-lb,initiator=0,target=2,hierarchy=memory,data-type=access-latency,latency=5',
    '2',
    {},
    true,
  ],
  ['QL-numa-029', HM + '-numa hmat-lb,initiator=0,target=0,hierarchy=memory,data-type=access-latency', 'hmat-lb'],
  [
    'QL-numa-030',
    HM + '-numa hmat-lb,initiator=0,target=0,hierarchy=memory,data-type=access-bandwidth,bandwidth=1000',
    '1000',
  ],
  ['QL-numa-031', HM + LAT + BW + C1.replace('node-id=0', 'node-id=7'), '7'],
  ['QL-numa-032', HM + LAT + C1, 'hmat-cache,node-id=[0]'],
  ['QL-numa-033', HM + LAT + BW + C1.replace('level=1', 'level=4'), 'level=[4]'],
  ['QL-numa-034', HM + LAT + BW + C1 + ' ' + C1, '1', {}, true],
  ['QL-numa-035', HM + LAT + BW + C1.replace('level=1', 'level=2'), '2', {}, true],
  ['QL-numa-038', N2 + '-smp 2,sockets=2 -numa node,memdev=m0 -numa cpu,node-id=0,socket-id=5', 'cpu', {}, true],
  ['QL-numa-039', HM + LAT + BW + C1 + ' ' + C1.replace('level=1', 'level=2').replace('size=10K', 'size=5K'), '5K'],
  ['QL-numa-036', N2 + '-numa node,memdev=m0 -numa node', 'node', {}, true],
  ['QL-device-001', M2 + '-device pc-dimm,id=dimm0', 'pc-dimm'],
  ['QL-device-002', M2 + '-device pc-dimm,id=dimm0,memdev=nosuch', 'nosuch'],
  ['QL-device-003', M2 + '-object memory-backend-ram,id=d,size=1G -device pc-dimm,memdev=d,node=1', '1', {}, true],
  [
    'QL-device-004',
    'qemu-system-x86_64 -machine q35,acpi=off -m 2G,slots=2,maxmem=4G -object memory-backend-ram,id=d,size=1G -device pc-dimm,memdev=d',
    'pc-dimm',
  ],
  ['QL-device-005', M2 + '-object memory-backend-ram,id=n,size=1G -device nvdimm,memdev=n', 'nvdimm'],
  [
    'QL-device-006',
    M2 +
      '-object memory-backend-ram,id=d0,size=512M -object memory-backend-ram,id=d1,size=512M -device pc-dimm,id=x,memdev=d0 -device pc-dimm,id=x,memdev=d1',
    'x',
    {},
    true,
  ],
  [
    'QL-device-007',
    'qemu-system-x86_64 -machine q35,nvdimm=on -m 2G,slots=2,maxmem=4G -object memory-backend-ram,id=n,size=1G -device nvdimm,memdev=n,label-size=4K',
    '4K',
  ],
  [
    'QL-device-008',
    'qemu-system-x86_64 -m 2G,maxmem=4G -object memory-backend-ram,id=vm,size=1G,prealloc=on -device virtio-mem-pci,memdev=vm',
    'vm',
    {},
    true,
  ],
  [
    'QL-device-009',
    'qemu-system-x86_64 -machine q35 -m 2G,maxmem=4G -object memory-backend-ram,id=vm,size=1G -device virtio-mem-pci,memdev=vm,block-size=3M',
    '3M',
  ],
  [
    'QL-device-010',
    'qemu-system-x86_64 -machine q35 -m 2G,maxmem=4G -object memory-backend-ram,id=vm,size=1G -device virtio-mem-pci,memdev=vm,requested-size=3M',
    '3M',
  ],
  ['QL-numa-037', HM + LAT + LAT.replace('latency=5', 'latency=6'), 'hmat-lb', {}, true],
  [
    'QL-device-011',
    'qemu-system-x86_64 -machine q35,nvdimm=on -m 2G,slots=2,maxmem=4G -object memory-backend-ram,id=n,size=2M -device nvdimm,memdev=n,label-size=128K',
    '128K',
  ],
  ['QL-device-012', 'qemu-system-x86_64 -machine q35 -device virtio-balloon-pci,bus=pci.0', 'pci.0'],
  ['QL-spm-001', N2 + '-numa node,nodeid=0,memdev=m0 -numa node,nodeid=1,memmap-type=spm', 'spm', {}, true],
  [
    'QL-spm-002',
    'qemu-system-x86_64 -machine pc -m 4G -object memory-backend-ram,id=a,size=1G -object memory-backend-ram,id=b,size=1G -object memory-backend-ram,id=c,size=2G -numa node,nodeid=0,memdev=a -numa node,nodeid=1,memdev=b,memmap-type=reserved -numa node,nodeid=2,memdev=c',
    'reserved',
  ],
  [
    'QL-spm-003',
    'qemu-system-x86_64 -machine q35 -m 2G -object memory-backend-ram,id=a,size=1G -object memory-backend-ram,id=m1,size=1G -numa node,nodeid=0,memdev=a -numa node,nodeid=1,memdev=m1,spm=on',
    'spm=on',
  ],
  [
    'QL-spm-004',
    'qemu-system-x86_64 -machine q35 -m 6G -object memory-backend-ram,id=m0,size=2G -object memory-backend-ram,id=m1,size=4G -numa node,nodeid=0,memdev=m0 -numa node,nodeid=1,memdev=m1,memmap-type=spm',
    'memmap-type=spm',
  ],
  ['QL-spm-005', V8 + '-object memory-backend-ram,id=h,size=2G -device spm-memory,memdev=h,node=1', 'spm-memory'],
  [
    'QL-spm-010',
    V8 +
      '-object memory-backend-ram,id=h0,size=2G -object memory-backend-ram,id=h1,size=2G -device spm-memory,id=spm0,memdev=h0,node=1 -device spm-memory,id=spm1,memdev=h1,node=1',
    '1',
    { spmForm: 'v8' },
    true,
  ],
  [
    'QL-spm-011',
    V8 + '-object memory-backend-ram,id=h,size=2G -device sp-mem,memdev=h,node=1 -incoming tcp:0:4444',
    'sp-mem',
  ],
  ['QL-spm-012', V8 + '-object memory-backend-ram,id=h,size=2G -device sp-mem,memdev=h,node=3', '3', {}, true],
  [
    'QL-place-001',
    Q + '-m 2G -object memory-backend-ram,id=vm,size=1G -device virtio-mem-pci,memdev=vm',
    'virtio-mem-pci',
  ],
  [
    'QL-place-002',
    Q + '-m 2G,slots=2,maxmem=3G -object memory-backend-ram,id=d,size=2G -device pc-dimm,memdev=d',
    'd',
    {},
    true,
  ],
  ['QL-place-003', M2 + '-object memory-backend-ram,id=d,size=1M -device pc-dimm,memdev=d', 'd', {}, true],
  [
    'QL-place-005',
    M2 + '-object memory-backend-ram,id=d,size=1G -device pc-dimm,memdev=d,addr=0x100001000',
    '0x100001000',
  ],
  [
    'QL-place-006',
    M2 + '-object memory-backend-ram,id=d,size=1G -device pc-dimm,memdev=d,addr=0x40000000',
    '0x40000000',
  ],
  [
    'QL-place-008',
    M2 +
      '-object memory-backend-ram,id=d0,size=512M -object memory-backend-ram,id=d1,size=512M -device pc-dimm,id=dimm0,memdev=d0,addr=0x100000000 -device pc-dimm,id=dimm1,memdev=d1,addr=0x110000000',
    '0x110000000',
  ],
  ['QL-place-010', M2 + '-object memory-backend-ram,id=d,size=1G -device pc-dimm,memdev=d,slot=5', 'slot=[5]'],
  ['QL-place-011', Q + '-m 2G,maxmem=4G -object memory-backend-ram,id=d,size=1G -device pc-dimm,memdev=d', 'pc-dimm'],
  [
    'QL-place-012',
    M2 +
      '-object memory-backend-ram,id=d0,size=512M -object memory-backend-ram,id=d1,size=512M -device pc-dimm,memdev=d0,slot=0 -device pc-dimm,memdev=d1,slot=0',
    '0',
    {},
    true,
  ],
  [
    'QL-place-013',
    Q +
      '-m 2G,slots=1,maxmem=4G -object memory-backend-ram,id=d0,size=512M -object memory-backend-ram,id=d1,size=512M -device pc-dimm,memdev=d0 -device pc-dimm,memdev=d1',
    'pc-dimm',
    {},
    true,
  ],
  ['QL-layout-001', 'qemu-system-x86_64 -machine q35 -cpu qemu64,phys-bits=32 -m 2G,slots=2,maxmem=8G', 'maxmem=[8G]'],
  [
    'QL-layout-002',
    'qemu-system-x86_64 -machine q35 -m 4G -object memory-backend-ram,id=a,size=1G -object memory-backend-ram,id=b,size=2G -object memory-backend-ram,id=c,size=1G -numa node,nodeid=0,memdev=a -numa node,nodeid=1,memdev=b,memmap-type=spm -numa node,nodeid=2,memdev=c',
    'spm',
  ],
];

before(async () => {
  await initShellParser();
});

test('every rule fires through analyze() on the expected characters', () => {
  const problems: string[] = [];
  for (const [code, script, covered, settings, last] of CASES) {
    const text = script + '\n';
    const ds = analyze(text, { ...defaultSettings, ...settings }).diagnostics.filter((d) => d.code === code);
    const context = covered.replace(/[[\]]/g, '');
    const at = last ? text.lastIndexOf(context) : text.indexOf(context);
    const open = covered.indexOf('[');
    const start = open >= 0 ? at + open : at;
    const length = open >= 0 ? covered.indexOf(']') - open - 1 : covered.length;
    if (at < 0 || !ds.some((d) => d.span.start === start && d.span.end === start + length)) {
      problems.push(
        `${code}: want ${covered} at ${start}, got ${JSON.stringify(ds.map((d) => text.slice(d.span.start, d.span.end) + '@' + d.span.start))}`,
      );
    }
  }
  assert.deepEqual(problems, []);
});

test('the table covers every catalogued rule QEMU can be driven to from a command line', () => {
  const covered = new Set(CASES.map((c) => c[0]));
  // Not reachable with a small command line: overflow, fragmentation, misaligned device-memory base, E820 retype failure.
  const unreachable = new Set(['QL-place-004', 'QL-place-007', 'QL-place-009', 'QL-layout-003']);
  // drawer-id/book-id/cluster-id are not even keys in the QEMU the schema was generated from:
  // the property checker's "Invalid parameter" stands on those characters instead (run.ts).
  unreachable.add('QL-numa-020');
  const mine = /^QL-(mem|backend|numa|device|spm|place|layout)-/;
  assert.deepEqual(
    RULES.map((r) => r.code).filter((c) => mine.test(c) && !covered.has(c) && !unreachable.has(c)),
    [],
  );
});

test('each fix, applied to the script, makes its diagnostic go away without adding errors', () => {
  const problems: string[] = [];
  for (const [code, script, , settings] of CASES) {
    const text = script + '\n';
    const s = { ...defaultSettings, ...settings };
    const before = analyze(text, s).diagnostics;
    for (const d of before.filter((x) => x.code === code)) {
      for (const fix of d.fixes ?? []) {
        let out = text;
        for (const e of [...fix.edits].sort((a, b) => b.span.start - a.span.start))
          out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
        const after = analyze(out, s).diagnostics;
        const errorsBefore = before.filter((x) => x.severity === 'error' && x !== d).length;
        const errorsAfter = after.filter((x) => x.severity === 'error').length;
        const still =
          after.filter((x) => x.code === code && x.message === d.message).length >=
          before.filter((x) => x.code === code && x.message === d.message).length;
        if (still || errorsAfter > errorsBefore) {
          problems.push(
            `${code} "${fix.title}": ${still ? 'still reported' : ''} ${
              errorsAfter > errorsBefore
                ? `errors ${errorsBefore} → ${errorsAfter}: ${after
                    .filter((x) => x.severity === 'error')
                    .map((x) => x.code)
                    .join(',')}`
                : ''
            }\n    ${out.trim()}`,
          );
        }
      }
    }
  }
  assert.deepEqual(problems, []);
});

test("an error in one invocation does not hide the next invocation's errors", () => {
  const text = [
    'qemu-system-x86_64 -machine q35 -m 4G,maxmem=2G',
    'qemu-system-x86_64 -machine q35 -m 2G -object memory-backend-ram,id=m0',
    '',
  ].join('\n');
  const a = analyze(text, defaultSettings);
  assert.equal(a.invocations.length, 2);
  assert.deepEqual(
    a.invocations.map((i) => i.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)),
    [['QL-mem-001'], ['QL-backend-002']],
  );
});

test('placement problems point at the backend whose size/alignment is at stake', () => {
  const text =
    'qemu-system-x86_64 -machine q35 -m 2G,slots=2,maxmem=4G -object memory-backend-ram,id=d,size=1G -device pc-dimm,memdev=d,addr=0x100001000\n';
  const d = analyze(text, defaultSettings).diagnostics.find((x) => x.code === 'QL-place-005')!;
  const r = d.related!.find((x) => x.message.startsWith('memory backend'))!;
  assert.equal(text.slice(r.span.start, r.span.end), 'd');
  assert.equal(r.span.start, text.indexOf('id=d') + 3);
  assert.equal(r.message, "memory backend 'd' (1 GiB)");
});

test('a v7 SPM node across 4 GiB offers the move to the device form', () => {
  const text =
    'qemu-system-x86_64 -machine q35 -m 4G -object memory-backend-ram,id=a,size=1G -object memory-backend-ram,id=b,size=2G -object memory-backend-ram,id=c,size=1G -numa node,nodeid=0,memdev=a -numa node,nodeid=1,memdev=b,memmap-type=spm -numa node,nodeid=2,memdev=c\n';
  const d = analyze(text, defaultSettings).diagnostics.find((x) => x.code === 'QL-layout-002')!;
  assert.equal(d.message, 'NUMA node 1 with memmap-type spans across 4GB boundary, not supported');
  const fix = d.fixes![0];
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.span.start - a.span.start))
    out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  assert.equal(
    out,
    'qemu-system-x86_64 -machine q35 -m 2G,maxmem=4G -object memory-backend-ram,id=a,size=1G -object memory-backend-ram,id=b,size=2G -object memory-backend-ram,id=c,size=1G -numa node,nodeid=0,memdev=a -numa node,nodeid=1 -device sp-mem,id=spm1,memdev=b,node=1 -numa node,nodeid=2,memdev=c\n',
  );
  assert.deepEqual(
    analyze(out, defaultSettings).diagnostics.filter((x) => x.severity === 'error'),
    [],
  );
});

test('a whole unresolved word may define objects: no "not found" or "unused" guesses', () => {
  const text =
    'EXTRA=$(cat extra-args)\nqemu-system-x86_64 -machine q35 -m 4G,maxmem=2G -object memory-backend-ram,id=spare,size=1G -numa node,memdev=hbm $EXTRA\n';
  const codes = analyze(text, defaultSettings).diagnostics.map((d) => d.code);
  assert.ok(!codes.includes('QL-numa-007'), codes.join());
  assert.ok(!codes.includes('QL-backend-013'), codes.join());
  assert.ok(codes.includes('QL-shell-001'), codes.join());
});

test('QL-device-011: nvdimm label leaves no aligned PMEM (backend alignment from the machine model; QEMU 7.2 message)', () => {
  const text =
    'qemu-system-x86_64 -machine q35,nvdimm=on -m 2G,slots=2,maxmem=4G -object memory-backend-ram,id=n,size=2M -device nvdimm,memdev=n,label-size=128K\n';
  const d = analyze(text, defaultSettings).diagnostics.find((x) => x.code === 'QL-device-011')!;
  assert.equal(text.slice(d.span.start, d.span.end), '128K');
  assert.equal(
    d.message,
    'the size of memdev n (0x200000) is too small to contain nvdimm label (0x20000) and aligned PMEM (0x200000)',
  );
  assert.ok(
    !analyze(text.replace('size=2M', 'size=4M'), defaultSettings).diagnostics.some((x) => x.code === 'QL-device-011'),
  );
});
