// checkProperties against QEMU's own messages. Each expected message was copied from
//   qemu-system-x86_64 -S -display none -nodefaults ARGS        (Debian QEMU 7.2.22)
// where ARGS is the command line in the comment above the case.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Settings, SpmFormSetting } from '../../../server/src/analysis/types';
import { settings72 } from '../settings72';
import { at, parse, propertyDiagnostics, Q } from './helpers';

function check(args: string, spmForm: SpmFormSetting = 'auto', qemuVersion = settings72.qemuVersion) {
  const settings: Settings = { ...settings72, spmForm, qemuVersion };
  const text = `${Q} ${args}\n`;
  const { options } = parse(text, settings);
  return { text, diagnostics: propertyDiagnostics(options, settings) };
}

function messages(args: string, spmForm: SpmFormSetting = 'auto', qemuVersion = settings72.qemuVersion): string[] {
  return check(args, spmForm, qemuVersion).diagnostics.map((d) => d.message);
}

describe('valid command lines stay silent', () => {
  it('memory-relevant options as QEMU accepts them', () => {
    assert.deepEqual(
      messages(
        '-machine q35,hmat=yes,max-ram-below-4g=0x1000,kernel_irqchip=on,accel=tcg,memory.size=4G -m 4G,slots=4,maxmem=16G -smp 4,sockets=2 ' +
          '-object memory-backend-ram,id=m,size=1G,prealloc=yes,share=y,dump=true,merge=n,host-nodes=0-1,policy=bind ' +
          '-numa node,nodeid=0,cpus=0-1,memdev=m -numa dist,src=0,dst=0,val=10 ' +
          '-device pc-dimm,node=0x1,slot=-1,addr=010,memdev=m -device virtio-mem-pci,prealloc=yes,requested-size=1G,unplugged-inaccessible=on',
      ),
      [],
    );
  });

  it('JSON with the types QEMU wants', () => {
    assert.deepEqual(
      messages(
        `-object '{"qom-type":"memory-backend-ram","id":"m","size":1073741824,"prealloc":true,"policy":"bind"}' -device '{"driver":"pc-dimm","memdev":"m","node":0}'`,
      ),
      [],
    );
  });
});

