// Nothing the user wrote is run, and nothing but the document itself is read: analysing (and
// asking every feature about) scripts full of `source`, command substitutions, eval and
// redirections touches neither the file system nor child processes. The file-system and
// process functions are wrapped for the duration and every call is recorded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import cp from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, initShellParser } from '../../server/src/analysis/index';
import { completion } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { codeActions } from '../../server/src/features/codeActions';
import { documentSymbols } from '../../server/src/features/symbols';
import { inlayHints } from '../../server/src/features/inlayHints';
import { addressMap } from '../../server/src/features/addressMap';

const dir = mkdtempSync(join(tmpdir(), 'qemu-launch-security-'));
const marker = join(dir, 'ran');
const sourced = join(dir, 'vars.sh');

before(async () => {
  await initShellParser();
  // A file a script sources: if the analysis read it, MEM would resolve to 8G.
  writeFileSync(sourced, 'MEM=8G\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

const SCRIPT = [
  '#!/bin/bash',
  `source ${sourced}`,
  `. ${sourced}`,
  `eval "touch ${marker}"`,
  `X=$(touch ${marker}; echo 4G)`,
  `Y=\`touch ${marker}\``,
  `exec 3>${marker}`,
  `trap 'touch ${marker}' EXIT`,
  `qemu-system-x86_64 -m "$MEM" -name "$(touch ${marker})" -smp $(nproc) -object memory-backend-file,id=f,size=1G,mem-path=${marker} \\`,
  `  -numa node,memdev=f > ${marker} 2>&1 < ${sourced}`,
  '',
].join('\n');

const FS = [
  'readFileSync',
  'readFile',
  'openSync',
  'open',
  'statSync',
  'stat',
  'lstatSync',
  'existsSync',
  'readdirSync',
  'readdir',
  'writeFileSync',
  'writeFile',
  'createReadStream',
  'createWriteStream',
  'accessSync',
  'access',
] as const;
const CP = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;

test('analysis and features read no file and start no process, whatever the script says', () => {
  const calls: string[] = [];
  const saved: [Record<string, unknown>, string, unknown][] = [];
  const wrap = (mod: Record<string, unknown>, name: string, label: string) => {
    const original = mod[name];
    if (typeof original !== 'function') return;
    saved.push([mod, name, original]);
    mod[name] = function (this: unknown, ...args: unknown[]) {
      calls.push(`${label}.${name}(${String(args[0])})`);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  };
  for (const n of FS) wrap(fs, n, 'fs');
  for (const n of ['readFile', 'open', 'stat', 'readdir', 'writeFile', 'access']) wrap(fs.promises, n, 'fs.promises');
  for (const n of CP) wrap(cp, n, 'child_process');
  let a;
  try {
    a = analyze(SCRIPT);
    const whole = { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } };
    codeActions(a, 'file:///s.sh', whole);
    documentSymbols(a);
    inlayHints(a, whole);
    for (let line = 0; line < 11; line++) {
      for (const character of [0, 10, 30, 60]) {
        completion(a, { line, character });
        hover(a, { line, character });
        addressMap(a, { line, character });
      }
    }
  } finally {
    for (const [mod, name, original] of saved) mod[name] = original;
  }
  assert.deepEqual(calls, []);
  assert.ok(!existsSync(marker), 'no command of the script ran');
  // `source` is not followed: MEM stays unknown instead of becoming the sourced file's 8G.
  const m = a.invocations[0].options.find((o) => o.name === 'm');
  assert.ok(m?.unknown || m?.props.some((p) => p.unknown), '-m "$MEM" is unresolved');
  assert.notEqual(a.invocations[0].machine.ramSize, 8n << 30n);
});

test('the manifest says so: limited in untrusted workspaces, the QEMU path machine-scoped, verify trusted-only', () => {
  interface Manifest {
    capabilities: {
      untrustedWorkspaces: { supported: unknown; restrictedConfigurations: string[]; description: string };
    };
    contributes: {
      configuration: { properties: Record<string, { scope?: string; default?: unknown }> };
      commands: { command: string; enablement?: string }[];
      menus: Record<string, { command: string; when?: string }[]>;
    };
  }
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
  const u = manifest.capabilities.untrustedWorkspaces;
  // Analysis runs anywhere; only verify, which runs the program qemuPath names, is restricted.
  assert.equal(u.supported, 'limited');
  assert.deepEqual(u.restrictedConfigurations, ['qemuLaunch.qemuPath']);
  assert.match(u.description, /runs nothing/);
  const props = manifest.contributes.configuration.properties;
  assert.equal(props['qemuLaunch.qemuPath'].scope, 'machine');
  assert.equal(props['qemuLaunch.qemuPath'].default, 'qemu-system-x86_64');
  assert.equal(props['qemuLaunch.verify.timeout'].scope, 'machine');
  const verify = manifest.contributes.commands.find((c) => c.command === 'qemuLaunch.verify');
  assert.equal(verify?.enablement, 'isWorkspaceTrusted');
  const entries = Object.values(manifest.contributes.menus)
    .flat()
    .filter((m) => m.command === 'qemuLaunch.verify');
  assert.ok(entries.length >= 2);
  for (const m of entries) assert.match(m.when ?? '', /isWorkspaceTrusted/);
});
