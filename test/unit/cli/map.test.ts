// `qemu-launch map`: the address map of the examples, compared with what QEMU builds.
// Expected tables are copied from outside the code under test:
//  - examples/spm-v8-spm-memory.sh: the patched-QEMU (v8) table "pc machine, pc-dimm between
//    two SPM devices" of the worked SPM examples (test/fixtures/spm/);
//  - examples/pc-dimm-hotplug.sh: Debian's QEMU 7.2 read back by the oracle (qemu_oracle.py,
//    TCG) for the same command line;
//  - the v7 "SPM node entirely above 4 GiB" table of the SPM reference, as a temporary script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempFiles } from './runCli';

interface MapJson {
  file: string;
  invocations: {
    line: number;
    machine: string;
    ramSize: string;
    e820: { start: string; length: string; type: number }[];
    srat: { start: string; length: string; node: number; flags: number }[];
    memoryDevices: { id: string; type: string; start: string; length: string; node: number }[];
    deviceMemory: { start: string; length: string } | null;
  }[];
}

const RAM = 1;
const RESERVED = 2;
const SOFT_RESERVED = 0xefffffff;
const ENABLED = 1;
const HOTPLUGGABLE = 2;

const e = (start: string, length: string, type: number) => ({ start, length, type });
const s = (start: string, length: string, node: number, flags: number) => ({ start, length, node, flags });
const padding = s('0x0', '0x0', 0, 0);

/** Only the fields issue 2 documents; extras are allowed in the output and ignored here. */
function documented(map: MapJson) {
  return {
    file: map.file,
    invocations: map.invocations.map((inv) => ({
      line: inv.line,
      machine: inv.machine,
      ramSize: inv.ramSize,
      e820: inv.e820.map((x) => e(x.start, x.length, x.type)),
      srat: inv.srat.map((x) => s(x.start, x.length, x.node, x.flags)),
      memoryDevices: inv.memoryDevices.map(({ id, type, start, length, node }) => ({ id, type, start, length, node })),
      deviceMemory: inv.deviceMemory && { start: inv.deviceMemory.start, length: inv.deviceMemory.length },
    })),
  };
}

function mapJson(file: string, extra: string[] = []): MapJson {
  const r = runCli(['map', '--json', ...extra, file]);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  return JSON.parse(r.stdout) as MapJson;
}

test('map --json, v8 example (pc, a pc-dimm between two spm-memory devices) equals the patched QEMU table', () => {
  const map = mapJson('examples/spm-v8-spm-memory.sh');
  assert.deepEqual(documented(map), {
    file: 'examples/spm-v8-spm-memory.sh',
    invocations: [
      {
        line: 15,
        machine: 'pc',
        ramSize: '0x100000000',
        e820: [
          e('0xfd00000000', '0x300000000', RESERVED),
          e('0x0', '0xc0000000', RAM),
          e('0x100000000', '0x40000000', RAM),
          e('0x2c0000000', '0x80000000', SOFT_RESERVED),
          e('0x140000000', '0x100000000', SOFT_RESERVED),
        ],
        srat: [
          s('0x0', '0xa0000', 0, ENABLED),
          s('0x100000', '0xbff00000', 0, ENABLED),
          s('0x100000000', '0x40000000', 0, ENABLED),
          padding,
          padding,
          padding,
          s('0x140000000', '0x100000000', 2, ENABLED),
          s('0x240000000', '0x80000000', 3, ENABLED | HOTPLUGGABLE),
          s('0x2c0000000', '0x80000000', 3, ENABLED),
          s('0x340000000', '0x400000000', 3, ENABLED | HOTPLUGGABLE),
        ],
        memoryDevices: [
          { id: 'spm0', type: 'spm-memory', start: '0x140000000', length: '0x100000000', node: 2 },
          { id: 'dimm0', type: 'dimm', start: '0x240000000', length: '0x80000000', node: 1 },
          { id: 'spm1', type: 'spm-memory', start: '0x2c0000000', length: '0x80000000', node: 3 },
        ],
        // Base: above-4G RAM ends at 0x140000000 (1 GiB aligned); size: maxmem - RAM (20 GiB)
        // + 1 GiB per slot (4): the last SRAT chunk ends at 0x740000000.
        deviceMemory: { start: '0x140000000', length: '0x600000000' },
      },
    ],
  });
  // Each memory device carries the line of its -device option (an extra the editor uses).
  const devices = map.invocations[0].memoryDevices as unknown as { line: number }[];
  assert.deepEqual(
    devices.map((d) => d.line),
    [24, 26, 28],
  );
});

test('map --json, pc-dimm example equals what QEMU 7.2 builds', () => {
  assert.deepEqual(documented(mapJson('examples/pc-dimm-hotplug.sh')), {
    file: 'examples/pc-dimm-hotplug.sh',
    invocations: [
      {
        line: 33,
        machine: 'q35',
        ramSize: '0x100000000',
        e820: [
          e('0xfd00000000', '0x300000000', RESERVED),
          e('0x0', '0x80000000', RAM),
          e('0x100000000', '0x80000000', RAM),
        ],
        srat: [
          s('0x0', '0xa0000', 0, ENABLED),
          s('0x100000', '0x7ff00000', 0, ENABLED),
          s('0x100000000', '0x80000000', 1, ENABLED),
          padding,
          s('0x180000000', '0x800000000', 1, ENABLED | HOTPLUGGABLE),
        ],
        memoryDevices: [
          { id: 'dimm0', type: 'dimm', start: '0x180000000', length: '0x80000000', node: 0 },
          { id: 'dimm1', type: 'dimm', start: '0x300000000', length: '0x100000000', node: 1 },
        ],
        deviceMemory: { start: '0x180000000', length: '0x800000000' }, // etc/reserved-memory-end 0x980000000
      },
    ],
  });
});

