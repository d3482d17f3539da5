// Loads a CommonJS bundle (dist/main.js, 1.1 MB) with a V8 code cache, so a later start skips
// most of compiling it. Node 20 has no module.enableCompileCache; this is what it does, by hand:
// compile with vm.Script and the cached data, and once the program has run a while, write
// createCachedData() (which then also holds the functions compiled lazily since) for the next start.
//
// The cache is only a speed-up and must never break a start:
// - one file per (bundle content, Node/V8 version, architecture, command-line flags): V8 rejects
//   data from another V8 (VS Code's Electron vs the system's Node) or other flags, and checks
//   only the source's length, so the key holds a hash of the whole source;
// - each file starts with the SHA-256 of its data: a truncated or damaged file is not handed to V8;
// - anything missing, unreadable, damaged or rejected means compiling as `require` would.
import { createHash } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { Script } from 'node:vm';

/**
 * What became of the cache at load: `accepted` (V8 used it), `rejected` (V8 refused it: another
 * V8 or flags), `damaged` (checksum mismatch, not given to V8), `none` (no file yet), `off` (no
 * cache directory), `unsupported` (reading or compiling failed: loaded the plain way).
 */
export type CodeCacheStatus = 'accepted' | 'rejected' | 'damaged' | 'none' | 'off' | 'unsupported';

export interface CachedLoad<T> {
  exports: T;
  status: CodeCacheStatus;
  /** The cache file this load reads and writes (undefined when off or unsupported). */
  file?: string;
  /** Writes the cache for the next start unless this start used one; never throws. Whether it wrote. */
  save(): boolean;
}

/** Files kept per bundle (dist/lsp.js, dist/main.js): a few bundle versions × the Node builds that run them. */
const KEEP = 4;
const CHECKSUM_BYTES = 32;
const SUFFIX = '.v8cache';
/**
 * Bytes of the bundle read at a time (below glibc's 128 KB mmap threshold and V8's large-object
 * limit: a reused malloc block, young-generation strings, as long as they are one-byte strings:
 * esbuild writes the bundles in ASCII).
 */
const CHUNK = 64 * 1024;
/** Node's CommonJS wrapper (what Module.wrap puts around a source), split where the source goes. */
const [WRAP_HEAD, WRAP_TAIL] = Module.wrap('\0').split('\0');

/**
 * The per-user cache directory: QEMU_LAUNCH_CODE_CACHE when set (`off` disables the cache),
 * else the platform's user cache directory. Never a shared directory such as /tmp: V8 trusts
 * what it deserialises, so only the user may write there.
 */
export function codeCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: () => string = homedir,
): string | undefined {
  const chosen = env.QEMU_LAUNCH_CODE_CACHE;
  if (chosen === 'off') return undefined;
  if (chosen) return chosen;
  if (platform === 'win32') return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'qemu-launch', 'Cache') : undefined;
  let base: string;
  try {
    base = home();
  } catch {
    return undefined;
  }
  if (!base) return undefined;
  if (platform === 'darwin') return join(base, 'Library', 'Caches', 'qemu-launch');
  return join(env.XDG_CACHE_HOME || join(base, '.cache'), 'qemu-launch');
}

/** `require(file)` of a CommonJS file, compiled with a code cache from `dir` when there is one. */
export function requireWithCodeCache<T>(file: string, dir: string | undefined): CachedLoad<T> {
  // The bundle must not use import(): code from vm.Script has no module loader for it (and once
  // it comes from a cache, not even with importModuleDynamically); esbuild.mjs turns it into require().
  if (!dir) return plain(file, 'off');
  let script: Script;
  let status: CodeCacheStatus;
  let cacheFile: string;
  try {
    const wrapped = readWrapped(file);
    cacheFile = join(dir, `${basename(file, '.js')}-${wrapped.key}${SUFFIX}`);
    const read = readCache(cacheFile);
    const cachedData = typeof read === 'string' ? undefined : read;
    script = new Script(wrapped.source, { filename: file, cachedData });
    status = typeof read === 'string' ? read : script.cachedDataRejected ? 'rejected' : 'accepted';
  } catch {
    return plain(file, 'unsupported');
  }
  // Run as Node runs a CommonJS file, and registered like one so a later require() shares it.
  const m = new Module(file, module);
  m.filename = file;
  require.cache[file] = m;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(m.exports, createRequire(file), m, file, dirname(file));
  m.loaded = true;
  return {
    exports: m.exports as T,
    status,
    file: cacheFile,
    save: () => status !== 'accepted' && writeCache(cacheFile, script),
  };
}

function plain<T>(file: string, status: CodeCacheStatus): CachedLoad<T> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the fallback is exactly require
  return { exports: require(file) as T, status, save: () => false };
}

/**
 * The bundle as the source V8 compiles (inside Node's CommonJS wrapper) and its cache key: a hash
 * of everything V8 checks and of the file itself (V8 compares only the source's length). Read a
 * chunk at a time, each chunk hashed as read and decoded into a young-generation piece, so the
 * only copy of the whole 1.1 MB is the one string V8 makes flat to compile. Read whole with
 * readFileSync(file, 'utf8'), wrapped with Module.wrap and hashed as a string, the bundle was
 * copied four times (the file's bytes, their string, that string encoded again for the hash, the
 * wrapped string made flat), each a fresh mapping the kernel fills page by page (BENCHMARKS.md,
 * round 7).
 */
function readWrapped(file: string): { source: string; key: string } {
  const hash = createHash('sha256').update(
    `${process.version}\0${process.versions.v8}\0${process.arch}\0${process.execArgv.join(' ')}\0`,
  );
  const decoder = new StringDecoder('utf8');
  const chunk = Buffer.allocUnsafeSlow(CHUNK);
  let source = WRAP_HEAD;
  const fd = openSync(file, 'r');
  try {
    for (let n: number; (n = readSync(fd, chunk, 0, CHUNK, null)) > 0;) {
      const bytes = chunk.subarray(0, n);
      hash.update(bytes);
      source += decoder.write(bytes);
    }
  } finally {
    closeSync(fd);
  }
  source += decoder.end() + WRAP_TAIL;
  return { source, key: hash.digest('hex').slice(0, 32) };
}

/** The cached data, or why there is none. */
function readCache(file: string): Buffer | 'none' | 'damaged' {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return 'none';
  }
  const data = raw.subarray(CHECKSUM_BYTES);
  const sum = createHash('sha256').update(data).digest();
  return raw.length > CHECKSUM_BYTES && sum.equals(raw.subarray(0, CHECKSUM_BYTES)) ? data : 'damaged';
}

function writeCache(file: string, script: Script): boolean {
  const dir = dirname(file);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const data = script.createCachedData();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(temporary, Buffer.concat([createHash('sha256').update(data).digest(), data]), { mode: 0o600 });
    // Atomic: a server starting meanwhile reads the old file, none or the new one, never half of one.
    renameSync(temporary, file);
    prune(dir, basename(file).slice(0, basename(file).lastIndexOf('-') + 1));
    return true;
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // left for the next prune: a leftover .tmp is never read
    }
    return false;
  }
}

/**
 * Keeps the newest few cache files of one bundle (`prefix`: its name and a dash): each bundle
 * version and Node build leaves one, and one bundle's versions never push out another's cache.
 */
function prune(dir: string, prefix: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith(SUFFIX))
    .map((f) => ({ path: join(dir, f), mtime: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of files.slice(KEEP)) rmSync(old.path, { force: true });
}