describe('-device (QemuOpts, then keyval-style property parsing)', () => {
  it('unknown property: "Property \'pc-dimm.foo\' not found", on the key', () => {
    // -machine q35 -device pc-dimm,foo=1
    const { text, diagnostics } = check('-device pc-dimm,foo=1');
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message, d.span]),
      [['QL-opt-020', "Property 'pc-dimm.foo' not found", at(text, 'foo')]],
    );
  });

  it('unknown driver: "\'foo\' is not a valid device model name"', () => {
    // -device foo
    const { text, diagnostics } = check('-device foo');
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message, d.span]),
      [['QL-opt-021', "'foo' is not a valid device model name", at(text, 'foo')]],
    );
  });

  it('no driver: "Parameter \'driver\' is missing"', () => {
    // -device id=x
    assert.deepEqual(messages('-device id=x'), ["Parameter 'driver' is missing"]);
  });

  it('bad values, on the value', () => {
    // -device pc-dimm,node=x            → Parameter 'node' expects integer
    // -device pc-dimm,node=99999999999  → Parameter 'node' expects uint32_t
    // -device pc-dimm,node=-1           → Parameter 'node' expects uint32_t
    // -device pc-dimm,addr=1G           → Parameter 'addr' expects integer
    // -device pc-dimm,slot=x            → Parameter 'slot' expects integer
    // -device virtio-mem-pci,requested-size=x  → Parameter 'requested-size' expects size
    // -device virtio-mem-pci,prealloc=maybe    → Parameter 'prealloc' expects 'on' or 'off'
    // -device virtio-mem-pci,unplugged-inaccessible=maybe → Parameter 'unplugged-inaccessible' does not accept value 'maybe'
    const cases: [string, string][] = [
      ['pc-dimm,node=x', "Parameter 'node' expects integer"],
      ['pc-dimm,node=99999999999', "Parameter 'node' expects uint32_t"],
      ['pc-dimm,node=-1', "Parameter 'node' expects uint32_t"],
      ['pc-dimm,addr=1G', "Parameter 'addr' expects integer"],
      ['pc-dimm,slot=x', "Parameter 'slot' expects integer"],
      ['virtio-mem-pci,requested-size=x', "Parameter 'requested-size' expects size"],
      ['virtio-mem-pci,prealloc=maybe', "Parameter 'prealloc' expects 'on' or 'off'"],
      [
        'virtio-mem-pci,unplugged-inaccessible=maybe',
        "Parameter 'unplugged-inaccessible' does not accept value 'maybe'",
      ],
    ];
    for (const [arg, message] of cases) {
      const { text, diagnostics } = check(`-device ${arg}`);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.message]),
        [['QL-opt-022', message]],
        arg,
      );
      const value = arg.slice(arg.lastIndexOf('=') + 1);
      const start = text.lastIndexOf(`=${value}`) + 1;
      assert.deepEqual(diagnostics[0].span, { start, end: start + value.length }, arg);
    }
  });

  it('the earlier of two values is not read (node=x,node=1 passes the property stage)', () => {
    // -device pc-dimm,node=x,node=1 → fails later on slots, not on node
    assert.deepEqual(messages('-device pc-dimm,node=x,node=1'), []);
  });

  it('JSON: QObject input visitor messages', () => {
    // -device {"driver":"pc-dimm","foo":1}   → Property 'pc-dimm.foo' not found
    // -device {"driver":"pc-dimm","node":"1"} → Parameter 'node' expects uint64
    // -device {"driver":"pc-dimm","slot":"x"} → Invalid parameter type for 'slot', expected: integer
    // -device {"driver":"pc-dimm","memdev":1} → Invalid parameter type for 'memdev', expected: string
    assert.deepEqual(messages(`-device '{"driver":"pc-dimm","foo":1}'`), ["Property 'pc-dimm.foo' not found"]);
    assert.deepEqual(messages(`-device '{"driver":"pc-dimm","node":"1"}'`), ["Parameter 'node' expects uint64"]);
    assert.deepEqual(messages(`-device '{"driver":"pc-dimm","slot":"x"}'`), [
      "Invalid parameter type for 'slot', expected: integer",
    ]);
    assert.deepEqual(messages(`-device '{"driver":"pc-dimm","memdev":1}'`), [
      "Invalid parameter type for 'memdev', expected: string",
    ]);
    // {"driver":"pc-dimm","node":1e0}        → Parameter 'node' expects uint64
    // {"driver":"pc-dimm","node":4294967296} → Parameter 'node' expects uint32_t
    // {"driver":"pc-dimm","node":-1}         → Parameter 'node' expects uint32_t
    // {"driver":"pc-dimm","slot":1.5}        → Invalid parameter type for 'slot', expected: integer
    // {"driver":"pc-dimm","slot":4294967296} → Parameter 'slot' expects int32_t
    assert.deepEqual(messages(`-device '{"driver":"pc-dimm","node":1e0}'`), ["Parameter 'node' expects uint64"]);
    assert.deepEqual(messages(`-device '{"driver":"pc-dimm","node":4294967296}'`), [
      "Parameter 'node' expects uint32_t",
    ]);
    assert.deepEqual(messages(`-device '{"driver":"pc-dimm","node":-1}'`), ["Parameter 'node' expects uint32_t"]);
    assert.deepEqual(messages(`-device '{"driver":"pc-dimm","slot":1.5}'`), [
      "Invalid parameter type for 'slot', expected: integer",
    ]);
    assert.deepEqual(messages(`-device '{"driver":"pc-dimm","slot":4294967296}'`), [
      "Parameter 'slot' expects int32_t",
    ]);
  });
});

