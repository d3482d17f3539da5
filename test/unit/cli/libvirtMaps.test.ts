// libvirt's command lines (test/fixtures/libvirt/*.args, copied from libvirt's
// tests/qemuxmlconfdata) against what real QEMU did with them: test/fixtures/libvirt/qemu-facts.json,
// recorded by tools/libvirt-facts.py with Debian's QEMU 7.2.22 and QEMU 10.0.2 (host-only pieces
// swapped for stand-ins that leave the address map alone; the oracle runs TCG, so `-accel kvm` is
// read as TCG here too). A line QEMU runs checks without errors and its E820, SRAT and memory
// devices equal QEMU's; a line QEMU refuses gets QEMU's message as its first error.
// smaller-maxmem/ holds the libvirt lines with memory devices, changed only so that QEMU gets as far
// as placing them.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, initShellParser } from '../../../server/src/analysis/index';
import { invocationMapJson } from '../../../server/src/analysis/mapJson';
import { firstError } from '../../../server/src/analysis/refusal';
import { defaultSettings, type QemuVersion } from '../../../server/src/analysis/types';

const DIR = 'test/fixtures/libvirt';
// libvirt's lines with memory devices, with maxmem=64G instead of 1 PiB (and, in *.acpi-on.args,
// acpi=on), so that QEMU gets as far as placing the devices.
const VARIANTS = 'smaller-maxmem';

interface Facts {
  accepted: boolean;
  message?: string;
  e820?: { start: string; length: string; type: number }[];
  srat?: { start: string; length: string; node: number; flags: number }[];
  memoryDevices?: { id: string; type: string; start: string; length: string; node: number }[];
}

const facts = JSON.parse(readFileSync(join(DIR, 'qemu-facts.json'), 'utf8')) as Record<
  string,
  Record<QemuVersion, Facts>
>;

before(() => initShellParser());

describe('libvirt lines: our verdict and map equal QEMU', () => {
  it('every fixture has recorded facts, and the corpus is not small', () => {
    const libvirt = readdirSync(DIR).filter((f) => f.endsWith('.args'));
    const variants = readdirSync(join(DIR, VARIANTS))
      .filter((f) => f.endsWith('.args'))
      .map((f) => `${VARIANTS}/${f}`);
    assert.deepEqual(Object.keys(facts).sort(), [...libvirt, ...variants].sort());
    assert.ok(libvirt.length >= 24, `${libvirt.length} lines`);
  });

  for (const [file, byVersion] of Object.entries(facts)) {
    for (const [version, fact] of Object.entries(byVersion) as [QemuVersion, Facts][]) {
      it(`${file} (QEMU ${version}: ${fact.accepted ? 'runs it' : 'refuses it'})`, () => {
        const text = readFileSync(join(DIR, file), 'utf8').replace('-accel kvm', '-accel tcg');
        const a = analyze(text, { ...defaultSettings, qemuVersion: version });
        assert.equal(a.invocations.length, 1);
        const inv = a.invocations[0];
        const errors = inv.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);
        if (!fact.accepted) {
          // QEMU prints "qemu-system-x86_64: [-option value: ]message".
          const first = firstError(inv);
          assert.ok(first, `QEMU refuses it: ${fact.message}`);
          assert.ok(fact.message!.endsWith(`: ${first.message.split('\n')[0]}`), `${first.message} vs ${fact.message}`);
          return;
        }
        assert.deepEqual(errors, []);
        const map = invocationMapJson(a, inv);
        assert.deepEqual(map.e820, fact.e820);
        assert.deepEqual(map.srat, fact.srat);
        assert.deepEqual(
          map.memoryDevices.map(({ id, type, start, length, node }) => ({ id, type, start, length, node })),
          fact.memoryDevices,
        );
      });
    }
  }
});
