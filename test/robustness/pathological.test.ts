// Pathological documents: each is analysed, and every language feature asked about it, inside a
// worker thread with a heap limit and a generous watchdog. The watchdog only catches a hang (or
// an exponential blow-up) — it is not a performance assertion. QEMU's own limits must come out
// as diagnostics (MAX_NODES: "Max number of NUMA nodes reached: 128", QEMU 7.2 verified).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { resolve } from 'node:path';
import type { WorkerResult } from './featuresWorker';

const WORKER = resolve('test/robustness/featuresWorker.ts');
/** Far beyond any sane analysis time: only an endless loop gets here. */
const HANG_MS = 180_000;
const Q = 'qemu-system-x86_64';

function run(text: string): Promise<WorkerResult> {
  return new Promise((done, fail) => {
    // Node 20 refuses a .ts file as a worker entry: a JS stub registers tsx first.
    const stub = `require('tsx/cjs'); require(${JSON.stringify(WORKER)});`;
    const worker = new Worker(stub, {
      eval: true,
      workerData: { text },
      resourceLimits: { maxOldGenerationSizeMb: 3072 },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      fail(new Error(`no answer after ${HANG_MS / 1000} s: the analysis hangs`));
    }, HANG_MS);
    worker.once('message', (r: WorkerResult) => {
      clearTimeout(timer);
      void worker.terminate();
      done(r);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) fail(new Error(`worker exited with ${code} (out of memory?)`));
    });
  });
}

function repeat(n: number, f: (i: number) => string, sep = ' '): string {
  return Array.from({ length: n }, (_, i) => f(i)).join(sep);
}

const MAX_NODES = 'Max number of NUMA nodes reached: 128';

