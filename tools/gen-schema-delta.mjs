#!/usr/bin/env node
// Writes what a newer QEMU defines differently from the checked-in (7.2) schema, as a small delta:
// the options (whole -help entries for the added ones), -device models, -object types and their
// properties that the newer binary added, removed or changed (type or default), the -numa members
// (NumaNodeOptions, NumaCpuOptions, ... from query-qmp-schema), the QemuOpts lists' parameters
// (query-command-line-options: -smp, -m, ...) and the pc/q35 machine properties likewise, and the value classes
// (tools/probe-value-classes.mjs) the newer binary has that 7.2 lacks or answers differently, so that
// a property keeps the setter verdicts of its own release. Both inputs are tools/gen-schema.mjs output,
// so every fact is still what a real QEMU said; schema/index.ts applies the delta for the releases
// that have it (docs/qemu-versions.md). One entry per line, so a regeneration reads as a review.
//
//   node tools/gen-schema.mjs --qemu .qemu/10.0/root/usr/bin/qemu-system-x86_64 --out /tmp/x/qemu-10.0.json
//   node tools/gen-schema-delta.mjs --to /tmp/x/qemu-10.0.json \
//     [--from server/src/analysis/schema/qemu-x86_64.json] [--out server/src/analysis/schema/qemu-10.0-delta.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const byName = (list) => new Map((list ?? []).map((p) => [p.name, p]));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const sorted = (names) => [...names].sort();

/** Added (whole entries), removed (names) and changed (the newer entry) properties of one type. */
function propsDelta(fromList, toList) {
  const a = byName(fromList);
  const b = byName(toList);
  const d = {};
  const added = [...b.values()].filter((p) => !a.has(p.name));
  const removed = [...a.keys()].filter((n) => !b.has(n));
  // A change is one of type or default: a reworded description is not a difference a check reads.
  const changed = [...b.values()].filter(
    (p) => a.has(p.name) && (a.get(p.name).type !== p.type || !same(a.get(p.name).default, p.default)),
  );
  if (added.length) d.added = added;
  if (removed.length) d.removed = removed;
  if (changed.length) d.changed = changed;
  return Object.keys(d).length ? d : undefined;
}

/** Types (devices or objects) added, removed, and with changed properties. */
function typesDelta(from, to) {
  const added = {};
  const props = {};
  for (const name of sorted(Object.keys(to))) {
    if (!(name in from)) added[name] = to[name];
    else if (from[name].properties && to[name].properties) {
      const d = propsDelta(from[name].properties, to[name].properties);
      if (d) props[name] = d;
    }
  }
  const removed = sorted(Object.keys(from).filter((n) => !(n in to)));
  return { added, removed, props };
}

/** Member lists by name (-numa types, QemuOpts lists, machine families): added, removed and changed
 *  members; a list only the newer binary has is all added, one it dropped is all removed. */
function listsDelta(from, to) {
  const out = {};
  for (const name of sorted(new Set([...Object.keys(from), ...Object.keys(to)]))) {
    const d = propsDelta(from[name] ?? [], to[name] ?? []);
    if (d) out[name] = d;
  }
  return out;
}

const classKey = (c) => `${c.type}\0${c.description}`;

/** Value classes of the newer binary that are new, or whose recorded verdicts differ from 7.2's. */
function valueClassesDelta(from = [], to = []) {
  const a = new Map(from.map((c) => [classKey(c), c]));
  return to
    .filter((c) => {
      const old = a.get(classKey(c));
      return !old || !same(old.keyval, c.keyval) || !same(old.json, c.json);
    })
    .sort((x, y) => (classKey(x) < classKey(y) ? -1 : classKey(x) > classKey(y) ? 1 : 0));
}

export function schemaDelta(from, to) {
  const fromOpts = byName(from.options);
  const toOpts = byName(to.options);
  return {
    from: from.qemuVersion,
    to: to.qemuVersion,
    generatedBy: 'tools/gen-schema-delta.mjs',
    options: {
      added: Object.fromEntries(
        sorted([...toOpts.keys()].filter((n) => !fromOpts.has(n))).map((n) => [n, toOpts.get(n)]),
      ),
      removed: sorted([...fromOpts.keys()].filter((n) => !toOpts.has(n))),
    },
    devices: typesDelta(from.devices, to.devices),
    objects: typesDelta(from.objects, to.objects),
    numa: listsDelta(from.numa.members, to.numa.members),
    qemuopts: listsDelta(from.qemuopts, to.qemuopts),
    machineProps: listsDelta(from.machineProps, to.machineProps),
    valueClasses: valueClassesDelta(from.valueClasses, to.valueClasses),
  };
}

/** JSON with every type, property list, option and value class on one line. */
export function formatDelta(delta) {
  const rows = (list) => (list.length ? `[\n${list.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]` : '[]');
  const section = (v, indent = '    ') => {
    const rows = Object.entries(v).map(([k, x]) => `${indent}  ${JSON.stringify(k)}: ${JSON.stringify(x)}`);
    return rows.length ? `{\n${rows.join(',\n')}\n${indent}}` : '{}';
  };
  const types = (t) =>
    `{\n    "added": ${section(t.added)},\n    "removed": ${JSON.stringify(t.removed)},\n    "props": ${section(t.props)}\n  }`;
  return (
    `{\n  "from": ${JSON.stringify(delta.from)},\n  "to": ${JSON.stringify(delta.to)},\n` +
    `  "generatedBy": ${JSON.stringify(delta.generatedBy)},\n` +
    `  "options": {\n    "added": ${section(delta.options.added)},\n` +
    `    "removed": ${JSON.stringify(delta.options.removed)}\n  },\n` +
    `  "devices": ${types(delta.devices)},\n  "objects": ${types(delta.objects)},\n` +
    `  "numa": ${section(delta.numa, '  ')},\n` +
    `  "qemuopts": ${section(delta.qemuopts, '  ')},\n` +
    `  "machineProps": ${section(delta.machineProps, '  ')},\n` +
    `  "valueClasses": ${rows(delta.valueClasses)}\n}\n`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const argOf = (name, dflt) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : dflt;
  };
  const to = argOf('--to');
  if (!to) {
    console.error('usage: gen-schema-delta.mjs --to NEWER.json [--from BASE.json] [--out DELTA.json]');
    process.exit(2);
  }
  const from = argOf('--from', 'server/src/analysis/schema/qemu-x86_64.json');
  const out = argOf('--out', 'server/src/analysis/schema/qemu-10.0-delta.json');
  const delta = schemaDelta(JSON.parse(readFileSync(from, 'utf8')), JSON.parse(readFileSync(to, 'utf8')));
  writeFileSync(out, formatDelta(delta));
  console.error(`gen-schema-delta: ${delta.from} → ${delta.to} written to ${out}`);
}
