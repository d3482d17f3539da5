import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, at, contextFor } from './harness';
import { checkNumaCpus } from '../../../server/src/analysis/checks/numaCpus';
import { none, noErrors, only } from './expect';

const Q = 'qemu-system-x86_64 -machine q35 -m 2G ';
const M0 = '-object memory-backend-ram,id=m0,size=2G ';

test('QL-numa-001: duplicate nodeid; fix picks a free id', () => {
  const t = Q + M0 + '-numa node,nodeid=0,memdev=m0 -numa node,nodeid=0';
  const d = only(t, 'QL-numa-001');
  assert.equal(d.span.start, t.lastIndexOf('nodeid=0') + 7);
  assert.equal(d.message, 'Duplicate NUMA nodeid: 0');
  const fixed = applyFix(t, d.fixes![0].edits);
  assert.equal(fixed, Q + M0 + '-numa node,nodeid=0,memdev=m0 -numa node,nodeid=1');
  noErrors(fixed);
});

test('QL-numa-002: nodeid 128', () => {
  const t = Q + '-numa node,nodeid=128';
  const d = only(t, 'QL-numa-002');
  assert.equal(at(t, d), '128');
  assert.equal(d.message, 'Max number of NUMA nodes reached: 128');
  none(Q + M0 + '-numa node,nodeid=0,memdev=m0', 'QL-numa-002');
});

test('QL-numa-003: a gap in node ids names the highest missing id', () => {
  const t = Q + M0 + '-numa node,nodeid=0,memdev=m0 -numa node,nodeid=3';
  const d = only(t, 'QL-numa-003');
  assert.equal(at(t, d), '3');
  assert.equal(d.message, 'numa: Node ID missing: 2');
  assert.equal(applyFix(t, d.fixes![0].edits), Q + M0 + '-numa node,nodeid=0,memdev=m0 -numa node,nodeid=1');
  none(Q + M0 + '-numa node,nodeid=0,memdev=m0 -numa node,nodeid=1', 'QL-numa-003');
});

test('QL-numa-004: mem= and memdev= mixed across nodes and on one node', () => {
  let t =
    'qemu-system-x86_64 -machine pc-i440fx-5.0 -m 2G -object memory-backend-ram,id=m1,size=1G -numa node,mem=1G -numa node,memdev=m1';
  let d = only(t, 'QL-numa-004');
  assert.equal(at(t, d), 'memdev');
  assert.equal(d.message, 'numa configuration should use either mem= or memdev=,mixing both is not allowed');
  assert.equal(at(t, d.related![0]), 'mem');
  t = Q + M0 + '-numa node,memdev=m0,mem=2G';
  d = only(t, 'QL-numa-004');
  assert.equal(d.span.start, t.indexOf('mem=2G'));
  assert.equal(applyFix(t, d.fixes![0].edits), Q + M0 + '-numa node,memdev=m0');
  none('qemu-system-x86_64 -machine pc-i440fx-5.0 -m 2G -numa node,mem=1G -numa node,mem=1G', 'QL-numa-004');
});

test('QL-numa-005/006: mem= refused after 5.0, deprecated up to 5.0; fix moves to memdev', () => {
  const t = Q + '-numa node,mem=2G';
  const d = only(t, 'QL-numa-005');
  assert.equal(at(t, d), 'mem');
  assert.equal(
    d.message,
    'Parameter -numa node,mem is not supported by this machine type\nUse -numa node,memdev instead',
  );
  const fixed = applyFix(t, d.fixes![0].edits);
  assert.equal(fixed, Q + '-object memory-backend-ram,id=ram-node0,size=2G -numa node,memdev=ram-node0');
  noErrors(fixed);
  const w = only(
    'qemu-system-x86_64 -machine pc-i440fx-5.0 -m 2G -numa node,mem=1G -numa node,mem=1G'.replace(
      ',mem=1G -numa node,mem=1G',
      ',mem=2G',
    ),
    'QL-numa-006',
  );
  assert.equal(w.severity, 'warning');
  assert.equal(w.message, 'Parameter -numa node,mem is deprecated, use -numa node,memdev instead');
});

