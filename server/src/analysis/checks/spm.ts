// Specific Purpose Memory, every form, as the qemu-devel patch series define them:
//  v4 "[PATCH v4 0/1] numa: add 'spm' option for Specific Purpose Memory" (2025-12-09),
//  v7 "[PATCH v7 1/1] numa: add 'memmap-type' option for memory type configuration" (2026-03-06),
//  v8 "[PATCH v8 1/1] hw/mem: add spm-memory device for Specific Purpose Memory" (2026-05-27)
//  and its review, and the device QEMU 11.1 merged as sp-mem:
//  v4 `-numa node,spm=on` and v7 `-numa node,memmap-type=spm|reserved` — memdev required,
//  `reserved` has no SRAT entry, spm=on superseded by memmap-type, both superseded by the
//  device form (hint + migration fix);
//  v8 `-device spm-memory` / upstream `-device sp-mem` (QEMU 11.1, hw/mem/sp-mem.c as merged: no node
//  checks at all) — a node that mixes SPM with other memory is a warning that says why, not v8's error.
import type { Diagnostic, Edit, Fix, Prop } from '../types';
import type { CheckContext } from './context';
import { diag } from './diagnostic';
import type { Declarations, DeclaredDevice, DeclaredNode } from '../machine/machine';
import { nodeSize, SPM_DEVICE_DRIVERS } from '../machine/declarations';
import { deviceTotal } from './memoryFixes';
import { lastProp } from '../options/lookup';
import {
  insertOptionAfter,
  insertOptionBefore,
  insertProp,
  mergeInserts,
  removeProp,
  replaceValue,
  setProp,
  sizeArg,
} from './edits';
import { spmOnlyNodes } from './devices';
import { hasSpMem, qemuVersionOf } from '../versions';

export function checkSpm(ctx: CheckContext): Diagnostic[] {
  const f = ctx.machine.declared;
  const out: Diagnostic[] = [];
  for (const n of f.nodes) out.push(...checkNodeForm(ctx, f, n));
  for (const d of f.devices) if (SPM_DEVICE_DRIVERS.has(d.driver)) out.push(...checkDeviceForm(ctx, f, d));
  return out;
}

/** The device form the target has: sp-mem from QEMU 11.1 on, else the v8 patch's spm-memory. */
export function deviceName(ctx: CheckContext): string {
  return ctx.settings.spmForm === 'v8' || !hasSpMem(qemuVersionOf(ctx.settings)) ? 'spm-memory' : 'sp-mem';
}

function checkNodeForm(ctx: CheckContext, f: Declarations, n: DeclaredNode): Diagnostic[] {
  const s = n.spm;
  if (!s || s.type === 'normal') return [];
  const out: Diagnostic[] = [];
  const form = ctx.settings.spmForm;
  // A key the target QEMU does not have is refused as an unknown parameter (properties.ts):
  // only the way forward (the device form) is worth adding then.
  const exists = s.exists;
  const what = s.form === 'v4' ? 'spm=on' : `memmap-type=${s.type}`;
  if (!n.memdevProp && exists) {
    const used = new Set([...f.nodes, ...f.devices].map((x) => x.memdevProp?.value));
    const free = f.backends.find((b) => b.id !== undefined && !used.has(b.id));
    const e = free && insertProp(n.option, 'memdev', free.id!);
    out.push(
      diag('QL-spm-001', 'error', s.prop.valueSpan, `${what} requires memdev to be specified`, {
        fixes: [e && { title: `Add memdev=${free.id}`, edits: [e] }, newBackendFix(ctx, f, n)],
      }),
    );
    return out;
  }
  if (!n.memdevProp) return out;
  if (s.type === 'reserved') {
    if (!exists) return out;
    out.push(
      diag(
        'QL-spm-002',
        'information',
        s.prop.valueSpan,
        `memmap-type=reserved: node ${n.nodeid ?? '?'}'s memory becomes E820 RESERVED and gets no SRAT memory-affinity entry, so the guest cannot use it as RAM (v7 only; the device form dropped 'reserved')`,
      ),
    );
    return out;
  }
  if (form === 'v4' || form === 'none') return out; // the user targets v4 (spm=on is right) or a QEMU without SPM (unknown key, reported elsewhere)
  if (s.form === 'v4' && (form === 'auto' || form === 'v7')) {
    const e = { span: s.prop.span, newText: 'memmap-type=spm' };
    out.push(
      diag('QL-spm-003', 'information', s.prop.span, 'spm=on (SPM v4) was replaced by memmap-type=spm (v7) in review', {
        fixes: [
          s.prop.flag || s.prop.unknown
            ? undefined
            : { title: 'Replace spm=on by memmap-type=spm', edits: [e], preferred: true },
        ],
        tags: ['deprecated'],
      }),
    );
  }
  if (form === 'auto' || form === 'v8' || form === 'upstream') {
    const dev = deviceName(ctx);
    const note =
      form === 'auto' && dev === 'sp-mem'
        ? ' (sp-mem is the name merged in QEMU 11.1; the v8 patch called it spm-memory)'
        : '';
    out.push(
      diag(
        'QL-spm-004',
        'hint',
        s.prop.span,
        `${what} on a NUMA node was superseded by the SPM memory device: -numa node,nodeid=${n.nodeid ?? 'N'} plus -device ${dev},memdev=${n.memdevProp.value},node=${n.nodeid ?? 'N'}${note}`,
        { fixes: [migrationFix(ctx, f, n, s.prop, dev)] },
      ),
    );
  }
  return out;
}