describe('-object (OptsVisitor; JSON: QObject input visitor)', () => {
  it('unknown type, unknown key, missing type', () => {
    // -object foo,id=x                          → Parameter 'qom-type' does not accept value 'foo'
    // -object memory-backend-ram,id=m,size=1G,foo=1 → Invalid parameter 'foo'
    // -object id=m,size=1G                      → Parameter 'qom-type' is missing
    // -object {"qom-type":"memory-backend-ram","id":"m","size":1073741824,"foo":1} → Parameter 'foo' is unexpected
    assert.deepEqual(messages('-object foo,id=x'), ["Parameter 'qom-type' does not accept value 'foo'"]);
    const { text, diagnostics } = check('-object memory-backend-ram,id=m,size=1G,foo=1');
    assert.deepEqual(
      diagnostics.map((d) => [d.message, d.span]),
      [["Invalid parameter 'foo'", at(text, 'foo')]],
    );
    assert.deepEqual(messages('-object id=m,size=1G'), ["Parameter 'qom-type' is missing"]);
    assert.deepEqual(messages(`-object '{"qom-type":"memory-backend-ram","id":"m","size":1073741824,"foo":1}'`), [
      "Parameter 'foo' is unexpected",
    ]);
  });

  it('bad values', () => {
    // -object memory-backend-ram,id=m,size=1x                    → Parameter 'size' expects a size value
    // -object memory-backend-ram,id=m,size=1G,prealloc=maybe     → Parameter 'prealloc' expects 'on' or 'off'
    // -object memory-backend-ram,id=m,size=1G,policy=foo         → Parameter 'policy' does not accept value 'foo'
    // -object memory-backend-ram,id=m,size=1G,prealloc-threads=x → Parameter 'prealloc-threads' expects a uint64 value
    // -object memory-backend-ram,id=m,size=1G,host-nodes=x       → Parameter 'host-nodes' expects a uint64 value or range
    const cases: [string, string][] = [
      ['size=1x', "Parameter 'size' expects a size value"],
      ['size=1G,prealloc=maybe', "Parameter 'prealloc' expects 'on' or 'off'"],
      ['size=1G,policy=foo', "Parameter 'policy' does not accept value 'foo'"],
      ['size=1G,prealloc-threads=x', "Parameter 'prealloc-threads' expects a uint64 value"],
      ['size=1G,host-nodes=x', "Parameter 'host-nodes' expects a uint64 value or range"],
    ];
    for (const [arg, message] of cases)
      assert.deepEqual(messages(`-object memory-backend-ram,id=m,${arg}`), [message], arg);
  });

  it('only the last of repeated keys is read', () => {
    // -object memory-backend-ram,id=m,size=1x,size=1G → accepted
    // -object memory-backend-ram,id=m,size=1G,size=1x → Parameter 'size' expects a size value
    assert.deepEqual(messages('-object memory-backend-ram,id=m,size=1x,size=1G'), []);
    assert.deepEqual(messages('-object memory-backend-ram,id=m,size=1G,size=1x'), [
      "Parameter 'size' expects a size value",
    ]);
  });

  it('JSON values', () => {
    // {"qom-type":"memory-backend-ram","id":"m","size":"1G"}                   → Parameter 'size' expects uint64
    // {"qom-type":"memory-backend-ram","id":"m","size":1073741824,"prealloc":"on"} → Invalid parameter type for 'prealloc', expected: boolean
    // {"qom-type":"memory-backend-ram","id":"m","size":1024,"policy":1}          → Invalid parameter type for 'policy', expected: string
    // {"qom-type":"memory-backend-file","id":"m","size":1024,"mem-path":1}       → Invalid parameter type for 'mem-path', expected: string
    assert.deepEqual(messages(`-object '{"qom-type":"memory-backend-ram","id":"m","size":"1G"}'`), [
      "Parameter 'size' expects uint64",
    ]);
    assert.deepEqual(
      messages(`-object '{"qom-type":"memory-backend-ram","id":"m","size":1073741824,"prealloc":"on"}'`),
      ["Invalid parameter type for 'prealloc', expected: boolean"],
    );
    assert.deepEqual(messages(`-object '{"qom-type":"memory-backend-ram","id":"m","size":1024,"policy":1}'`), [
      "Invalid parameter type for 'policy', expected: string",
    ]);
    assert.deepEqual(messages(`-object '{"qom-type":"memory-backend-file","id":"m","size":1024,"mem-path":1}'`), [
      "Invalid parameter type for 'mem-path', expected: string",
    ]);
  });
});

