// -device property values are read with the grammar that reproduces what QEMU itself said about a
// battery of values (tools/probe-value-classes.mjs, recorded in the generated schema: 7.2's, and the
// classes 10.0.2 added or answers differently in qemu-10.0-delta.json, used for 10.0 and 11.1).
// The PCI-address cases come from libvirt's command lines (tests/qemuxmlconfdata/*.args), run
// through qemu-system-x86_64 -S -display none -nodefaults -machine pc (Debian QEMU 7.2.22).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { declaredCheck } from '../../../server/src/analysis/checks/properties';
import { batteryProp, grammarFor, pciDevfn } from '../../../server/src/analysis/checks/valueGrammar';
import { allValueClasses, deviceProps } from '../../../server/src/analysis/schema/index';
import { defaultSettings } from '../../../server/src/analysis/types';
import type { QemuVersion } from '../../../server/src/analysis/types';
import { parse, propertyDiagnostics, Q } from './helpers';

function messages(args: string, version: QemuVersion = '7.2'): string[] {
  const settings = { ...defaultSettings, qemuVersion: version };
  const { options } = parse(`${Q} ${args}\n`, settings);
  return propertyDiagnostics(options, settings).map((d) => d.message);
}

describe('value classes recorded from QEMU', () => {
  it('the schema holds QEMU verdicts for the common setters', () => {
    const keys = allValueClasses().map((c) => `${c.type}|${c.description}`);
    for (const want of ['bool|on/off', 'uint32|', 'size|', 'str|', 'OnOffAuto|on/off/auto'])
      assert.ok(keys.includes(want), want);
    assert.ok(allValueClasses().some((c) => c.description.startsWith('Slot and optional function number')));
  });

  for (const [version, least] of [
    ['7.2', 1000],
    ['10.0', 500],
  ] as const)
    it(`QEMU ${version}: the checker gives QEMU verdict, word for word, on every recorded value of every class it checks`, () => {
      let compared = 0;
      for (const c of allValueClasses(version)) {
        const info = deviceProps(c.driver, 'auto', version)!.get(c.property)!;
        // The class it is read with has this release's verdicts (a 7.2 entry kept because only the
        // description was reworded, "Error handling policy, …" → "(…)", has the same ones).
        assert.ok(
          info.valueClass === c ||
            JSON.stringify([info.valueClass?.keyval, info.valueClass?.json]) === JSON.stringify([c.keyval, c.json]),
          `${c.driver}.${c.property} is read with QEMU ${version}'s verdicts`,
        );
        for (const form of ['keyval', 'json'] as const) {
          const g = grammarFor(info, c, form, declaredCheck);
          if (!g) continue;
          for (const [entry, message] of Object.entries<string | null>(form === 'keyval' ? c.keyval : c.json)) {
            const p = batteryProp(entry, form);
            const arg =
              form === 'keyval'
                ? `-device ${c.driver},${c.property}=${entry}`
                : `-device '{"driver":"${c.driver}","${c.property}":${entry}}'`;
            // Whether a referenced id exists is not a question about the value's form: the
            // checker leaves it to QEMU, and the battery ran where no chardev or netdev exists.
            const lookup: boolean = g.name === 'reference' && !!message?.includes("can't find value");
            const want: string[] =
              message === null || lookup
                ? []
                : [
                    message
                      .split('{driver}')
                      .join(c.driver)
                      .split('{name}')
                      .join(c.property)
                      .split('{value}')
                      .join(p.value),
                  ];
            assert.deepEqual(messages(arg, version), want, arg);
            compared++;
          }
        }
      }
      assert.ok(compared > least, `${compared}`);
    });

  it('the PCI slot/function setter is read as such in both forms, integers as integers', () => {
    const c = allValueClasses().find((x) => x.description.startsWith('Slot and optional function number'))!;
    const info = deviceProps(c.driver, 'auto', '7.2')!.get(c.property)!;
    assert.equal(info.type, 'int32');
    assert.equal(grammarFor(info, c, 'keyval', declaredCheck)?.name, 'pci-devfn');
    assert.equal(grammarFor(info, c, 'json', declaredCheck)?.name, 'pci-devfn');
    const uint32 = allValueClasses().find((x) => x.type === 'uint32' && x.description === '')!;
    const u = deviceProps(uint32.driver, 'auto', '7.2')!.get(uint32.property)!;
    assert.equal(u.valueClass, uint32);
    // 10.0 reports the same setter as "str" (qemu-10.0-delta.json: addr changed int32 → str); its own
    // recorded verdicts still pick the slot/function reading, not the string one.
    const c10 = allValueClasses('10.0').find((x) => x.description.startsWith('Slot and optional function number'))!;
    const e1000 = deviceProps('e1000', 'auto', '10.0')!.get('addr')!;
    assert.equal(e1000.type, 'str');
    assert.equal(e1000.valueClass, c10);
    assert.equal(grammarFor(e1000, c10, 'keyval', declaredCheck)?.name, 'pci-devfn');
    assert.equal(grammarFor(e1000, c10, 'json', declaredCheck)?.name, 'pci-devfn');
  });

  it("a property's grammar is built once per form, not once per value checked", () => {
    const c = allValueClasses().find((x) => x.description.startsWith('Slot and optional function number'))!;
    const info = deviceProps(c.driver, 'auto', '7.2')!.get(c.property)!;
    for (const form of ['keyval', 'json'] as const)
      assert.equal(grammarFor(info, c, form, declaredCheck), grammarFor(info, c, form, declaredCheck), form);
    assert.notEqual(grammarFor(info, c, 'keyval', declaredCheck), grammarFor(info, c, 'json', declaredCheck));
    // Another declared reading gets a grammar of its own.
    const other: typeof declaredCheck = () => undefined;
    assert.notEqual(grammarFor(info, c, 'keyval', other), grammarFor(info, c, 'keyval', declaredCheck));
  });
});