test('QL-numa-007: memdev naming no backend ("ambiguous", as QEMU says); fix creates it with the missing RAM', () => {
  const t = Q + '-object memory-backend-ram,id=m0,size=1G -numa node,memdev=m0 -numa node,memdev=nosuch';
  const d = only(t, 'QL-numa-007');
  assert.equal(at(t, d), 'nosuch');
  assert.equal(d.message, 'memdev=nosuch is ambiguous');
  const fixed = applyFix(t, d.fixes![0].edits);
  assert.equal(
    fixed,
    Q +
      '-object memory-backend-ram,id=m0,size=1G -numa node,memdev=m0 -object memory-backend-ram,id=nosuch,size=1G -numa node,memdev=nosuch',
  );
  noErrors(fixed);
});

test('QL-numa-008: node memory must add up to -m, on the -m size with each node as related', () => {
  const t =
    'qemu-system-x86_64 -machine q35 -m 4G -object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=1G -numa node,memdev=m0 -numa node,memdev=m1';
  const d = only(t, 'QL-numa-008');
  assert.equal(at(t, d), '4G');
  assert.equal(d.message, 'total memory for NUMA nodes (0x80000000) should equal RAM size (0x100000000)');
  assert.deepEqual(
    d.related!.map((r) => at(t, r)),
    ['m0', 'm1'],
  );
  assert.equal(applyFix(t, d.fixes![0].edits), t.replace('-m 4G', '-m 2G'));
  none(t.replace('-m 4G', '-m 2G'), 'QL-numa-008');
  // Memory-less nodes alone never add up to a RAM size on current machine types.
  assert.equal(
    only(Q + '-numa node -numa node', 'QL-numa-008').message,
    'total memory for NUMA nodes (0x0) should equal RAM size (0x80000000)',
  );
  none('qemu-system-x86_64 -machine pc-i440fx-5.0 -m 2G -numa node -numa node', 'QL-numa-008');
});

test('QL-numa-009/010/011: CPUs beyond maxcpus, assigned twice, partly mapped', () => {
  let t = Q + '-smp 2 ' + M0 + '-numa node,cpus=0-3,memdev=m0';
  let d = only(t, 'QL-numa-009');
  assert.equal(at(t, d), '0-3');
  assert.equal(d.message, 'CPU index (2) should be smaller than maxcpus (2)');
  t = Q + '-smp 2 ' + M0 + '-numa node,cpus=0,memdev=m0 -numa node,cpus=0';
  d = only(t, 'QL-numa-010');
  assert.equal(d.span.start, t.lastIndexOf('cpus=0') + 5);
  assert.equal(d.message, 'CPU is already assigned to node-id: 0');
  t = Q + '-smp 2 ' + M0 + '-numa node,cpus=0,memdev=m0 -numa node';
  d = only(t, 'QL-numa-011');
  assert.equal(d.severity, 'warning');
  assert.equal(
    d.message,
    'CPU(s) not present in any NUMA nodes: CPU 1 [socket-id: 0, core-id: 1, thread-id: 0]\nAll CPU(s) up to maxcpus should be described in NUMA config, ability to start up with partial NUMA mappings is obsoleted and will be removed in future',
  );
  // Slot names as QEMU 7.2 prints them for other topologies.
  const msg = (smp: string, cpus: string) =>
    only(Q + `-smp ${smp} ` + M0 + `-numa node,cpus=${cpus},memdev=m0`, 'QL-numa-011').message.split('\n')[0];
  assert.equal(
    msg('4,sockets=2,cores=2', '0'),
    'CPU(s) not present in any NUMA nodes: CPU 1 [socket-id: 0, core-id: 1, thread-id: 0], CPU 2 [socket-id: 1, core-id: 0, thread-id: 0], CPU 3 [socket-id: 1, core-id: 1, thread-id: 0]',
  );
  assert.equal(
    msg('4,sockets=2,threads=2', '0'),
    'CPU(s) not present in any NUMA nodes: CPU 1 [socket-id: 0, core-id: 0, thread-id: 1], CPU 2 [socket-id: 1, core-id: 0, thread-id: 0], CPU 3 [socket-id: 1, core-id: 0, thread-id: 1]',
  );
  assert.equal(
    msg('8,sockets=2,dies=2,cores=2', '0-6'),
    'CPU(s) not present in any NUMA nodes: CPU 7 [socket-id: 1, die-id: 1, core-id: 1, thread-id: 0]',
  );
  assert.equal(
    msg('2,maxcpus=4', '0'),
    'CPU(s) not present in any NUMA nodes: CPU 1 [socket-id: 0, core-id: 1, thread-id: 0], CPU 2 [socket-id: 0, core-id: 2, thread-id: 0], CPU 3 [socket-id: 0, core-id: 3, thread-id: 0]',
  );
  noErrors(Q + '-smp 4 ' + M0 + '-numa node,cpus=0-1,memdev=m0 -numa node,cpus=2-3');
  none(Q + '-smp 4 ' + M0 + '-numa node,cpus=0-1,memdev=m0 -numa node,cpus=2-3', 'QL-numa-011');
  none(Q + '-smp 4,maxcpus=8 ' + M0 + '-numa node,cpus=0-7,memdev=m0', 'QL-numa-009');
  only(Q + '-smp 2,sockets=2,cores=2 ' + M0 + '-numa node,cpus=0-4,memdev=m0', 'QL-numa-009');
});

