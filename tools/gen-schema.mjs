#!/usr/bin/env node
// Generates server/src/analysis/schema/qemu-x86_64.json from a real QEMU binary, so that every
// option name, type, property, default and help text the checker knows is what QEMU itself says.
// Nothing in the output is typed by hand: each fact comes from `-help`, `-device help`, a QMP
// query, or QEMU's own error message for a probe command line (see probeArgTaking/probeIntType).
//
//   node tools/gen-schema.mjs [--qemu /usr/bin/qemu-system-x86_64] [--out FILE]
//
// Needs only the QEMU binary (Debian: apt-get install qemu-system-x86). Runs QEMU with
// `-S -display none -machine none` so no guest ever executes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { probeValueClasses } from './probe-value-classes.mjs';

const argv = process.argv.slice(2);
const argOf = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
// Absolute: QEMU runs with cwd set to a scratch dir, so a relative --qemu (.qemu/10.0/...) must not be
// resolved against it.
const QEMU = resolve(argOf('--qemu', '/usr/bin/qemu-system-x86_64'));
// A QEMU unpacked beside the system's (tools/install-qemu10.sh --modules) must load its own modules,
// not the system's from /usr/lib (10.0.2 then aborts in qom-list-types): they are in its tree.
const ownModules = resolve(dirname(QEMU), '../lib/x86_64-linux-gnu/qemu');
if (!process.env.QEMU_MODULE_DIR && QEMU !== '/usr/bin/qemu-system-x86_64' && existsSync(ownModules))
  process.env.QEMU_MODULE_DIR = ownModules;
const OUT = argOf('--out', 'server/src/analysis/schema/qemu-x86_64.json');
const work = mkdtempSync(join(tmpdir(), 'gen-schema-'));
const SAFE = ['-S', '-display', 'none', '-nodefaults', '-machine', 'none'];

function run(args, timeoutMs = 4000) {
  // cwd is a scratch dir: a probe such as `-pidfile X` must not write into the repository.
  const r = spawnSync(QEMU, args, { cwd: work, encoding: 'utf8', timeout: timeoutMs, input: '' });
  return { out: (r.stdout ?? '') + (r.stderr ?? ''), status: r.status };
}

function runAsync(args, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const p = spawn(QEMU, args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('close', (status) => {
      clearTimeout(timer);
      resolve({ out, status });
    });
  });
}

async function pool(items, n, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}

// ───────────────────────── option table (-help) ─────────────────────────

/**
 * `-help` prints "-name ARG" padded to 16 columns then the text; an option without argument
 * has only blanks before column 16 (or a name that is itself 16+ columns, then blanks).
 */
function parseHelp(text) {
  const options = new Map();
  let current = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('-')) {
      const m = /^(-{1,2})([A-Za-z0-9_][A-Za-z0-9_-]*)(.*)$/.exec(line);
      if (!m) continue;
      const [, , name, rest] = m;
      const names = [name];
      let usage = rest;
      // "-h or -help", "-fda/-fdb file": two spellings of one kind of option.
      const alt = /^(?: or -|\/-)([A-Za-z0-9_-]+)(.*)$/.exec(rest);
      if (alt) {
        names.push(alt[1]);
        usage = alt[2];
      }
      const head = line.slice(0, 16);
      const nameEnd = line.length - usage.length;
      const argInHead = /\S/.test(line.slice(nameEnd, Math.max(nameEnd, 16)));
      const oneSpaceArg = /^ \S/.test(usage);
      const takesArg = argInHead || oneSpaceArg;
      let syntaxLine = line.trim();
      let help = '';
      if (line.length > 16 && head.length === 16 && /\s\s/.test(line.slice(0, 17)) && !/^ \S/.test(usage)) {
        // Usage and text on one line.
        help = line.slice(16).trim();
        syntaxLine = line.slice(0, 16).trim();
      } else if (nameEnd >= 16 && /^\s{2,}\S/.test(usage)) {
        help = usage.trim();
        syntaxLine = line.slice(0, nameEnd).trim();
      } else if (/\S\s{2,}\S/.test(line.slice(nameEnd))) {
        const s = line.slice(nameEnd).trim();
        const k = s.search(/\s{2,}/);
        syntaxLine = line.slice(0, nameEnd) + ' ' + s.slice(0, k);
        help = s.slice(k).trim();
      }
      for (const n of names) {
        let o = options.get(n);
        if (!o) {
          o = { name: n, takesArg, usage: [], help: '' };
          options.set(n, o);
        }
        o.usage.push(syntaxLine.replace(/^-{1,2}[A-Za-z0-9_-]+(?:(?: or -|\/-)[A-Za-z0-9_-]+)?/, `-${n}`).trim());
        if (help && !o.help) o.help = help;
        current = o;
      }
    } else if (current && /^\s+\S/.test(line) && !current.help) {
      current.help = line.trim();
    } else if (!/^\s/.test(line)) {
      current = null;
    }
  }
  return options;
}

