// The command-line walk of vl.c. Messages are QEMU 7.2.22's, observed with
//   qemu-system-x86_64 -S -display none -nodefaults ARGS
// (QEMU prefixes them with "qemu-system-x86_64: "; we report the rest).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { at, parse, Q } from './helpers';

describe('option words', () => {
  it('takes the argument of an option from the next word, and never for a flag option', () => {
    const text = `${Q} -S -nodefaults -enable-kvm -no-reboot -snapshot -m 4G -machine q35\n`;
    const { options, diagnostics } = parse(text);
    assert.deepEqual(
      options.map((o) => [o.name, o.syntax, o.arg?.text]),
      [
        ['S', 'flag', undefined],
        ['nodefaults', 'flag', undefined],
        ['enable-kvm', 'flag', undefined],
        ['no-reboot', 'flag', undefined],
        ['snapshot', 'flag', undefined],
        ['m', 'qemuopts', '4G'],
        ['machine', 'keyval', 'q35'],
      ],
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(options[5].span, at(text, '-m 4G'));
    assert.deepEqual(options[5].nameSpan, at(text, '-m'));
  });

  it('reads --name as -name and -M as -machine', () => {
    const text = `${Q} --m 2G -M pc\n`;
    const { options } = parse(text);
    assert.deepEqual(
      options.map((o) => [o.name, o.written, o.arg?.text]),
      [
        ['m', '--m', '2G'],
        ['machine', '-M', 'pc'],
      ],
    );
    assert.deepEqual(options[1].props[0], {
      key: 'type',
      value: 'pc',
      implied: true,
      keySpan: at(text, 'pc'),
      valueSpan: at(text, 'pc'),
      span: at(text, 'pc'),
    });
  });

  it('an argument that looks like an option is still the argument', () => {
    const { options, diagnostics } = parse(`${Q} -name -S\n`);
    assert.deepEqual(
      options.map((o) => [o.name, o.arg?.text]),
      [['name', '-S']],
    );
    assert.deepEqual(diagnostics, []);
  });

  it('unknown option: "-foo: invalid option"', () => {
    const text = `${Q} -foo -m 1G\n`;
    const { options, diagnostics } = parse(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.message, d.span]),
      [['QL-opt-001', 'error', '-foo: invalid option', at(text, '-foo')]],
    );
    // The unknown option does not swallow the next word.
    assert.deepEqual(
      options.map((o) => o.name),
      ['foo', 'm'],
    );
  });

  it('"-", "--" and "---m" are invalid options, as in QEMU', () => {
    for (const w of ['-', '--', '---m']) {
      const { diagnostics } = parse(`${Q} ${w}\n`);
      assert.deepEqual(
        diagnostics.map((d) => d.message),
        [`${w}: invalid option`],
      );
    }
  });

  it('-name=value is not accepted by QEMU; the fix splits it', () => {
    // qemu-system-x86_64: -m=4G: invalid option   (and --m=4G: invalid option)
    const text = `${Q} -m=4G\n`;
    const { diagnostics } = parse(text);
    assert.equal(diagnostics.length, 1);
    const d = diagnostics[0];
    assert.equal(d.code, 'QL-opt-003');
    assert.match(d.message, /^-m=4G: invalid option\n/);
    assert.deepEqual(d.span, at(text, '-m=4G'));
    assert.deepEqual(d.fixes?.[0].edits, [{ span: at(text, '='), newText: ' ' }]);
  });

  it('missing argument at the end: "-m: requires an argument"', () => {
    const text = `${Q} -S -M\n`;
    const { diagnostics } = parse(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message, d.span]),
      [['QL-opt-002', '-M: requires an argument', at(text, '-M')]],
    );
  });

  it('a word without a leading dash is the disk image (-hda), not an error', () => {
    const text = `${Q} -m 1G disk.img\n`;
    const { options, diagnostics } = parse(text);
    assert.deepEqual(
      options.map((o) => [o.name, o.written, o.arg?.text]),
      [
        ['m', '-m', '1G'],
        ['hda', '', 'disk.img'],
      ],
    );
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.span]),
      [['QL-opt-004', 'information', at(text, 'disk.img')]],
    );
  });

  it('a word the shell could not resolve is neither judged nor split with confidence', () => {
    const text = `${Q} -m "$(cat size)" $EXTRA\n`;
    const { options, diagnostics } = parse(text);
    assert.equal(options[0].name, 'm');
    assert.equal(options[0].unknown, true);
    assert.ok(options[0].props.every((p) => p.unknown));
    assert.deepEqual(diagnostics, []);
  });

  it('the word after an unresolved one may be its value: no disk-image note for it', () => {
    const { options, diagnostics } = parse(`${Q} $MEMOPT 4G -m 1G\n`);
    assert.deepEqual(diagnostics, []);
    assert.equal(options.find((o) => o.arg?.text === '4G')?.unknown, true);
  });
});

