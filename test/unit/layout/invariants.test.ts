// Properties every map must have, over random machines: computeLayout never throws; boot RAM in
// E820 adds up to the RAM size; SRAT node entries add up to each node's memory minus the
// 640 KiB–1 MiB hole; placed devices lie inside device memory, aligned, without overlaps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeLayout } from '../../../server/src/analysis/layout/compute';
import { E820_RAM } from '../../../server/src/analysis/layout/addressMap';
import { handMachine, G, M } from './handMachine';

const sizeArb = fc.integer({ min: 1, max: 64 }).map((n) => BigInt(n) * 256n * M);

const machineArb = fc
  .record({
    family: fc.constantFrom('pc' as const, 'q35' as const),
    nodeSizes: fc.array(fc.oneof(sizeArb, fc.constant(0n)), { minLength: 0, maxLength: 4 }),
    extra: fc.integer({ min: 0, max: 16 }),
    slots: fc.integer({ min: 0, max: 4 }),
    vendor: fc.constantFrom('amd' as const, 'intel' as const),
    dimms: fc.array(
      fc.record({
        size: sizeArb,
        alignment: fc.constantFrom(2n * M, G),
        addrGiB: fc.option(fc.integer({ min: 0, max: 40 })),
      }),
      { maxLength: 5 },
    ),
    maxRamBelow4g: fc.option(fc.constantFrom(G, 2n * G, 3n * G, 4n * G)),
  })
  .map((r) => {
    const nodeSizes = r.nodeSizes.some((s) => s > 0n) ? r.nodeSizes : [];
    const ram = nodeSizes.length ? nodeSizes.reduce((a, b) => a + b, 0n) : 2n * G;
    const backends = nodeSizes.map((size, i) => ({ id: 'n' + i, size }));
    const dimmBackends = r.dimms.map((d, i) => ({ id: 'd' + i, size: d.size, alignment: d.alignment }));
    return handMachine({
      family: r.family,
      ram,
      maxmem: ram + BigInt(r.extra) * G,
      slots: r.extra > 0 ? BigInt(r.slots) : 0n,
      vendor: r.vendor,
      maxRamBelow4g: r.maxRamBelow4g ?? 0n,
      backends: [...backends.filter((b) => b.size > 0n), ...dimmBackends],
      nodes: nodeSizes.map((size, i) => ({ nodeid: i, memdev: size > 0n ? 'n' + i : undefined })),
      devices: r.dimms.map((d, i) => ({
        driver: 'pc-dimm',
        id: 'dimm' + i,
        memdev: 'd' + i,
        addr: d.addrGiB === null ? undefined : 4n * G + BigInt(d.addrGiB) * G,
      })),
    });
  });

test('random machines: the map is self-consistent', () => {
  fc.assert(
    fc.property(machineArb, (machine) => {
      const layout = computeLayout(machine);
      const ramInE820 = layout.e820.filter((e) => e.type === E820_RAM).reduce((a, e) => a + e.length, 0n);
      assert.equal(ramInE820, machine.ramSize);
      assert.equal(layout.below4g + layout.above4g, machine.ramSize);
      for (const n of machine.nodes) {
        const got = layout.srat.filter((e) => e.node === n.nodeid && e.flags === 1).reduce((a, e) => a + e.length, 0n);
        assert.ok(got <= n.size && n.size - got <= 0x60000n, `node ${n.nodeid}: ${got} of ${n.size}`);
      }
      const devs = [...layout.memoryDevices].sort((a, b) => (a.start < b.start ? -1 : 1));
      for (let i = 0; i < devs.length; i++) {
        const d = devs[i];
        assert.ok(
          layout.deviceMemory &&
            d.start >= layout.deviceMemory.start &&
            d.start + d.length <= layout.deviceMemory.start + layout.deviceMemory.length,
        );
        const backend = machine.backends.find((b) => b.id === d.spec.memdev)!;
        assert.equal(d.start % backend.alignment, 0n);
        if (i > 0) assert.ok(devs[i - 1].start + devs[i - 1].length <= d.start);
      }
      const used = devs.reduce((a, d) => a + d.length, 0n);
      assert.ok(used <= machine.maxmem - machine.ramSize);
    }),
    { numRuns: 400 },
  );
});