describe('-numa (OptsVisitor)', () => {
  it('types, keys and values', () => {
    // -numa foo                     → Parameter 'type' does not accept value 'foo'
    // -numa node,foo=1              → Invalid parameter 'foo'
    // -numa node,nodeid=x           → Parameter 'nodeid' expects a uint64 value
    // -numa node,nodeid=-1          → Parameter 'nodeid' expects a uint64 value
    // -numa node,nodeid=70000       → Parameter 'nodeid' expects uint16_t
    // -numa node,mem=1x             → Parameter 'mem' expects a size value
    // -numa node,cpus=x             → Parameter 'cpus' expects a uint64 value or range
    // -numa dist,src=0,dst=1,val=300 → Parameter 'val' expects uint8_t
    // -numa hmat-lb,initiator=0     → Parameter 'target' is missing
    // -numa hmat-lb,initiator=0,target=0,hierarchy=foo → Parameter 'hierarchy' does not accept value 'foo'
    const cases: [string, string][] = [
      ['foo', "Parameter 'type' does not accept value 'foo'"],
      ['node,foo=1', "Invalid parameter 'foo'"],
      ['node,nodeid=x', "Parameter 'nodeid' expects a uint64 value"],
      ['node,nodeid=-1', "Parameter 'nodeid' expects a uint64 value"],
      ['node,nodeid=70000', "Parameter 'nodeid' expects uint16_t"],
      ['node,mem=1x', "Parameter 'mem' expects a size value"],
      ['node,cpus=x', "Parameter 'cpus' expects a uint64 value or range"],
      ['dist,src=0,dst=1,val=300', "Parameter 'val' expects uint8_t"],
      ['hmat-lb,initiator=0', "Parameter 'target' is missing"],
    ];
    for (const [arg, message] of cases)
      assert.ok(messages(`-numa ${arg}`).includes(message), `${arg}: ${messages(`-numa ${arg}`).join(' | ')}`);
    assert.ok(
      messages('-numa hmat-lb,initiator=0,target=0,hierarchy=foo').includes(
        "Parameter 'hierarchy' does not accept value 'foo'",
      ),
    );
    assert.deepEqual(messages('-numa node,nodeid=0x1,cpus=0-3'), []);
    // -numa cpu,node-id=x → Parameter 'node-id' expects an int64 value;  node-id=-1 passes the visitor
    assert.deepEqual(messages('-numa cpu,node-id=x'), ["Parameter 'node-id' expects an int64 value"]);
    assert.deepEqual(messages('-numa cpu,node-id=-1'), []);
  });

  it("SPM keys follow the spmForm setting; unknown ones get QEMU's own message", () => {
    // -numa node,spm=on          → Invalid parameter 'spm'           (no released QEMU has it)
    // -numa node,memmap-type=spm → Invalid parameter 'memmap-type'
    assert.deepEqual(messages('-numa node,memdev=m,spm=on', 'v4'), []);
    assert.deepEqual(messages('-numa node,memdev=m,memmap-type=spm', 'v7'), []);
    assert.deepEqual(messages('-numa node,memdev=m,spm=on', 'auto'), []);
    assert.deepEqual(messages('-numa node,memdev=m,memmap-type=reserved', 'auto'), []);
    const none = check('-numa node,memdev=m,spm=on', 'none');
    assert.equal(none.diagnostics.length, 1);
    assert.match(none.diagnostics[0].message, /^Invalid parameter 'spm'\n/);
    assert.deepEqual(none.diagnostics[0].span, at(none.text, 'spm'));
    assert.match(
      messages('-numa node,memdev=m,memmap-type=spm', 'v4')[0],
      /^Invalid parameter 'memmap-type'\n\(the v7 SPM form; the spmForm setting is 'v4'\)$/,
    );
    assert.deepEqual(messages('-numa node,memdev=m,memmap-type=fast', 'v7'), [
      "Parameter 'memmap-type' does not accept value 'fast'",
    ]);
    assert.deepEqual(messages('-numa node,memdev=m,spm=maybe', 'v4'), ["Parameter 'spm' expects 'on' or 'off'"]);
  });

  it('SPM devices exist only in their form', () => {
    // -device spm-memory → 'spm-memory' is not a valid device model name
    assert.deepEqual(messages('-device spm-memory,memdev=m,node=1', 'v8'), []);
    // sp-mem is QEMU 11.1's (hw/mem/sp-mem.c); 7.2 does not have it under any spmForm.
    assert.deepEqual(messages('-device sp-mem,memdev=m,node=1', 'upstream', '11.1'), []);
    assert.deepEqual(messages('-device sp-mem,memdev=m,node=1', 'upstream'), [
      "'sp-mem' is not a valid device model name\n(sp-mem is new in QEMU 11.1; the qemuVersion setting is '7.2')",
    ]);
    assert.deepEqual(messages('-device spm-memory,memdev=m,node=1', 'auto'), []);
    assert.match(
      messages('-device spm-memory,memdev=m', 'none')[0],
      /^'spm-memory' is not a valid device model name\n/,
    );
    assert.match(
      messages('-device sp-mem,memdev=m', 'v8', '11.1')[0],
      /^'sp-mem' is not a valid device model name\n\(the upstream SPM form; the spmForm setting is 'v8'\)$/,
    );
    assert.deepEqual(messages('-device spm-memory,memdev=m,foo=1', 'v8'), ["Property 'spm-memory.foo' not found"]);
    assert.deepEqual(messages('-device spm-memory,memdev=m,node=x', 'v8'), ["Parameter 'node' expects integer"]);
  });
});