describe('QemuOpts arguments', () => {
  it('implied first key, key=value items and exact spans through quotes and continuations', () => {
    const text = `${Q} -object 'memory-backend-ram',id=m0,\\\nsize=4G -numa node,nodeid=0,memdev=m0 -device pc-dimm,id=d0,memdev=m0\n`;
    const { options, diagnostics } = parse(text);
    assert.deepEqual(diagnostics, []);
    const [obj, numa, dev] = options;
    assert.deepEqual(
      obj.props.map((p) => [p.key, p.value, p.implied]),
      [
        ['qom-type', 'memory-backend-ram', true],
        ['id', 'm0', false],
        ['size', '4G', false],
      ],
    );
    assert.deepEqual(obj.props[0].valueSpan, at(text, 'memory-backend-ram'));
    assert.deepEqual(obj.props[2].keySpan, at(text, 'size'));
    assert.deepEqual(obj.props[2].valueSpan, at(text, '4G'));
    assert.deepEqual(obj.props[2].span, at(text, 'size=4G'));
    assert.deepEqual(
      numa.props.map((p) => [p.key, p.value]),
      [
        ['type', 'node'],
        ['nodeid', '0'],
        ['memdev', 'm0'],
      ],
    );
    assert.deepEqual(dev.props[0], {
      key: 'driver',
      value: 'pc-dimm',
      implied: true,
      keySpan: at(text, 'pc-dimm'),
      valueSpan: at(text, 'pc-dimm'),
      span: at(text, 'pc-dimm'),
    });
    assert.deepEqual(dev.props[2].valueSpan, at(text, 'm0', 2));
  });

  it('",," is a comma inside a value, also in the implied value', () => {
    const text = `${Q} -object memory-backend-file,id=m,size=1G,mem-path=/a,,b\n`;
    const p = parse(text).options[0].props;
    assert.deepEqual(p[3].value, '/a,b');
    assert.deepEqual(p[3].valueSpan, at(text, '/a,,b'));
    assert.equal(parse(`${Q} -device x,,y,id=a\n`).options[0].props[0].value, 'x,y');
  });

  it('only the first item may omit key=; "key=..." first leaves the implied key unset', () => {
    const p = parse(`${Q} -device driver=pc-dimm,id=d\n`).options[0].props;
    assert.deepEqual(
      p.map((x) => [x.key, x.implied]),
      [
        ['driver', false],
        ['id', false],
      ],
    );
  });

  it("short-form booleans: key=on / nokey=off with QEMU's deprecation warning", () => {
    // qemu-system-x86_64: -object memory-backend-ram,id=m,size=1G,noprealloc: warning: short-form boolean option 'noprealloc' deprecated
    // Please use prealloc=off instead
    const text = `${Q} -object memory-backend-ram,id=m,size=1G,noprealloc -object memory-backend-ram,id=n,size=1G,prealloc\n`;
    const { options, diagnostics } = parse(text);
    const a = options[0].props[3];
    assert.deepEqual([a.key, a.value, a.flag], ['prealloc', 'off', 'off']);
    assert.deepEqual(a.keySpan, at(text, 'prealloc'));
    assert.deepEqual(a.valueSpan, at(text, 'noprealloc'));
    const b = options[1].props[3];
    assert.deepEqual([b.key, b.value, b.flag], ['prealloc', 'on', 'on']);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.message]),
      [
        ['QL-opt-005', 'warning', "short-form boolean option 'noprealloc' deprecated\nPlease use prealloc=off instead"],
        ['QL-opt-005', 'warning', "short-form boolean option 'prealloc' deprecated\nPlease use prealloc=on instead"],
      ],
    );
    assert.deepEqual(diagnostics[0].fixes?.[0].edits, [{ span: at(text, 'noprealloc'), newText: 'prealloc=off' }]);
  });

  it('a trailing comma ends the list', () => {
    assert.deepEqual(
      parse(`${Q} -numa node,\n`).options[0].props.map((p) => p.key),
      ['type'],
    );
  });
});