/**
 * QEMU's own option lookup decides, in its first pass over argv (vl.c lookup_opt), before it
 * acts on anything: in `-X -zz-a -zz-b`, "-X: invalid option" means X does not exist,
 * "-zz-a: invalid option" means X took no argument, "-zz-b: invalid option" means X took
 * -zz-a as its argument. QEMU always exits there, so a probe never runs (or daemonizes) a VM.
 */
async function probeArgTaking(name) {
  const r = await runAsync([...SAFE, `-${name}`, '-zz-probe-a', '-zz-probe-b']);
  if (r.out.includes(`-${name}: invalid option`)) return 'unknown';
  if (r.out.includes('-zz-probe-a: invalid option')) return 'flag';
  if (r.out.includes('-zz-probe-b: invalid option')) return 'arg';
  throw new Error(`probe of -${name} gave no verdict: ${r.out.trim().slice(0, 200)}`);
}

// ───────────────────────────────── QMP ─────────────────────────────────

class Qmp {
  static async start() {
    const sock = join(work, `qmp${(Qmp.count = (Qmp.count ?? 0) + 1)}.sock`);
    const proc = spawn(QEMU, [...SAFE, '-qmp', `unix:${sock},server=on,wait=off`], { cwd: work, stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        const conn = await new Promise((resolve, reject) => {
          const c = createConnection(sock);
          c.once('connect', () => resolve(c));
          c.once('error', reject);
        });
        const q = new Qmp(proc, conn);
        await q.greeting;
        await q.cmd('qmp_capabilities');
        return q;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    proc.kill('SIGKILL');
    throw new Error('QMP did not come up');
  }

  constructor(proc, conn) {
    this.proc = proc;
    this.conn = conn;
    this.buf = '';
    this.waiting = [];
    this.greeting = new Promise((resolve) => (this.onGreeting = resolve));
    conn.setEncoding('utf8');
    conn.on('data', (d) => {
      this.buf += d;
      let nl;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, nl).trim();
        this.buf = this.buf.slice(nl + 1);
        if (!line) continue;
        const msg = JSON.parse(line);
        if (msg.QMP) this.onGreeting(msg);
        else if ('return' in msg || 'error' in msg) this.waiting.shift()?.(msg);
      }
    });
    conn.on('close', () => {
      this.closed = true;
      for (const w of this.waiting.splice(0)) w({ error: { desc: 'connection closed' } });
    });
  }

  cmd(execute, args) {
    if (this.closed) return Promise.resolve({ error: { desc: 'connection closed' } });
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.conn.write(JSON.stringify(args ? { execute, arguments: args } : { execute }) + '\n');
    });
  }

  async ok(execute, args) {
    const r = await this.cmd(execute, args);
    if (r.error) throw new Error(`${execute}: ${r.error.desc}`);
    return r.return;
  }

  quit() {
    this.conn.destroy();
    this.proc.kill('SIGKILL');
  }
}

function prop(p, descKey = 'description') {
  const o = { name: p.name, type: p.type };
  if (p[descKey]) o.description = p[descKey];
  if (p['default-value'] !== undefined) o.default = p['default-value'];
  return o;
}