const CASES: [string, () => string, (r: WorkerResult) => void][] = [
  [
    '10,000 -numa node options',
    () => `${Q} -m 1G ${repeat(10_000, () => '-numa node')}\n`,
    (r) => assert.ok(r.byCode['QL-numa-002']?.includes(MAX_NODES)),
  ],
  [
    '10,000 -numa options on continuation lines',
    () => `${Q} -m 1G \\\n  ${repeat(10_000, (i) => `-numa node,nodeid=${i}`, ' \\\n  ')}\n`,
    (r) => assert.ok(r.byCode['QL-numa-002']?.includes(MAX_NODES)),
  ],
  [
    '10,000 -numa dist options',
    () => `${Q} -m 1G -numa node -numa node ${repeat(10_000, (i) => `-numa dist,src=0,dst=1,val=${10 + (i % 240)}`)}\n`,
    () => {},
  ],
  [
    '129 nodes (MAX_NODES is 128)',
    () => `${Q} -m 1G ${repeat(129, () => '-numa node')}\n`,
    (r) => assert.deepEqual(r.byCode['QL-numa-002'], [MAX_NODES]),
  ],
  [
    'nodeid=128',
    () => `${Q} -m 1G -numa node,nodeid=128\n`,
    (r) => assert.deepEqual(r.byCode['QL-numa-002'], [MAX_NODES]),
  ],
  [
    '200,000 escaped commas',
    () => `${Q} -name a${',,'.repeat(200_000)} -object memory-backend-ram,id=m,size=1G,x=${',,'.repeat(100_000)}\n`,
    () => {},
  ],
  [
    'a thousand-property -device',
    () =>
      `${Q} -m 1G,slots=2,maxmem=2G -object memory-backend-ram,id=d,size=1G -device pc-dimm,memdev=d,${repeat(1000, (i) => `p${i}=${i}`, ',')}\n`,
    (r) => assert.ok(r.byCode['QL-opt-004'] || Object.keys(r.byCode).length > 0),
  ],
  [
    'cyclic variables',
    () => `A=$B\nB=$A\nC=\${C:-$C}\n${Q} -m $A -name "$B$C"\n`,
    (r) => assert.equal(r.invocations, 1),
  ],
  [
    'a string doubled 64 times',
    () => `A=x\n${'A=$A$A\n'.repeat(64)}${Q} -name "$A" -m 1G\n`,
    (r) => assert.equal(r.invocations, 1),
  ],
  [
    'an array doubled 40 times',
    () => `A=(-m)\n${'A=("${A[@]}" "${A[@]}")\n'.repeat(40)}${Q} "\${A[@]}" 1G\n`,
    (r) => assert.equal(r.invocations, 1),
  ],
  ['a function calling itself', () => `f() { f; ${Q} -m 1G; }\nf\n`, () => {}],
  ['a single 1 MB line', () => `${Q} ${'-m 1G '.repeat(1_000_000 / 6)}\n`, (r) => assert.equal(r.invocations, 1)],
  [
    'a 10 MB document',
    () => `${repeat(2000, (i) => `# ${'padding '.repeat(600)}\n${Q} -m ${1 + (i % 8)}G -smp 2`, '\n')}\n`,
    (r) => assert.equal(r.invocations, 2000),
  ],
  ['NUL bytes', () => `${Q}\u0000 -m\u00001G -object memory-backend-ram,id=m\u0000,size=1G\u0000\n`, () => {}],
  [
    'random bytes',
    () =>
      Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919 + (i >> 3) * 104729) & 0xff)).toString('latin1'),
    () => {},
  ],
  [
    'invalid UTF-8 read as UTF-8',
    () =>
      Buffer.from(Array.from({ length: 50_000 }, (_, i) => 0x80 | ((i * 31) & 0x7f))).toString('utf8') +
      `\n${Q} -m 1G\n`,
    (r) => assert.equal(r.invocations, 1),
  ],
  ['lone surrogates', () => `${Q} -name \ud800x\udc00 -object memory-backend-ram,id=\udbff,size=1G\n`, () => {}],
  ['unterminated quotes', () => `${Q} -m "1G -object 'memory-backend-ram,id=m\n-numa node,memdev="m\n`, () => {}],
  ['a backslash at EOF', () => `${Q} -m 1G -object memory-backend-ram,id=m,size=1G \\`, () => {}],
  [
    'mixed CRLF, LF and CR',
    () => `A=1G\r\n${Q} \\\r\n  -m $A \\\n  -object memory-backend-ram,id=m0,size=1G \\\r  -numa node,memdev=m0\r\n`,
    () => {},
  ],
  [
    'emoji and CJK ids',
    () =>
      `${Q} -m 2G \\\n  -object memory-backend-ram,id=内存😀,size=1G \\\n  -object memory-backend-ram,id=메모리,size=1G \\\n  -numa node,nodeid=0,memdev=内存😀 \\\n  -numa node,nodeid=1,memdev=메모리\n`,
    (r) => assert.ok(r.byCode['QL-opt-025'], 'QEMU refuses ids that are not identifiers'),
  ],
  // maxcpus QEMU refuses, but that the CPU-slot walks once tried to walk: a hang, then out of memory.
  [
    'maxcpus=4000000000 with -numa cpu',
    () => `${Q} -m 1G -smp maxcpus=4000000000 -numa node -numa cpu,node-id=0,socket-id=1\n`,
    () => {},
  ],
  [
    'maxcpus=4000000000 with -numa node,cpus=0',
    () => `${Q} -m 1G -smp 1,maxcpus=4000000000 -numa node,cpus=0\n`,
    () => {},
  ],
  [
    'cpus=99999999999999999999',
    () => `${Q} -m 1G -numa node,cpus=99999999999999999999 -numa node,cpus=0-99999999999999999999\n`,
    () => {},
  ],
  ['50,000 nested $(', () => `${'$('.repeat(50_000)}${Q}${')'.repeat(50_000)}\n`, () => {}],
  ['20,000 heredocs', () => repeat(20_000, (i) => `cat <<E${i}\n${Q} -m 1G\nE${i}`, '\n') + '\n', () => {}],
];

// Each case has its own worker: a few at a time keeps the file short without starving the machine.
describe('pathological documents', { concurrency: 3 }, () => {
  for (const [name, make, check] of CASES) {
    test(`survives ${name}`, { timeout: HANG_MS + 30_000 }, async () => {
      const r = await run(make());
      check(r);
    });
  }
});
