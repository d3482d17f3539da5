// GLib hash-table walk order of QOM children, checked against orders QEMU 7.2 produced
// (NVDIMM SRAT entries of the differential fixtures and of oracle runs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { qomChildOrder } from '../../../server/src/analysis/layout/qomOrder';

test('small containers: ids and anonymous device[N] names', () => {
  assert.deepEqual(qomChildOrder(['c', 'a', 'b']), ['b', 'a', 'c']);
  assert.deepEqual(qomChildOrder(['x1', 'x2', 'x3']), ['x1', 'x3', 'x2']);
  assert.deepEqual(qomChildOrder(['zeta', 'alpha', 'mid']), ['alpha', 'mid', 'zeta']);
  assert.deepEqual(qomChildOrder(['device[0]', 'device[1]', 'device[2]']), ['device[2]', 'device[1]', 'device[0]']);
});

test('a container that grows past 8 buckets is rehashed in place', () => {
  const ids = [...Array.from({ length: 10 }, (_, i) => 'd' + i), 'rng'];
  assert.deepEqual(
    qomChildOrder(ids).filter((x) => x !== 'rng'),
    ['d3', 'd9', 'd2', 'd8', 'd1', 'd7', 'd0', 'd6', 'd5', 'd4'],
  );
});