const V7_ABOVE_4G = `#!/bin/sh
qemu-system-x86_64 \\
  -machine q35 \\
  -m 6G \\
  -object memory-backend-ram,id=m0,size=2G \\
  -object memory-backend-ram,id=m1,size=4G \\
  -numa node,nodeid=0,memdev=m0 \\
  -numa node,nodeid=1,memdev=m1,memmap-type=spm
`;

test('map --json, v7 SPM node entirely above 4 GiB equals the patched QEMU table', () => {
  const t = tempFiles({ 'v7.sh': V7_ABOVE_4G });
  try {
    const map = documented(mapJson(t.path('v7.sh')));
    assert.deepEqual(map.invocations, [
      {
        line: 2,
        machine: 'q35',
        ramSize: '0x180000000',
        e820: [
          e('0xfd00000000', '0x300000000', RESERVED),
          e('0x0', '0x80000000', RAM),
          e('0x100000000', '0x100000000', SOFT_RESERVED),
        ],
        srat: [
          s('0x0', '0xa0000', 0, ENABLED),
          s('0x100000', '0x7ff00000', 0, ENABLED),
          s('0x100000000', '0x100000000', 1, ENABLED),
          padding,
        ],
        memoryDevices: [],
        deviceMemory: null,
      },
    ]);
  } finally {
    t.cleanup();
  }
});

test('map --json with several files prints an array, one object per file in order', () => {
  const r = runCli(['map', '--json', 'examples/spm-v8-spm-memory.sh', 'examples/pc-dimm-hotplug.sh']);
  assert.equal(r.status, 0);
  const maps = JSON.parse(r.stdout) as MapJson[];
  assert.deepEqual(
    maps.map((m) => m.file),
    ['examples/spm-v8-spm-memory.sh', 'examples/pc-dimm-hotplug.sh'],
  );
});

test('map (text) shows the tables with hex as QEMU prints it', () => {
  const r = runCli(['map', 'examples/spm-v8-spm-memory.sh']);
  assert.equal(r.status, 0);
  const out = r.stdout;
  assert.match(out, /^examples\/spm-v8-spm-memory\.sh:15: machine pc, RAM 0x100000000 \(4 GiB\)$/m);
  assert.match(out, /below 4G 0x0 \+0xc0000000 \(3 GiB\), above 4G 0x100000000 \+0x40000000 \(1 GiB\)/);
  assert.match(out, /Device memory: 0x140000000 - 0x740000000 \(24 GiB\)/);
  // E820 rows in QEMU's order, the SOFT_RESERVED type in hex.
  const e820 = out.slice(out.indexOf('E820'), out.indexOf('SRAT'));
  const rows = e820
    .split('\n')
    .filter((l) => /^\s+0x/.test(l))
    .map((l) => l.trim().split(/\s{2,}/));
  assert.deepEqual(rows, [
    ['0xfd00000000', '0x300000000', '12 GiB', '2 RESERVED'],
    ['0x0', '0xc0000000', '3 GiB', '1 RAM'],
    ['0x100000000', '0x40000000', '1 GiB', '1 RAM'],
    ['0x2c0000000', '0x80000000', '2 GiB', '0xefffffff SOFT_RESERVED'],
    ['0x140000000', '0x100000000', '4 GiB', '0xefffffff SOFT_RESERVED'],
  ]);
  assert.match(out, /0x0 +0x0 +0 B +0 +0 \(padding\)/);
  assert.match(out, /0x240000000 +0x80000000 +2 GiB +3 +ENABLED\|HOTPLUGGABLE/);
  assert.match(out, /spm1 +spm-memory +0x2c0000000 +0x80000000 +2 GiB +3 +28/);
});

test('map of a script without QEMU says so and exits 0', () => {
  const t = tempFiles({ 'none.sh': '#!/bin/sh\necho hello\n' });
  try {
    const r = runCli(['map', t.path('none.sh')]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout.trim(), `${t.path('none.sh')}: no QEMU invocation found`);
  } finally {
    t.cleanup();
  }
});

test('refused line: map text and JSON say QEMU would refuse it, with the first error', () => {
  // Line 2 asks for memory slots without maxmem (QEMU: "slots specified but no max-size") and,
  // later on the line, for a DIMM on a NUMA node that does not exist.
  const script =
    '#!/bin/sh\n' +
    'qemu-system-x86_64 -m 2G,slots=2 -object memory-backend-ram,id=d,size=1G -device pc-dimm,memdev=d,node=3\n' +
    'qemu-system-x86_64 -m 2G\n';
  const t = tempFiles({ 'refused.sh': script });
  try {
    const json = runCli(['map', '--json', t.path('refused.sh')]);
    assert.equal(json.status, 0, json.stderr);
    // One file: one FileMapJson object (several files: an array of them).
    const map = JSON.parse(json.stdout) as {
      invocations: { refused: { code: string; message: string; line: number } | null }[];
    };
    assert.deepEqual(map.invocations[0].refused, {
      code: 'QL-mem-003',
      message: 'slots specified but no max-size',
      line: 2,
    });
    assert.equal(map.invocations[1].refused, null, 'an accepted line is not refused');

    const text = runCli(['map', t.path('refused.sh')]);
    assert.equal(text.status, 0, text.stderr);
    const [first, second] = text.stdout.split(/\n(?=\S)/);
    assert.match(
      first,
      /REFUSED: QEMU would refuse this command line: .*refused\.sh:2: QL-mem-003 slots specified but no max-size \(and \d+ more errors?: see /,
    );
    assert.match(first, /not what a guest gets/);
    assert.doesNotMatch(second, /REFUSED/);
  } finally {
    t.cleanup();
  }
});