/** A new RAM backend for the node, sized to what the RAM size still lacks (the sum rule). */
function newBackendFix(ctx: CheckContext, f: Declarations, n: DeclaredNode): Fix | undefined {
  const c = ctx.machine.memory;
  const others = f.nodes.filter((o) => o !== n).map((o) => nodeSize(f, o));
  if (c.unknown || others.some((x) => x === undefined)) return undefined;
  const rest = c.ram - others.reduce((a, x) => a! + x!, 0n)!;
  if (rest <= 0n) return undefined;
  let id = `spm-node${n.nodeid ?? ''}`;
  while (f.objectIds.has(id)) id += '_';
  const add = insertProp(n.option, 'memdev', id);
  if (!add) return undefined;
  return {
    title: `Add memdev=${id} with a new -object memory-backend-ram,id=${id},size=${sizeArg(rest)}`,
    edits: [insertOptionBefore(ctx, n.option, `-object memory-backend-ram,id=${id},size=${sizeArg(rest)}`), add],
  };
}

/**
 * -numa node,memdev=X,memmap-type=spm → -numa node + -device sp-mem,memdev=X,node=N, with -m
 * shrunk by the node's memory and maxmem large enough for the device memory it now needs.
 */
export function migrationFix(
  ctx: CheckContext,
  f: Declarations,
  n: DeclaredNode,
  spmProp: Prop,
  dev: string,
): Fix | undefined {
  const c = ctx.machine.memory;
  const size = nodeSize(f, n);
  const total = deviceTotal(ctx);
  if (
    n.nodeid === undefined ||
    size === undefined ||
    total === undefined ||
    c.unknown ||
    !c.option ||
    !c.sizeProp ||
    !n.memdevProp
  )
    return undefined;
  const newRam = c.ram - size;
  if (newRam <= 0n) return undefined;
  const maxmem = c.maxmem !== undefined && c.maxmem > c.ram + total ? c.maxmem : c.ram + total;
  const edits: (Edit | undefined)[] = [removeProp(n.option, n.memdevProp), removeProp(n.option, spmProp)];
  const ids = new Set(ctx.machine.declared.deviceOptions.map((o) => lastProp(o, 'id')?.value));
  let id = `spm${n.nodeid}`;
  while (ids.has(id)) id += '_';
  edits.push(insertOptionAfter(ctx, n.option, `-device ${dev},id=${id},memdev=${n.memdevProp.value},node=${n.nodeid}`));
  edits.push(replaceValue(c.sizeProp, sizeArg(newRam)));
  edits.push(setProp(c.option, c.maxmemProp, 'maxmem', sizeArg(maxmem)));
  if (edits.some((e) => !e)) return undefined;
  return {
    title: `Migrate node ${n.nodeid} to -device ${dev} (-m ${sizeArg(newRam)}, maxmem=${sizeArg(maxmem)})`,
    edits: mergeInserts(edits as Edit[]),
  };
}

