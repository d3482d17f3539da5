// The webview's fixture maps are the engine's own output (`qemu-launch map --json` on the .sh
// files beside them). Here they — and the live engine — are held against the independent
// references in test/fixtures/maps/reference/: tables read from Debian's QEMU 7.2 by the oracle,
// and the SPM tables of the patched QEMU builds (see generate.py). Diagnostics are not compared:
// the references know only the tables.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, initShellParser } from '../../server/src/analysis/index';
import { fileMapJson, type FileMapJson, type InvocationMapJson } from '../../server/src/analysis/mapJson';

const DIR = 'test/fixtures/maps';
const names = readdirSync(join(DIR, 'reference'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as FileMapJson;

/** The fields a reference knows, in a form that compares with deepEqual. */
function tables(m: InvocationMapJson) {
  return {
    line: m.line,
    ramSize: m.ramSize,
    below4g: m.below4g,
    above4g: m.above4g,
    above4gStart: m.above4gStart,
    cpuVendor: m.cpuVendor,
    e820: m.e820,
    srat: m.srat,
    deviceMemory: m.deviceMemory,
    memoryDevices: m.memoryDevices.map(({ id, type, start, length, node, line }) => ({
      id,
      type,
      start,
      length,
      node,
      line,
    })),
    nodes: m.nodes.map(({ node, start, length, memdev, memmapType, line }) => ({
      node,
      start,
      length,
      memdev: memdev ?? undefined,
      memmapType,
      line,
    })),
  };
}

before(async () => {
  await initShellParser();
});

describe('webview fixtures against QEMU', () => {
  it('has a fixture for every reference and the other way round', () => {
    const fixtures = readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    assert.deepEqual(fixtures, names);
    assert.ok(names.length >= 9);
  });

  for (const name of names) {
    it(`${name}: the fixture and the live engine build QEMU's tables`, () => {
      const reference = read(join(DIR, 'reference', `${name}.json`));
      const fixture = read(join(DIR, `${name}.json`));
      assert.equal(fixture.file, reference.file);
      assert.equal(fixture.invocations.length, 1);
      assert.deepEqual(tables(fixture.invocations[0]), tables(reference.invocations[0]));
      const live = fileMapJson(reference.file, analyze(readFileSync(join(DIR, `${name}.sh`), 'utf8')));
      assert.deepEqual(tables(live.invocations[0]), tables(reference.invocations[0]));
    });
  }
});