describe('-m (QemuOpts with a description: every occurrence is validated)', () => {
  it('keys and values', () => {
    // -m 1G,id=x     → Invalid parameter 'id'
    // -m 1G,foo      → (warning) ... then Invalid parameter 'foo'
    // -m 1x          → Parameter 'size' expects a non-negative number below 2^64 + hint
    // -m 4G,maxmem=99999999999999999999 → Value '99999999999999999999' is out of range for parameter 'maxmem'
    // -m 4G,slots=x  → Parameter 'slots' expects a number
    // -m 4G,slots=99999999999999999999  → Value '99999999999999999999' is too large for parameter 'slots'
    // -m 1G,slots    → (warning) ... then Parameter 'slots' expects a number
    // -m 1G,slots=x,slots=2 → Parameter 'slots' expects a number
    assert.deepEqual(messages('-m 1G,id=x'), ["Invalid parameter 'id'"]);
    assert.deepEqual(messages('-m 1G,foo'), ["Invalid parameter 'foo'"]);
    assert.deepEqual(messages('-m 1x'), [
      "Parameter 'size' expects a non-negative number below 2^64\nOptional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.",
    ]);
    assert.deepEqual(messages('-m 4G,maxmem=99999999999999999999'), [
      "Value '99999999999999999999' is out of range for parameter 'maxmem'",
    ]);
    assert.deepEqual(messages('-m 4G,slots=x'), ["Parameter 'slots' expects a number"]);
    assert.deepEqual(messages('-m 4G,slots=99999999999999999999'), [
      "Value '99999999999999999999' is too large for parameter 'slots'",
    ]);
    assert.deepEqual(messages('-m 1G,slots'), ["Parameter 'slots' expects a number"]);
    assert.deepEqual(messages('-m 1G,slots=x,slots=2'), ["Parameter 'slots' expects a number"]);
    assert.deepEqual(messages('-m 1024 -m size=2G,slots=010,maxmem=0x100000000'), []);
  });

  it('-m 0x40000000 becomes 0x40000000M, which 7.2 takes with a warning (upstream refuses it)', () => {
    // 7.2.22: warning: Using a multiplier suffix on hex numbers is deprecated: 0x40000000M
    // 10.0.2: Parameter 'memory.size' expects size (test/differential/versionCases.test.ts)
    const d = check('-m 0x40000000').diagnostics;
    assert.deepEqual(
      d.map((x) => [x.code, x.severity, x.message]),
      [['QL-opt-026', 'warning', 'Using a multiplier suffix on hex numbers is deprecated: 0x40000000M']],
    );
  });
});

