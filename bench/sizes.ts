// What users download and load: bundle and wasm sizes, the .vsix, and how long the client
// bundle takes to load.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SizeFigures {
  files: { name: string; bytes: number }[];
  vsixBytes?: number;
  vsixNote?: string;
  extensionLoadMs?: number;
}

function listDist(dir: string, prefix = ''): { name: string; bytes: number }[] {
  const out: { name: string; bytes: number }[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listDist(path, `${prefix}${name}/`));
    else if (!name.endsWith('.map')) out.push({ name: `dist/${prefix}${name}`, bytes: statSync(path).size });
  }
  return out;
}

export function benchSizes(root: string): SizeFigures {
  const figures: SizeFigures = { files: listDist(join(root, 'dist')) };
  const tmp = mkdtempSync(join(tmpdir(), 'qemu-launch-vsix-'));
  const vsix = join(tmp, 'qemu-launch.vsix');
  if (existsSync(join(root, 'tools/package-vsix.mjs'))) {
    const r = spawnSync(process.execPath, [join(root, 'tools/package-vsix.mjs'), '--out', vsix], {
      cwd: root,
      encoding: 'utf8',
    });
    if (r.status === 0 && existsSync(vsix)) figures.vsixBytes = statSync(vsix).size;
    else figures.vsixNote = `packaging failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}`;
  } else figures.vsixNote = 'tools/package-vsix.mjs not present';

  // Load time of the client bundle with the `vscode` module stubbed: what activation costs
  // before the language server is spawned (VS Code itself is not available here).
  const extension = join(root, 'dist/extension.js');
  if (existsSync(extension)) {
    const probe = join(tmp, 'load.js');
    writeFileSync(
      probe,
      `const Module = require('module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'vscode') return new Proxy({}, { get: (_, k) => k === '__esModule' ? false : new Proxy(function () {}, { get: () => ({}) }) });
  return load.call(this, request, ...rest);
};
const t = performance.now();
require(${JSON.stringify(extension)});
process.stdout.write(String(performance.now() - t));`,
    );
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = spawnSync(process.execPath, [probe], { encoding: 'utf8' });
      if (r.status === 0) times.push(Number(r.stdout));
    }
    if (times.length) figures.extensionLoadMs = times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  }
  return figures;
}