describe('keyval arguments (-machine, -smp)', () => {
  it('implied type, dotted keys, ",," in values', () => {
    const text = `${Q} -machine q35,memory.size=4G,kernel-irqchip=split,dumpdtb=a,,b\n`;
    const { options, diagnostics } = parse(text);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      options[0].props.map((p) => [p.key, p.value]),
      [
        ['type', 'q35'],
        ['memory.size', '4G'],
        ['kernel-irqchip', 'split'],
        ['dumpdtb', 'a,b'],
      ],
    );
    assert.deepEqual(options[0].props[1].keySpan, at(text, 'memory.size'));
  });

  it("no short-form booleans: \"Expected '=' after parameter 'foo'\"", () => {
    // qemu-system-x86_64: -machine q35,foo: Expected '=' after parameter 'foo'
    // qemu-system-x86_64: -smp 2,foo: Expected '=' after parameter 'foo'
    for (const opt of ['-machine q35,foo', '-smp 2,foo']) {
      const text = `${Q} ${opt}\n`;
      const { diagnostics } = parse(text);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.message, d.span]),
        [['QL-opt-006', "Expected '=' after parameter 'foo'", at(text, 'foo')]],
      );
    }
  });

  it('bad keys: "Invalid parameter \'9x\'" and "Parameters \'x.*\' used inconsistently"', () => {
    // qemu-system-x86_64: -machine q35,9x=1: Invalid parameter '9x'
    // qemu-system-x86_64: -machine q35,x.y=1,x=2: Parameters 'x.*' used inconsistently
    assert.deepEqual(
      parse(`${Q} -machine q35,9x=1\n`).diagnostics.map((d) => d.message),
      ["Invalid parameter '9x'"],
    );
    assert.deepEqual(
      parse(`${Q} -machine q35,x.y=1,x=2\n`).diagnostics.map((d) => d.message),
      ["Parameters 'x.*' used inconsistently"],
    );
  });

  it('-smp N is cpus=N', () => {
    assert.deepEqual(
      parse(`${Q} -smp 4,sockets=2\n`).options[0].props.map((p) => [p.key, p.value, p.implied]),
      [
        ['cpus', '4', true],
        ['sockets', '2', false],
      ],
    );
  });
});