test('QL-numa-012..017: -numa dist', () => {
  const N = Q + M0 + '-numa node,memdev=m0 -numa node ';
  let t = N + '-numa dist,src=0,dst=200,val=20';
  assert.equal(only(t, 'QL-numa-012').message, "Parameter 'dst' expects an integer between 0 and 127");
  t = N + '-numa dist,src=0,dst=2,val=20';
  let d = only(t, 'QL-numa-013');
  assert.equal(at(t, d), '2');
  assert.equal(
    d.message,
    "Source/Destination NUMA node is missing. Please use '-numa node' option to declare it first.",
  );
  t = N + '-numa dist,src=0,dst=1,val=5';
  d = only(t, 'QL-numa-014');
  assert.equal(at(t, d), '5');
  assert.equal(d.message, "NUMA distance (5) is invalid, it shouldn't be less than 10.");
  t = N + '-numa dist,src=0,dst=0,val=20';
  d = only(t, 'QL-numa-015');
  assert.equal(d.message, 'Local distance of node 0 should be 10.');
  assert.equal(applyFix(t, d.fixes![0].edits), N + '-numa dist,src=0,dst=0,val=10');
  t = N + '-numa node -numa dist,src=0,dst=1,val=20';
  d = only(t, 'QL-numa-016');
  assert.equal(
    d.message,
    'The distance between node 0 and 2 is missing, at least one distance value between each nodes should be provided.',
  );
  const fixed = applyFix(t, d.fixes![0].edits);
  t =
    N +
    '-numa node -numa dist,src=0,dst=1,val=20 -numa dist,src=1,dst=0,val=30 -numa dist,src=0,dst=2,val=20 -numa dist,src=1,dst=2,val=20';
  assert.equal(
    only(t, 'QL-numa-017').message,
    'At least one asymmetrical pair of distances is given, please provide distances for both directions of all node pairs.',
  );
  none(fixed, 'QL-numa-016');
  noErrors(N + '-numa node -numa dist,src=0,dst=1,val=20 -numa dist,src=0,dst=2,val=30 -numa dist,src=1,dst=2,val=40');
});