const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** `-device help`: the device's description and bus as QEMU prints them. */
function parseDeviceHelp(text) {
  const map = new Map();
  let category = '';
  for (const line of text.split('\n')) {
    const cat = /^(\S.*) devices:$/.exec(line);
    if (cat) category = cat[1];
    const m = /^name "([^"]+)"(?:, bus ([^,]+))?(?:, alias "([^"]+)")?(?:, desc "(.*)")?(, no-user)?$/.exec(line);
    if (m) map.set(m[1], { category, bus: m[2], alias: m[3], desc: m[4], noUser: !!m[5] });
  }
  return map;
}

// ──────────────────────── query-qmp-schema walking ─────────────────────

function schemaIndex(entries) {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const typeOf = (name) => byName.get(name);
  /** Flatten an introspected type to {name,type,optional,values?,members?} rows. */
  function describe(typeName) {
    const t = typeOf(typeName);
    if (!t) return { type: typeName };
    switch (t['meta-type']) {
      case 'builtin':
        return { type: t['json-type'] === 'string' ? 'str' : t['json-type'] };
      case 'enum':
        return { type: 'enum', values: t.members ? t.members.map((m) => m.name) : t.values };
      case 'array':
        return { type: 'list', element: describe(t['element-type']) };
      case 'alternate':
        return { type: 'alternate', members: t.members.map((m) => describe(m.type)) };
      default:
        return { type: t['meta-type'] };
    }
  }
  function members(typeName) {
    const t = typeOf(typeName);
    return (t?.members ?? []).map((m) => ({ name: m.name, optional: m.default === null, ...describe(m.type) }));
  }
  function variants(typeName) {
    const t = typeOf(typeName);
    const out = {};
    for (const v of t?.variants ?? []) out[v.case] = members(v.type);
    return { tag: t?.tag, base: members(typeName), variants: out };
  }
  function command(name) {
    return typeOf(name);
  }
  return { members, variants, command, describe };
}

/**
 * The introspected schema collapses every integer type to "int". QEMU's parser names the real
 * one when handed a non-number: "expects a size value", "expects a uint64 value", ...
 */
async function probeIntType(type, members, key) {
  // Members are visited in order and a missing mandatory one is reported first: give each
  // earlier mandatory member a plausible value so the parser reaches `key`.
  const before = [];
  for (const m of members) {
    if (m.name === key) break;
    if (!m.optional) before.push(`${m.name}=${m.values ? m.values[0] : '0'}`);
  }
  const probe = async (value) => {
    const arg = [type, ...before, `${key}=${value}`].join(',');
    const r = await runAsync(['-S', '-display', 'none', '-nodefaults', '-machine', 'pc', '-numa', arg]);
    return /Parameter '[^']+' expects (?:an? )?(.+?)(?: value)?$/m.exec(r.out)?.[1];
  };
  const kind = await probe('x');
  if (kind !== 'uint64' && kind !== 'uint64 value or range') return kind;
  // The visitor reads every unsigned member as uint64 and then range-checks it:
  // "expects uint16_t" names the real width.
  const narrow = await probe('18446744073709551615');
  const w = narrow && /^(uint\d+)_t$/.exec(narrow);
  return w ? (kind === 'uint64' ? w[1] : `${w[1]} list`) : kind === 'uint64' ? kind : 'uint64 list';
}

// ─────────────────────────────── output ─────────────────────────────────

/**
 * JSON with one entry per line: objects and arrays open onto lines of their own until a value
 * holds no further object (a property row, an option, an enum's value list), which stays on one
 * line. Every list above is sorted, so regenerating from a new QEMU shows as a readable diff.
 */