describe('JSON arguments (-object, -device)', () => {
  it('records each member with exact key and value spans', () => {
    const text = `${Q} -object '{"qom-type":"memory-backend-ram","id":"m0","size":4294967296,"prealloc":true}' -device '{"driver":"pc-dimm","memdev":"m0"}'\n`;
    const { options, diagnostics } = parse(text);
    assert.deepEqual(diagnostics, []);
    const o = options[0];
    assert.equal(o.syntax, 'json');
    assert.deepEqual(
      o.props.map((p) => [p.key, p.value, p.json]),
      [
        ['qom-type', 'memory-backend-ram', 'memory-backend-ram'],
        ['id', 'm0', 'm0'],
        ['size', '4294967296', 4294967296],
        ['prealloc', 'true', true],
      ],
    );
    assert.deepEqual(o.props[0].keySpan, at(text, 'qom-type'));
    assert.deepEqual(o.props[0].valueSpan, at(text, 'memory-backend-ram'));
    assert.deepEqual(o.props[2].valueSpan, at(text, '4294967296'));
    assert.deepEqual(o.props[2].span, at(text, '"size":4294967296'));
    assert.deepEqual(
      options[1].props.map((p) => [p.key, p.value]),
      [
        ['driver', 'pc-dimm'],
        ['memdev', 'm0'],
      ],
    );
  });

  it("takes QEMU's single-quoted strings", () => {
    const text = `${Q} -device "{'driver':'pc-dimm','memdev':'m0'}"\n`;
    assert.deepEqual(
      parse(text).options[0].props.map((p) => [p.key, p.value]),
      [
        ['driver', 'pc-dimm'],
        ['memdev', 'm0'],
      ],
    );
  });

  it("syntax errors carry QEMU's messages", () => {
    // qemu-system-x86_64: -object {"qom-type":"memory-backend-ram","id":"m" "size":1}: JSON parse error, expected separator in dict
    // qemu-system-x86_64: -object {"qom-type":"memory-backend-ram",: JSON parse error, premature EOI
    // qemu-system-x86_64: -object {"qom-type":memory}: JSON parse error, invalid keyword 'memory'
    const cases: [string, string][] = [
      [`{"qom-type":"memory-backend-ram","id":"m" "size":1}`, 'JSON parse error, expected separator in dict'],
      [`{"qom-type":"memory-backend-ram",`, 'JSON parse error, premature EOI'],
      [`{"qom-type":memory}`, "JSON parse error, invalid keyword 'memory'"],
    ];
    for (const [json, message] of cases) {
      const { diagnostics } = parse(`${Q} -object '${json}'\n`);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.message]),
        [['QL-opt-009', message]],
      );
    }
  });

  it('an argument not starting with "{" is QemuOpts: -object [1] has qom-type "[1]"', () => {
    // qemu-system-x86_64: -object [1]: Parameter 'qom-type' does not accept value '[1]'
    const o = parse(`${Q} -object [1]\n`).options[0];
    assert.equal(o.syntax, 'qemuopts');
    assert.deepEqual(
      o.props.map((p) => [p.key, p.value]),
      [['qom-type', '[1]']],
    );
  });
});

describe('duplicate keys', () => {
  it('warns on the earlier occurrence: QEMU keeps the last', () => {
    const text = `${Q} -object memory-backend-ram,id=m,size=1G,size=2G\n`;
    const { diagnostics } = parse(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.span]),
      [['QL-opt-008', 'warning', at(text, 'size=1G')]],
    );
    assert.match(diagnostics[0].message, /'2G'/);
    assert.deepEqual(diagnostics[0].related?.[0].span, at(text, 'size=2G'));
  });

  it('offers to remove the ignored occurrence with its comma, leaving what QEMU reads', () => {
    const apply = (text: string) => {
      const fix = parse(text).diagnostics.find((d) => d.code === 'QL-opt-008')?.fixes?.[0];
      assert.ok(fix, 'a fix is offered');
      const [edit] = fix.edits;
      return text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    };
    assert.equal(
      apply(`${Q} -object memory-backend-ram,id=m,size=1G,size=2G\n`),
      `${Q} -object memory-backend-ram,id=m,size=2G\n`,
    );
    assert.equal(apply(`${Q} -m 2G,size=4G\n`), `${Q} -m size=4G\n`);
    const fixed = apply(`${Q} -numa node,nodeid=0,nodeid=1,memdev=m\n`);
    assert.equal(fixed, `${Q} -numa node,nodeid=1,memdev=m\n`);
    assert.deepEqual(parse(fixed).diagnostics, []);
  });

  it('offers no edit across two -m options or inside a variable', () => {
    assert.equal(parse(`${Q} -m 1G -m 2G\n`).diagnostics[0].fixes, undefined);
    const inVariable = parse(`M=size=1G,size=2G\n${Q} -m "$M"\n`).diagnostics.find((d) => d.code === 'QL-opt-008');
    assert.ok(inVariable, 'the duplicate is still reported');
    assert.equal(inVariable.fixes, undefined);
  });

  it('list members accumulate: -numa node,cpus=0,cpus=2 is not a duplicate', () => {
    assert.deepEqual(
      parse(`${Q} -numa node,cpus=0,cpus=2 -object memory-backend-ram,id=m,size=1G,host-nodes=0,host-nodes=1\n`)
        .diagnostics,
      [],
    );
  });

  it('-m options merge, so a second -m replaces the first', () => {
    const text = `${Q} -m 1G -m 2G\n`;
    const { diagnostics } = parse(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.span]),
      [['QL-opt-008', at(text, '1G')]],
    );
  });
});