test('QL-numa-018/019/020: -numa cpu', () => {
  const N = Q + '-smp 2,sockets=2 ' + M0 + '-numa node,nodeid=0,memdev=m0 ';
  let t = N + '-numa cpu,socket-id=0';
  let d = only(t, 'QL-numa-018');
  assert.equal(at(t, d), 'cpu');
  assert.equal(d.message, 'Missing mandatory node-id property');
  t = N + '-numa cpu,node-id=3,socket-id=0';
  d = only(t, 'QL-numa-019');
  assert.equal(at(t, d), '3');
  assert.equal(
    d.message,
    "Invalid node-id=3, NUMA node must be defined with -numa node,nodeid=ID before it's used with -numa cpu,node-id=ID",
  );
  // QEMU 10.0.2: "module-id is not supported" (x86 without -smp modules); 7.2.22 has no such member
  // ("Invalid parameter 'module-id'", the property checker's), so the -numa rules leave it alone there.
  t = N + '-numa cpu,node-id=0,socket-id=0,module-id=0';
  d = only(t, 'QL-numa-020', { qemuVersion: '10.0' });
  assert.equal(at(t, d), 'module-id');
  assert.equal(d.message, 'module-id is not supported');
  assert.deepEqual(
    checkNumaCpus(contextFor(t, { qemuVersion: '7.2' })).filter((x) => x.code === 'QL-numa-020'),
    [],
  );
  // Both releases: "cluster-id is not supported".
  t = N + '-numa cpu,node-id=0,socket-id=0,cluster-id=0';
  for (const v of ['7.2', '10.0'] as const)
    assert.equal(only(t, 'QL-numa-020', { qemuVersion: v }).message, 'cluster-id is not supported');
  // drawer-id: 7.2.22 "Invalid parameter 'drawer-id'"; 10.0.2 accepts it on x86.
  noErrors(N + '-numa cpu,node-id=0,socket-id=0,drawer-id=0', { qemuVersion: '10.0' });
  noErrors(N + '-numa node,nodeid=1 -numa cpu,node-id=1,socket-id=0 -numa cpu,node-id=0,socket-id=1');
});

test('QL-numa-021..025: HMAT initiators', () => {
  let t = Q + '-smp 1 ' + M0 + '-numa node,cpus=0,memdev=m0,initiator=0';
  let d = only(t, 'QL-numa-021');
  assert.equal(at(t, d), 'initiator');
  assert.equal(
    d.message,
    'ACPI Heterogeneous Memory Attribute Table (HMAT) is disabled, enable it with -machine hmat=on before using any of hmat specific options',
  );
  assert.equal(applyFix(t, d.fixes![0].edits), t.replace('-machine q35', '-machine q35,hmat=on'));
  const H =
    'qemu-system-x86_64 -machine q35,hmat=on -m 2G -smp 1 -object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=1G -numa node,nodeid=0,cpus=0,memdev=m0';
  t = H + ' -numa node,nodeid=1,memdev=m1,initiator=200';
  assert.equal(only(t, 'QL-numa-022').message, 'The initiator id 200 expects an integer between 0 and 127');
  t = H + ' -numa node,nodeid=1,memdev=m1,initiator=5';
  d = only(t, 'QL-numa-023');
  assert.equal(at(t, d), '5');
  assert.equal(d.message, "NUMA node 5 is missing, use '-numa node' option to declare it first");
  t = H + ' -numa node,nodeid=1,memdev=m1,initiator=1';
  assert.equal(only(t, 'QL-numa-024').message, 'The initiator of NUMA node 1 is invalid');
  t = H.replace('memdev=m0', 'memdev=m0,initiator=1') + ' -numa node,nodeid=1,cpus=1,memdev=m1';
  assert.equal(
    only(t.replace('-smp 1', '-smp 2'), 'QL-numa-025').message,
    'The initiator of CPU NUMA node 0 should be itself (got 1)',
  );
  noErrors(H.replace('memdev=m0', 'memdev=m0,initiator=0') + ' -numa node,nodeid=1,memdev=m1,initiator=0');
});

test('QL-numa-036: an empty node next to nodes with memdev is information only (QEMU 7.2 accepts it)', () => {
  const t = Q + M0 + '-numa node,memdev=m0 -numa node';
  const d = only(t, 'QL-numa-036');
  assert.equal(d.severity, 'information');
  assert.equal(d.span.start, t.lastIndexOf('node'));
  assert.equal(at(t, d), 'node');
  noErrors(t);
  none(Q + M0 + '-smp 2 -numa node,memdev=m0,cpus=0 -numa node,cpus=1', 'QL-numa-036');
  none(
    'qemu-system-x86_64 -m 4G,maxmem=8G -object memory-backend-ram,id=m0,size=4G -numa node,memdev=m0 -numa node -object memory-backend-ram,id=h,size=2G -device sp-mem,memdev=h,node=1',
    'QL-numa-036',
    { qemuVersion: '11.1' },
  );
});