describe('set_pci_devfn', () => {
  it('reads slot[.function] as sscanf("%x.%x") does', () => {
    assert.equal(pciDevfn('0x1.0x2'), 10);
    assert.equal(pciDevfn('06'), 48);
    assert.equal(pciDevfn('1f.7'), 255);
    assert.equal(pciDevfn('0x0'), 0);
    assert.equal(pciDevfn('6.0x'), 48);
    assert.equal(pciDevfn('20.0'), undefined);
    assert.equal(pciDevfn('0.8'), undefined);
    assert.equal(pciDevfn('6.'), undefined);
    assert.equal(pciDevfn('x'), undefined);
    assert.equal(pciDevfn(''), undefined);
  });
});

describe('-device values as libvirt writes them', () => {
  it('JSON PCI addresses and buses are accepted', () => {
    // -device '{"driver":"piix3-usb-uhci","id":"usb","bus":"pci.0","addr":"0x1.0x2"}'  → accepted
    assert.deepEqual(
      messages(
        `-device '{"driver":"piix3-usb-uhci","id":"usb","bus":"pci.0","addr":"0x1.0x2"}' ` +
          `-device '{"driver":"virtio-balloon-pci","id":"balloon0","bus":"pci.0","addr":"0x3"}' ` +
          `-device piix3-usb-uhci,id=usb2,bus=pci.0,addr=0x1.0x2`,
      ),
      [],
    );
  });

  it('an integer devfn in JSON is accepted from -1 to 255', () => {
    assert.deepEqual(messages(`-device '{"driver":"e1000","addr":255}'`), []);
    // {"driver":"e1000","addr":256} → Parameter 'addr' expects a value between -1 and 255
    assert.deepEqual(messages(`-device '{"driver":"e1000","addr":256}'`), [
      "Parameter 'addr' expects a value between -1 and 255",
    ]);
  });

  it("a slot past 0x1f gets QEMU's message in either form", () => {
    // -device e1000,addr=20.0 → Property 'e1000.addr' doesn't take value '20.0'
    assert.deepEqual(messages('-device e1000,addr=20.0'), ["Property 'e1000.addr' doesn't take value '20.0'"]);
    assert.deepEqual(messages(`-device '{"driver":"e1000","addr":"0x1.0x8"}'`), [
      "Property 'e1000.addr' doesn't take value '0x1.0x8'",
    ]);
    assert.deepEqual(messages(`-device '{"driver":"e1000","addr":true}'`), [
      "Invalid parameter type for 'addr', expected int or str",
    ]);
  });

  it('integers, booleans, sizes and strings keep their types', () => {
    // {"driver":"e1000","bootindex":"1"} → Invalid parameter type for 'bootindex', expected: integer
    assert.deepEqual(messages(`-device '{"driver":"e1000","bootindex":"1"}'`), [
      "Invalid parameter type for 'bootindex', expected: integer",
    ]);
    assert.deepEqual(messages(`-device '{"driver":"e1000","netdev":1}'`), [
      "Invalid parameter type for 'netdev', expected: string",
    ]);
    assert.deepEqual(messages('-device virtio-mem-pci,requested-size=x'), ["Parameter 'requested-size' expects size"]);
    assert.deepEqual(messages(`-device '{"driver":"virtio-mem-pci","memaddr":"0x1"}'`), [
      "Parameter 'memaddr' expects uint64",
    ]);
  });
});