describe('ids', () => {
  it('"Parameter \'id\' expects an identifier" for -object and -device, on the value', () => {
    // -object memory-backend-ram,id=1m,size=1G  → Parameter 'id' expects an identifier
    //                                              Identifiers consist of letters, digits, '-', '.', '_', starting with a letter.
    // -device pc-dimm,id=a$b                     → same
    // -object {"qom-type":"memory-backend-ram","id":"1m","size":1024} → same
    // -device {"driver":"pc-dimm","id":"1m"}     → no id check (fails later for another reason)
    // -object memory-backend-ram,id=a.b_c-d,size=1G → accepted
    const msg =
      "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter.";
    const { text, diagnostics } = check('-object memory-backend-ram,id=1m,size=1G');
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message, d.span]),
      [['QL-opt-025', msg, at(text, '1m')]],
    );
    assert.deepEqual(messages("-device 'pc-dimm,id=a$b'"), [msg]);
    assert.deepEqual(messages(`-object '{"qom-type":"memory-backend-ram","id":"1m","size":1024}'`), [msg]);
    assert.deepEqual(messages(`-device '{"driver":"pc-dimm","id":"1m"}'`), []);
    assert.deepEqual(messages('-object memory-backend-ram,id=a.b_c-d,size=1G'), []);
  });
});

describe('-machine and -smp (keyval)', () => {
  it('machine type, properties and values', () => {
    // -machine foo                 → unsupported machine type / Use -machine help to list supported machines
    // -machine pc-q35-2.0,foo=1    → unsupported machine type ...
    // -machine q35,foo=1           → Property 'pc-q35-7.2-machine.foo' not found
    // -machine q35,smm=maybe       → Parameter 'smm' does not accept value 'maybe'
    // -machine q35,hmat=maybe      → Parameter 'hmat' expects 'on' or 'off'
    // -machine q35,max-ram-below-4g=x → Parameter 'max-ram-below-4g' expects size
    const unsupported = 'unsupported machine type\nUse -machine help to list supported machines';
    assert.deepEqual(messages('-machine foo'), [unsupported]);
    assert.deepEqual(messages('-machine pc-q35-2.0,foo=1'), [unsupported]);
    assert.deepEqual(messages('-machine q35,foo=1'), ["Property 'pc-q35-7.2-machine.foo' not found"]);
    assert.deepEqual(messages('-M pc,foo=1'), ["Property 'pc-i440fx-7.2-machine.foo' not found"]);
    assert.deepEqual(messages('-machine q35,smm=maybe'), ["Parameter 'smm' does not accept value 'maybe'"]);
    assert.deepEqual(messages('-machine q35,hmat=maybe'), ["Parameter 'hmat' expects 'on' or 'off'"]);
    assert.deepEqual(messages('-machine q35,max-ram-below-4g=x'), ["Parameter 'max-ram-below-4g' expects size"]);
  });

  it('all -machine options merge: the type of one applies to the keys of another', () => {
    assert.deepEqual(messages('-machine q35 -machine nvdimm=on,hmat=on'), []);
    assert.deepEqual(messages('-machine q35 -machine foo=1'), ["Property 'pc-q35-7.2-machine.foo' not found"]);
  });

  it('-smp keys and values', () => {
    // -smp 2,foo=1    → Parameter 'smp.foo' is unexpected
    // -smp 2,cpus=1G  → Parameter 'smp.cpus' expects integer
    assert.deepEqual(messages('-smp 2,foo=1'), ["Parameter 'smp.foo' is unexpected"]);
    assert.deepEqual(messages('-smp 2,cpus=1G'), ["Parameter 'smp.cpus' expects integer"]);
    // -smp 2,cpus=99999999999999999999 → Parameter 'smp.cpus' expects integer;  -smp x → same
    assert.deepEqual(messages('-smp 2,cpus=99999999999999999999'), ["Parameter 'smp.cpus' expects integer"]);
    assert.deepEqual(messages('-smp x'), ["Parameter 'smp.cpus' expects integer"]);
  });
});