function checkDeviceForm(ctx: CheckContext, f: Declarations, d: DeclaredDevice): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (
    d.driver === 'spm-memory' &&
    ctx.settings.spmForm === 'auto' &&
    hasSpMem(qemuVersionOf(ctx.settings)) &&
    !d.driverProp.unknown &&
    d.driverProp.json === undefined
  ) {
    out.push(
      diag(
        'QL-spm-005',
        'hint',
        d.driverProp.valueSpan,
        "spm-memory is the v8 patch's name for the device QEMU 11.1 merged as sp-mem (same memdev/node/addr properties)",
        {
          fixes: [{ title: 'Rename to sp-mem', edits: [{ span: d.driverProp.valueSpan, newText: 'sp-mem' }] }],
        },
      ),
    );
  }
  if (d.node === undefined || f.nodes.some((n) => n.nodeid === undefined)) return out;
  const node = f.nodes.find((n) => n.nodeid === d.node);
  if (!node) return out; // out of range: devices.ts
  const nodeSpan = d.nodeProp ? d.nodeProp.valueSpan : d.driverProp.valueSpan;
  const boot = nodeSize(f, node);
  const others = f.devices.filter((o) => o !== d && o.node === d.node && o.driver !== 'virtio-pmem-pci');
  if ((boot === undefined || boot === 0n) && others.length === 0) return out;
  const v8 = ctx.settings.spmForm === 'v8';
  const mixedWith =
    boot !== undefined && boot > 0n
      ? {
          span: (node.memdevProp ?? node.memProp)!.valueSpan,
          message: `node ${d.node} also gets boot RAM here`,
          v8: `spm-memory: NUMA node ${d.node} already has memory attached via -numa node,memdev=; SPM nodes must be SPM-only`,
        }
      : {
          span: others[0].driverProp.valueSpan,
          message: `${others[0].driver}${others[0].id ? ` '${others[0].id}'` : ''} is on node ${d.node} too`,
          v8: `spm-memory: NUMA node ${d.node} already has another memory device plugged; SPM nodes must be SPM-only`,
        };
  const message =
    `NUMA node ${d.node} mixes Specific Purpose Memory with other memory: guest drivers find their SPM range by its proximity domain, so a node that also holds ordinary memory makes it ambiguous which memory belongs to the driver` +
    (v8 ? `. The v8 patch refuses this ("${mixedWith.v8}"); the review dropped that check for v9/sp-mem` : '');
  const free = spmOnlyNodes(f, d).filter((x) => x !== d.node);
  const fixes: (Fix | undefined)[] = [];
  if (free.length) {
    const e = setProp(d.option, d.nodeProp, 'node', String(free[0]));
    fixes.push(e && { title: `Move the device to SPM-only node ${free[0]}`, edits: [e] });
  } else {
    const next = f.nodes.length;
    const e = setProp(d.option, d.nodeProp, 'node', String(next));
    fixes.push(
      e && {
        title: `Put the device on a new node ${next}`,
        edits: [insertOptionBefore(ctx, d.option, `-numa node,nodeid=${next}`), e],
      },
    );
  }
  out.push(
    diag('QL-spm-010', 'warning', nodeSpan, message, {
      related: [{ span: mixedWith.span, message: mixedWith.message }],
      fixes,
    }),
  );
  return out;
}

/** spm-memory's vmstate is unmigratable (v8 patch), and so is sp-mem's (hw/mem/sp-mem.c, last revision:
 *  vmstate_sp_mem .unmigratable = 1), so an incoming migration cannot carry it. */
export function checkSpmMigration(ctx: CheckContext): Diagnostic[] {
  const incoming = ctx.machine.declared.incoming;
  if (!incoming) return [];
  return ctx.machine.declared.devices
    .filter((d) => SPM_DEVICE_DRIVERS.has(d.driver))
    .map((d) =>
      diag(
        'QL-spm-011',
        'warning',
        d.driverProp.valueSpan,
        `${d.driver} is not migratable (boot-time-only device with an unmigratable vmstate); -incoming cannot restore it`,
        {
          related: [{ span: incoming.nameSpan, message: 'incoming migration requested here' }],
        },
      ),
    );
}