test('-numa cpu against the -smp topology: no match, die-id without dies, partial mappings (QEMU 7.2)', () => {
  const B = Q + M0;
  let t = B + '-smp 2,sockets=2 -numa node,memdev=m0 -numa cpu,node-id=0,socket-id=5';
  let d = only(t, 'QL-numa-038');
  assert.equal(d.span.start, t.lastIndexOf('cpu,'));
  assert.equal(d.message, 'no match found');
  only(B + '-smp 4,sockets=2,cores=2 -numa node,memdev=m0 -numa cpu,node-id=0,socket-id=1,core-id=3', 'QL-numa-038');
  t = B + '-smp 2 -numa node,memdev=m0 -numa cpu,node-id=0,die-id=1';
  d = only(t, 'QL-numa-020');
  assert.equal(at(t, d), 'die-id');
  assert.equal(d.message, 'die-id is not supported');
  t = B + '-smp 4,sockets=2,cores=2 -numa node,memdev=m0 -numa cpu,node-id=0,socket-id=1';
  d = only(t, 'QL-numa-011');
  assert.equal(
    d.message.split('\n')[0],
    'CPU(s) not present in any NUMA nodes: CPU 0 [socket-id: 0, core-id: 0, thread-id: 0], CPU 1 [socket-id: 0, core-id: 1, thread-id: 0]',
  );
  none(
    B +
      '-smp 4,sockets=2,cores=2 -numa node,memdev=m0 -numa node -numa cpu,node-id=0,socket-id=1 -numa cpu,node-id=1,socket-id=0',
    'QL-numa-011',
  );
  noErrors(B + '-smp 4,sockets=2,cores=2 -numa node,memdev=m0 -numa cpu,node-id=0,socket-id=1');
});

test('-numa fixes: raise maxcpus, drop a CPU given twice, declare the missing node', () => {
  let t = Q + '-smp 2 ' + M0 + '-numa node,cpus=0-3,memdev=m0';
  let d = only(t, 'QL-numa-009');
  assert.equal(applyFix(t, d.fixes![0].edits), t.replace('-smp 2', '-smp 2,maxcpus=4'));
  noErrors(applyFix(t, d.fixes![0].edits));
  t = Q + '-smp 2 ' + M0 + '-numa node,cpus=0,memdev=m0 -numa node,cpus=1,cpus=0';
  d = only(t, 'QL-numa-010');
  assert.equal(applyFix(t, d.fixes![0].edits), Q + '-smp 2 ' + M0 + '-numa node,cpus=0,memdev=m0 -numa node,cpus=1');
  t = Q + M0 + '-numa node,memdev=m0 -numa node -numa dist,src=0,dst=2,val=20';
  d = only(t, 'QL-numa-013');
  const fixed = applyFix(t, d.fixes![0].edits);
  assert.equal(fixed, Q + M0 + '-numa node,memdev=m0 -numa node -numa node,nodeid=2 -numa dist,src=0,dst=2,val=20');
  none(fixed, 'QL-numa-013');
  t = Q + '-smp 2,sockets=2 ' + M0 + '-numa node,nodeid=0,memdev=m0 -numa cpu,node-id=1,socket-id=1';
  d = only(t, 'QL-numa-019');
  assert.equal(
    applyFix(t, d.fixes![0].edits),
    Q + '-smp 2,sockets=2 ' + M0 + '-numa node,nodeid=0,memdev=m0 -numa node,nodeid=1 -numa cpu,node-id=1,socket-id=1',
  );
});

test('QL-numa-013 without any -numa node: the fix declares node 0 before the dist option (it threw before)', () => {
  const t = Q + '-numa dist,src=0,dst=0,val=10';
  const d = only(t, 'QL-numa-013');
  assert.equal(applyFix(t, d.fixes![0].edits), Q + '-numa node,nodeid=0 -numa dist,src=0,dst=0,val=10');
});