function entryPerLine(value) {
  const flat = (v) =>
    v === null ||
    typeof v !== 'object' ||
    Object.values(v).every(
      (x) =>
        x === null ||
        typeof x !== 'object' ||
        (Array.isArray(x) && x.every((y) => y === null || typeof y !== 'object')),
    );
  const write = (v, indent) => {
    if (flat(v)) return JSON.stringify(v);
    const inner = indent + '  ';
    if (Array.isArray(v)) return `[\n${v.map((x) => inner + write(x, inner)).join(',\n')}\n${indent}]`;
    const rows = Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${inner}${JSON.stringify(k)}: ${write(x, inner)}`);
    return rows.length ? `{\n${rows.join(',\n')}\n${indent}}` : '{}';
  };
  return write(value, '') + '\n';
}

// ─────────────────────────────────── main ───────────────────────────────

async function main() {
  const version = /QEMU emulator version (\S+)/.exec(run(['-version']).out)?.[1];
  if (!version) throw new Error(`cannot run ${QEMU}`);

  // Option table.
  const help = parseHelp(run(['-help']).out);
  // Single-letter options hide in the table without help lines (-M, -s, -S ...): ask QEMU.
  const letters = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'];
  const candidates = [...new Set([...help.keys(), ...letters])];
  const kinds = await pool(candidates, 16, probeArgTaking);
  const options = [];
  candidates.forEach((name, i) => {
    if (kinds[i] === 'unknown') return;
    const h = help.get(name);
    options.push({ name, takesArg: kinds[i] === 'arg', usage: h?.usage ?? [], help: h?.help ?? '', documented: !!h });
  });
  options.sort(byName);

  let q = await Qmp.start();
  // Some types abort QEMU when merely introspected: start a fresh QEMU and go on without them.
  const tryCmd = async (execute, args) => {
    const r = await q.cmd(execute, args);
    if (r.error && q.closed) {
      q.proc.kill('SIGKILL');
      q = await Qmp.start();
    }
    return r;
  };
  try {
    const cmdline = await q.ok('query-command-line-options');
    const qemuopts = {};
    for (const o of cmdline) qemuopts[o.option] = o.parameters.map((p) => prop(p, 'help')).sort(byName);

    const machinesRaw = await q.ok('query-machines');
    const machines = machinesRaw
      .map((m) => ({
        name: m.name,
        alias: m.alias,
        isDefault: !!m['is-default'],
        deprecated: !!m.deprecated,
        numaMemSupported: !!m['numa-mem-supported'],
        cpuMax: m['cpu-max'],
        defaultCpuType: m['default-cpu-type'],
      }))
      .sort(byName);

    const machineProps = {};
    for (const m of machines.filter((x) => x.alias === 'pc' || x.alias === 'q35')) {
      const props = await q.ok('qom-list-properties', { typename: `${m.name}-machine` });
      machineProps[m.alias] = props.map((p) => prop(p)).sort(byName);
    }

    const deviceHelp = parseDeviceHelp(run(['-device', 'help']).out);
    const types = await q.ok('qom-list-types', { implements: 'device', abstract: false });
    const devices = {};
    for (const t of types.map((x) => x.name).sort()) {
      const h = deviceHelp.get(t);
      // Only what `-device help` lists can be given on the command line.
      if (!h) continue;
      // CPU models are -cpu values, not -device material; their ~200 feature flags each would
      // make the schema megabytes. Keep the names only.
      if (h.category === 'CPU') {
        devices[t] = { desc: h.desc, bus: h.bus, category: h.category, properties: null };
        continue;
      }
      const r = await tryCmd('device-list-properties', { typename: t });
      if (r.error) {
        devices[t] = { desc: h.desc, bus: h.bus, category: h.category, alias: h.alias, properties: null };
        continue;
      }
      devices[t] = {
        desc: h.desc,
        bus: h.bus,
        category: h.category,
        alias: h.alias,
        properties: r.return.map((p) => prop(p)).sort(byName),
      };
    }

    const schema = schemaIndex(await q.ok('query-qmp-schema'));
    const objectAdd = schema.command('object-add');
    const objectVariants = schema.variants(objectAdd['arg-type']);
    // The qom-type enum of object-add is exactly what -object accepts.
    const objTypes = objectVariants.base
      .find((m) => m.name === objectVariants.tag)
      .values.slice()
      .sort();
    const objects = {};
    for (const t of objTypes) {
      const r = await tryCmd('qom-list-properties', { typename: t });
      if (r.error) {
        console.error(`gen-schema: skipping -object ${t}: ${r.error.desc}`);
        continue;
      }
      const qapi = objectVariants.variants[t] ?? [];
      const qapiByName = new Map(qapi.map((m) => [m.name, m]));
      objects[t] = {
        properties: r.return
          .filter((p) => p.name !== 'type')
          .map((p) => {
            const o = prop(p);
            const m = qapiByName.get(p.name);
            if (m) {
              o.qapiType = m.type;
              o.optional = m.optional;
              if (m.values) o.values = m.values;
              if (m.element) o.element = m.element.type;
            }
            return o;
          })
          .sort(byName),
      };
    }

    // -numa: QAPI NumaOptions is the argument of set-numa-node.
    const numaCmd = schema.command('set-numa-node');
    const numaU = schema.variants(numaCmd['arg-type']);
    const numa = { types: Object.keys(numaU.variants).sort(), members: {} };
    for (const [type, ms] of Object.entries(numaU.variants)) {
      numa.members[type] = ms.map((m) => ({
        name: m.name,
        type: m.type,
        optional: m.optional,
        ...(m.values ? { values: m.values } : {}),
        ...(m.element ? { element: m.element.type } : {}),
      }));
    }
    q.quit();

    // What each device property setter takes, in keyval and JSON form (probe-value-classes.mjs).
    const valueClasses = await probeValueClasses(devices, runAsync, pool);

    // Integer kinds QEMU hides behind "int": ask its parser.
    const probes = [];
    for (const [type, ms] of Object.entries(numa.members))
      for (const m of ms)
        if (m.type === 'int' || (m.type === 'list' && m.element === 'int'))
          probes.push({ m, type, members: ms, key: m.name });
    for (const t of ['memory-backend-ram', 'memory-backend-file', 'memory-backend-memfd'])
      for (const p of objects[t]?.properties ?? [])
        if (p.type === 'int') probes.push({ m: p, type: t, key: p.name, object: true });
    await pool(probes, 8, async (pr) => {
      // Mandatory members go first so the visitor reaches the probed key.
      const required = pr.object
        ? objects[pr.type].properties.filter((p) => p.optional === false && p.name !== pr.key)
        : [];
      const fill = required.map(
        (p) => `${p.name}=${p.parsedAs === 'size' || p.name === 'size' ? '1M' : '/nonexistent'}`,
      );
      const args = pr.object
        ? [
            '-S',
            '-display',
            'none',
            '-nodefaults',
            '-machine',
            'none',
            '-object',
            [`${pr.type},id=probe`, ...fill, `${pr.key}=x`].join(','),
          ]
        : null;
      let kind;
      if (args) {
        const probe = async (value) => {
          const a = [...args];
          a[a.length - 1] = a[a.length - 1].replace(/=x$/, `=${value}`);
          const r = await runAsync(a);
          return /Parameter '[^']+' expects (?:an? )?(.+?)(?: value)?$/m.exec(r.out)?.[1];
        };
        kind = await probe('x');
        if (kind === 'uint64' || kind === 'uint64 value or range') {
          // As for -numa: the real width shows in the range error.
          const narrow = await probe('18446744073709551615');
          const w = narrow && /^(uint\d+)_t$/.exec(narrow);
          if (w) kind = kind === 'uint64' ? w[1] : `${w[1]} list`;
          else if (kind !== 'uint64') kind = 'uint64 list';
        }
      } else kind = await probeIntType(pr.type, pr.members, pr.key);
      if (kind) pr.m.parsedAs = kind;
    });

    const out = {
      qemuVersion: version,
      generatedBy: 'tools/gen-schema.mjs',
      binary: QEMU,
      options,
      qemuopts,
      machines,
      machineProps,
      devices,
      objects,
      numa,
      valueClasses,
    };
    writeFileSync(OUT, entryPerLine(out));
    console.log(
      `wrote ${OUT}: QEMU ${version}, ${options.length} options, ${machines.length} machines, ${Object.keys(devices).length} devices, ${Object.keys(objects).length} object types`,
    );
  } finally {
    q.proc.kill('SIGKILL');
  }
}

main()
  .catch((e) => {
    console.error(`gen-schema: ${e.message}`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
