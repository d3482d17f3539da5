#!/usr/bin/env node
// Writes server/src/analysis/schema/machines-<version>.json: the x86_64 machine types one real QEMU
// lists (`-machine help`), with aliases, the default and the deprecated ones. One file per QEMU release
// the version setting models (docs/qemu-versions.md); the rest of the schema (options, devices,
// properties) comes from tools/gen-schema.mjs.
//   node tools/gen-machines.mjs [--qemu BIN]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const qemu = argv.includes('--qemu') ? argv[argv.indexOf('--qemu') + 1] : 'qemu-system-x86_64';
const banner = execFileSync(qemu, ['--version'], { encoding: 'utf8' }).split('\n')[0];
const version = /version (\d+\.\d+)/.exec(banner)[1];
const help = execFileSync(qemu, ['-machine', 'help'], { encoding: 'utf8' });
const machines = [];
for (const line of help.split('\n').slice(1)) {
  const m = /^(\S+)\s+(.*)$/.exec(line);
  if (!m) continue;
  const entry = { name: m[1] };
  const alias = /\(alias of (\S+)\)/.exec(m[2]);
  if (alias) {
    // "pc  Standard PC ... (alias of pc-i440fx-10.0)": the alias is recorded on its target.
    machines.push({ alias: m[1], of: alias[1] });
    continue;
  }
  entry.isDefault = m[2].includes('(default)');
  entry.deprecated = m[2].includes('(deprecated)');
  machines.push(entry);
}
const list = machines.filter((m) => m.name);
for (const a of machines.filter((m) => m.alias)) {
  const target = list.find((m) => m.name === a.of);
  if (target) target.alias = a.alias;
}
const out = `server/src/analysis/schema/machines-${version}.json`;
writeFileSync(
  out,
  JSON.stringify({ qemu: banner, generatedBy: 'tools/gen-machines.mjs', machines: list }, null, 2) + '\n',
);
console.log(`${list.length} machine types -> ${out}`);
