// Packs the already built extension (run `npm run build` first; `npm run package` does both)
// into a .vsix with @vscode/vsce, then checks what went in: only the files VS Code loads, the
// two bundles present, and the whole under MAX_BYTES. Works offline: everything the extension
// needs at run time is bundled into dist/, so vsce never consults npm (--no-dependencies).
//   node tools/package-vsix.mjs [--out PATH]      (default: qemu-launch-<version>.vsix)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_BYTES = 3 * 1024 * 1024;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const out = resolve(outArg > 0 ? process.argv[outArg + 1] : join(root, `${manifest.name}-${manifest.version}.vsix`));

/** Paths allowed inside the package (relative to the extension root). */
const ALLOWED = [
  /^dist\//,
  /^syntaxes\//,
  /^images\//,
  /^media\//,
  /^language-configuration[^/]*\.json$/,
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE(\.txt|\.md)?$/,
];
const REQUIRED = [
  'dist/extension.js',
  'dist/server.js',
  'dist/main.js',
  'package.json',
  'images/icon.png',
  'README.md',
  'CHANGELOG.md',
];

function fail(message) {
  console.error(`package-vsix: ${message}`);
  process.exit(1);
}

// vsce runs in a staging copy: package.json's `files` is the npm package's whitelist, and vsce
// refuses a manifest with `files` next to a .vscodeignore. The copy has the manifest without
// `files` (and without scripts or devDependencies, which the extension does not use), the
// .vscodeignore, and docs/marketplace.md as its README.
const stage = mkdtempSync(join(tmpdir(), 'qemu-launch-vsix-'));
process.on('exit', () => rmSync(stage, { recursive: true, force: true }));
{
  const { files: _npmFiles, scripts: _scripts, devDependencies: _dev, ...vsixManifest } = manifest;
  writeFileSync(join(stage, 'package.json'), JSON.stringify(vsixManifest, null, 2) + '\n');
  for (const path of ['dist', 'syntaxes', 'images', '.vscodeignore', 'LICENSE', 'CHANGELOG.md']) {
    if (existsSync(join(root, path))) cpSync(join(root, path), join(stage, path), { recursive: true });
  }
  for (const path of ['language-configuration.json', 'media']) {
    if (existsSync(join(root, path))) cpSync(join(root, path), join(stage, path), { recursive: true });
  }
  cpSync(join(root, 'docs', 'marketplace.md'), join(stage, 'README.md'));
}

function vsce(args) {
  const bin = join(root, 'node_modules', '.bin', 'vsce');
  if (!existsSync(bin)) fail('@vscode/vsce is not installed; run `npm ci` first');
  // stdin closed: vsce asks y/N questions when something is missing; in CI that must fail, not hang.
  const r = spawnSync(bin, args, { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) fail(`vsce ${args[0]} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

for (const file of REQUIRED) {
  if (!existsSync(join(stage, file))) fail(`${file} is missing; run \`npm run build\` first`);
}

// The Marketplace page is docs/marketplace.md (the map beside a script on its first screen), not
// the repository's README. Its relative links are relative to docs/, so they are rewritten to
// the repository's docs/ folder (a Marketplace page needs absolute https URLs for images).
const common = ['--no-dependencies'];
const files = vsce(['ls', ...common])
  .split('\n')
  .map((l) => l.trim())
  .filter(Boolean);
const stray = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
if (stray.length) fail(`files that do not belong in the .vsix (fix .vscodeignore):\n  ${stray.join('\n  ')}`);
const missing = REQUIRED.filter((f) => !files.includes(f));
if (missing.length) fail(`.vscodeignore leaves out required files: ${missing.join(', ')}`);
for (const field of ['icon', 'repository', 'keywords', 'categories', 'galleryBanner']) {
  if (!manifest[field]) fail(`package.json has no ${field} (the Marketplace shows it)`);
}
const repo = (manifest.repository.url ?? manifest.repository).replace(/^git\+/, '').replace(/\.git$/, '');
mkdirSync(dirname(out), { recursive: true });
vsce([
  'package',
  ...common,
  '--baseContentUrl',
  `${repo}/blob/HEAD/docs`,
  '--baseImagesUrl',
  `${repo}/raw/HEAD/docs`,
  '--out',
  out,
]);
const size = statSync(out).size;
console.log(`package-vsix: ${out} — ${files.length} files, ${(size / 1024).toFixed(0)} KiB`);
if (size > MAX_BYTES) fail(`${out} is ${size} bytes, over the ${MAX_BYTES}-byte budget`);
