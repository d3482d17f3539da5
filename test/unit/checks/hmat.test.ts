// Messages and verdicts checked against Debian's QEMU 7.2 (same wording upstream).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at } from './harness';
import { none, noErrors, only } from './expect';

const B =
  'qemu-system-x86_64 -machine q35,hmat=on -m 2G -smp 2 -object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=1G -numa node,nodeid=0,cpus=0-1,memdev=m0,initiator=0 -numa node,nodeid=1,memdev=m1,initiator=0 ';
const LAT = '-numa hmat-lb,initiator=0,target=0,hierarchy=memory,data-type=access-latency,latency=5 ';
const BW = '-numa hmat-lb,initiator=0,target=0,hierarchy=memory,data-type=access-bandwidth,bandwidth=1M ';
const CACHE1 = '-numa hmat-cache,node-id=0,size=10K,level=1,associativity=direct,policy=write-back,line=8 ';

test('hmat-lb: initiator, target, latency/bandwidth, alignment', () => {
  let t = B + '-numa hmat-lb,initiator=1,target=0,hierarchy=memory,data-type=access-latency,latency=5';
  let d = only(t, 'QL-numa-027');
  assert.equal(at(t, d), '1');
  assert.equal(d.message, "Invalid initiator=1, it isn't an initiator proximity domain");
  t = B + '-numa hmat-lb,initiator=3,target=0,hierarchy=memory,data-type=access-latency,latency=5';
  assert.equal(only(t, 'QL-numa-026').message, 'Invalid initiator=3, it should be less than 2');
  t = B + '-numa hmat-lb,initiator=0,target=2,hierarchy=memory,data-type=access-latency,latency=5';
  assert.equal(only(t, 'QL-numa-028').message, 'The target=2 should point to an existing node');
  t = B + '-numa hmat-lb,initiator=0,target=0,hierarchy=memory,data-type=access-latency';
  assert.equal(only(t, 'QL-numa-029').message, "Missing 'latency' option");
  t = B + '-numa hmat-lb,initiator=0,target=0,hierarchy=memory,data-type=access-bandwidth,bandwidth=1000';
  d = only(t, 'QL-numa-030');
  assert.equal(at(t, d), '1000');
  assert.equal(d.message, 'Bandwidth 1000 between initiator=0 and target=0 should be 1MB aligned');
  noErrors(B + LAT + BW);
});

test('hmat-cache: needs latency and bandwidth first, levels in order, once each', () => {
  let t = B + LAT + CACHE1;
  let d = only(t, 'QL-numa-032');
  assert.equal(
    d.message,
    'The latency and bandwidth information of node-id=0 should be provided before memory side cache attributes',
  );
  noErrors(B + LAT + BW + CACHE1);
  t = B + LAT + BW + CACHE1.replace('level=1', 'level=2');
  d = only(t, 'QL-numa-035');
  assert.equal(at(t, d), '2');
  assert.equal(d.message, 'Cache level=1 shall be defined first');
  t = B + LAT + BW + CACHE1 + CACHE1;
  assert.equal(only(t, 'QL-numa-034').message, 'Duplicate configuration of the side cache for node-id=0 and level=1');
  t = B + LAT + BW + CACHE1.replace('level=1', 'level=4');
  assert.equal(
    only(t, 'QL-numa-033').message,
    'Invalid level=4, it should be larger than 0 and less than or equal to 3',
  );
  t = B + LAT + BW + CACHE1.replace('node-id=0', 'node-id=7');
  assert.equal(only(t, 'QL-numa-031').message, 'Invalid node-id=7, it should be less than 2');
  none(B + LAT + BW + CACHE1, 'QL-numa-035');
});

test('QL-numa-037: hmat-lb given twice', () => {
  const t = B + LAT + LAT.replace('latency=5', 'latency=6');
  const d = only(t, 'QL-numa-037');
  assert.equal(d.span.start, t.lastIndexOf('hmat-lb'));
  assert.equal(d.message, 'Duplicate configuration of the latency for initiator=0 and target=0');
  assert.equal(
    only(B + BW + BW, 'QL-numa-037').message,
    'Duplicate configuration of the bandwidth for initiator=0 and target=0',
  );
  none(B + LAT + BW, 'QL-numa-037');
});

test('QL-numa-039: a cache level must be larger than the one below (QEMU 7.2)', () => {
  const t = B + LAT + BW + CACHE1 + CACHE1.replace('level=1', 'level=2').replace('size=10K', 'size=5K');
  const d = only(t, 'QL-numa-039');
  assert.equal(at(t, d), '5K');
  assert.equal(d.message, 'Invalid size=5120, the size of level=2 should be larger than the size(10240) of level=1');
  noErrors(B + LAT + BW + CACHE1 + CACHE1.replace('level=1', 'level=2').replace('size=10K', 'size=20K'));
});
