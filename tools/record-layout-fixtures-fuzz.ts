// Random differential run: random pc/q35 command lines (NUMA, DIMMs/NVDIMMs with and without
// addr=, slots, max-ram-below-4g, vendors, phys-bits, RAM up to 2 TiB, pci-hole64-size) go
// through the real QEMU (tools/record-layout-fixtures.py --one) and through analyze(); any
// difference is printed with its command line — add it to CASES in record-layout-fixtures.py.
// Where QEMU refuses a line, its message must be a layout problem or a checks diagnostic.
//
// Either judge: --qemu BIN runs that binary (e.g. QEMU 10.0.2 in .qemu/10.0/) and the analysis
// takes the model of the version BIN prints, unless --qemu-version says which.
//
// usage: node --import tsx tools/record-layout-fixtures-fuzz.ts [--qemu BIN] [--qemu-version V] [seed] [count]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { analyze, initShellParser } from '../server/src/analysis/index';
import { defaultSettings, type QemuVersion } from '../server/src/analysis/types';
import { modelFor } from '../server/src/verify/versions';

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : argv.splice(i, 2)[1];
};
const qemuBin = flag('--qemu') ?? 'qemu-system-x86_64';
const versionLine = spawnSync(qemuBin, ['--version'], { encoding: 'utf8' }).stdout ?? '';
const qemuVersion = (flag('--qemu-version') ??
  modelFor(/version (\d+\.\d+\.\d+)/.exec(versionLine)?.[1] ?? '')) as QemuVersion;
const settings = { ...defaultSettings, qemuVersion };
const seed = Number(argv[0] ?? 1);
const count = Number(argv[1] ?? 100);
let state = seed >>> 0 || 1;
const rnd = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];

function smallLine(): string[] {
  let machine = pick(['pc', 'q35', 'pc-q35-7.0', 'pc-i440fx-6.2']);
  if (rnd() < 0.3) machine += `,max-ram-below-4g=${pick([512, 1024, 1536, 2048, 3072, 3584, 4096])}M`;
  const nvdimm = rnd() < 0.2;
  if (nvdimm) machine += ',nvdimm=on';
  const args = ['-machine', machine];
  if (rnd() < 0.4) args.push('-cpu', 'qemu64,vendor=GenuineIntel');
  const nodes = pick([0, 0, 1, 2, 3, 4]);
  const sizes: number[] = Array.from({ length: nodes }, () => pick([0, 256, 512, 1024, 1536, 2048, 3072, 4096]));
  if (nodes && Math.max(...sizes) === 0) sizes[0] = 1024;
  const ram = nodes
    ? sizes.reduce((a, b) => a + b, 0)
    : pick([128, 512, 1024, 2048, 2816, 3072, 3584, 4096, 6144, 8192]);
  const slots = pick([0, 0, 1, 2, 4]);
  const extra = pick([0, 0, 1, 2, 4, 8]) * 1024;
  let mem = `${ram}M`;
  if (extra || slots) {
    const maxmem = ram + Math.max(extra, 1024);
    mem += slots === 0 && rnd() < 0.5 ? `,maxmem=${maxmem}M` : `,slots=${Math.max(slots, 1)},maxmem=${maxmem}M`;
  }
  args.push('-m', mem);
  sizes.forEach((s, i) => {
    if (s) args.push('-object', `memory-backend-ram,id=m${i},size=${s}M`);
    args.push('-numa', `node,nodeid=${i}` + (s ? `,memdev=m${i}` : ''));
  });
  const devices = pick([0, 0, 1, 2, 3]);
  for (let j = 0; j < devices; j++) {
    args.push('-object', `memory-backend-ram,id=d${j},size=${pick([128, 256, 512, 1024, 2048])}M`);
    let dev = `${nvdimm && rnd() < 0.5 ? 'nvdimm' : 'pc-dimm'},id=dev${j},memdev=d${j}`;
    if (nodes && rnd() < 0.5) dev += `,node=${Math.floor(rnd() * nodes)}`;
    if (rnd() < 0.3) dev += `,addr=0x${(BigInt(pick([4, 5, 6, 7, 8, 9, 10, 12])) << 30n).toString(16)}`;
    args.push('-device', dev);
  }
  return args;
}

function bigLine(): string[] {
  const family = pick(['pc', 'q35', 'pc-q35-7.0', 'pc-i440fx-7.1']);
  const ram = pick([64, 256, 900, 960, 980, 990, 1000, 1010, 1020, 1030, 1100, 2000]);
  const args = [
    '-machine',
    `${family},memory-backend=r`,
    '-object',
    `memory-backend-ram,id=r,size=${ram}G,reserve=off`,
  ];
  let cpu = 'qemu64';
  if (rnd() < 0.4) cpu += ',vendor=GenuineIntel';
  const physBits = pick([0, 0, 40, 42, 44, 48]);
  if (physBits) cpu += `,phys-bits=${physBits}`;
  args.push('-cpu', cpu);
  let mem = `${ram}G`;
  if (rnd() < 0.4) mem += `,slots=${pick([1, 2, 8])},maxmem=${ram + pick([1, 16, 64, 200])}G`;
  args.push('-m', mem);
  if (rnd() < 0.3)
    args.push(
      '-global',
      `${family.includes('q35') ? 'q35-pcihost' : 'i440FX-pcihost'}.pci-hole64-size=${pick([1, 2, 64, 200])}G`,
    );
  return args;
}

const h = (n: bigint) => '0x' + n.toString(16);

async function main() {
  await initShellParser();
  let mismatches = 0;
  for (let i = 0; i < count; i++) {
    const args = rnd() < 0.7 ? smallLine() : bigLine();
    const p = spawnSync(
      'python3',
      [join(__dirname, 'record-layout-fixtures.py'), '--qemu', qemuBin, '--one', '--', ...args],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    const qemu = JSON.parse(p.stdout);
    const inv = analyze('qemu-system-x86_64 ' + args.join(' ') + '\n', settings).invocations[0];
    const layout = inv.layout;
    const errors = layout.problems.filter((x) => x.severity !== 'warning').map((x) => x.message);
    if (qemu.error) {
      const diags = inv.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
      if (!errors.includes(qemu.error) && !diags.some((m) => m.includes(qemu.error) || qemu.error.includes(m))) {
        mismatches++;
        console.log(
          `error differs: ${args.join(' ')}\n  qemu:   ${qemu.error}\n  layout: ${JSON.stringify(errors)}\n  checks: ${JSON.stringify(diags.slice(0, 3))}`,
        );
      }
      continue;
    }
    const ours = JSON.stringify({
      e820: layout.e820.map((e) => ({ start: h(e.start), length: h(e.length), type: e.type })),
      srat: layout.srat.map((e) => ({ start: h(e.start), length: h(e.length), node: e.node, flags: e.flags })),
      devices: layout.memoryDevices.map((d) => [d.id, h(d.start), h(d.length), d.node]),
    });
    const theirs = JSON.stringify({
      e820: qemu.e820,
      srat: qemu.srat,
      devices: qemu.memoryDevices.map((d: { id: string; start: string; length: string; node: number }) => [
        d.id,
        d.start,
        d.length,
        d.node,
      ]),
    });
    if (ours !== theirs || errors.length) {
      mismatches++;
      console.log(`map differs: ${args.join(' ')}\n  ours:   ${ours} ${JSON.stringify(errors)}\n  theirs: ${theirs}`);
    }
  }
  console.log(`${qemuBin} (model ${qemuVersion}), seed ${seed}: ${count} lines, ${mismatches} differences`);
  process.exitCode = mismatches ? 1 : 0;
}

void main();
