// Memory device rules that do not need the address map (hw/mem/memory-device.c, hw/mem/pc-dimm.c, hw/i386/pc.c): memdev
// missing or naming nothing, node out of range, nvdimm=on, ACPI, duplicate device ids.
// Placement (slots, capacity, addr, conflicts) comes from the layout (layoutProblems.ts).
import type { Diagnostic, Fix, Prop, QemuVersion } from '../types';
import type { CheckContext } from './context';
import { diag } from './diagnostic';
import type { DeclaredDevice, Declarations } from '../machine/machine';
import { deviceSize, nodeSize, SPM_DEVICE_DRIVERS } from '../machine/declarations';
import { insertOptionBefore, insertProp, removeProp, replaceValue, setProp, sizeArg } from './edits';
import { lastProp } from '../options/lookup';
import { missingPciBuses } from '../machine/buses';
import { boolValue, sizeValue } from '../options/values';
import { is72 } from '../versions';

const GiB = 1n << 30n;

export function checkDevices(ctx: CheckContext): Diagnostic[] {
  const f = ctx.machine.declared;
  const out: Diagnostic[] = [];
  for (const d of f.devices) {
    out.push(...checkMemdev(ctx, f, d));
    out.push(...checkNode(ctx, f, d));
    out.push(...checkKindSpecific(ctx, f, d));
  }
  out.push(...checkMachineSupport(ctx, f));
  out.push(...checkDuplicateDeviceIds(ctx));
  out.push(...checkBuses(ctx, f));
  return out;
}

/** qdev_device_add: "Bus 'X' not found" for a PCI bus no earlier device provides (machine/buses.ts). */
function checkBuses(ctx: CheckContext, f: Declarations): Diagnostic[] {
  if (f.mayHideOptions) return [];
  return missingPciBuses(f.deviceOptions, ctx.machine.family).map((m) =>
    diag('QL-device-012', 'error', m.prop.valueSpan, `Bus '${m.prop.value}' not found`),
  );
}

/** Number of NUMA nodes QEMU ends up with: -numa node count, or 1 when it enables NUMA itself (auto_enable_numa_with_memhp). */
export function nodeCount(ctx: CheckContext, f: Declarations): number {
  if (f.nodes.length) return f.nodes.length;
  const c = ctx.machine.memory;
  const autoNuma = (c.slots !== undefined && c.slots > 0n) || (c.maxmem !== undefined && c.maxmem > c.ram);
  return autoNuma ? 1 : 0;
}

/** The first check to trip is the plug handler's get_memory_region for all but v8's realize (QEMU 7.2 verified).
 *  sp-mem has both texts (hw/mem/sp-mem.c: get_memory_region "'memdev' property must be set", realize
 *  "'memdev' property is required"); pc's pre-plug handler places it, like a DIMM, before realize runs. */
function missingMemdevMessage(driver: string): string {
  switch (driver) {
    case 'spm-memory':
      return "'memdev' property is required";
    default:
      return "'memdev' property must be set";
  }
}

/** A size for a backend the fix creates: what is left of device memory, else 1 GiB. */
function newBackendSize(ctx: CheckContext, f: Declarations, self: DeclaredDevice): bigint {
  const c = ctx.machine.memory;
  if (c.maxmem === undefined || c.unknown) return GiB;
  let left = c.maxmem - c.ram;
  for (const d of f.devices) if (d !== self) left -= deviceSize(f, d) ?? 0n;
  const twoMiB = 2n << 20n;
  if (left >= twoMiB) return left >= GiB ? GiB : (left / twoMiB) * twoMiB;
  return GiB;
}

function usedBackends(ctx: CheckContext, f: Declarations): Set<string> {
  const used = new Set<string>();
  for (const n of f.nodes) if (n.memdevProp) used.add(n.memdevProp.value);
  for (const d of f.devices) if (d.memdevProp) used.add(d.memdevProp.value);
  for (const m of ctx.machine.declared.machineOptions) {
    const p = lastProp(m, 'memory-backend');
    if (p) used.add(p.value);
  }
  return used;
}

function freshBackendId(f: Declarations): string {
  for (let i = 0; ; i++) if (!f.objectIds.has(`mem${i}`)) return `mem${i}`;
}

function checkMemdev(ctx: CheckContext, f: Declarations, d: DeclaredDevice): Diagnostic[] {
  if (!d.memdevProp) {
    const used = usedBackends(ctx, f);
    const free = f.backends.find((b) => b.id !== undefined && !used.has(b.id));
    const fixes: (Fix | undefined)[] = [];
    if (free) {
      const e = insertProp(d.option, 'memdev', free.id!);
      fixes.push(e && { title: `Add memdev=${free.id}`, edits: [e] });
    }
    const id = freshBackendId(f);
    const size = newBackendSize(ctx, f, d);
    const e = insertProp(d.option, 'memdev', id);
    if (e) {
      fixes.push({
        title: `Add memdev=${id} with a new -object memory-backend-ram,id=${id},size=${sizeArg(size)}`,
        edits: [insertOptionBefore(ctx, d.option, `-object memory-backend-ram,id=${id},size=${sizeArg(size)}`), e],
      });
    }
    return [diag('QL-device-001', 'error', d.driverProp.valueSpan, missingMemdevMessage(d.driver), { fixes })];
  }
  const p = d.memdevProp;
  if (p.unknown || f.objectIds.has(p.value) || ctx.machine.declared.mayHideOptions) return [];
  const size = newBackendSize(ctx, f, d);
  return [
    diag('QL-device-002', 'error', p.valueSpan, `Device '${p.value}' not found`, {
      fixes: [
        {
          title: `Create -object memory-backend-ram,id=${p.value},size=${sizeArg(size)}`,
          edits: [insertOptionBefore(ctx, d.option, `-object memory-backend-ram,id=${p.value},size=${sizeArg(size)}`)],
        },
      ],
    }),
  ];
}

function nodeMessage(driver: string, node: number, nb: number): string {
  switch (driver) {
    case 'virtio-mem-pci':
      return `'node' property has value '${node}', which exceedsthe number of numa nodes: ${Math.max(nb, 1)}`;
    case 'spm-memory':
      return `${driver}: node ${node} out of range (numa_state has ${nb} nodes)`;
    default:
      return `'DIMM property node has value ${node}' which exceeds the number of numa nodes: ${Math.max(nb, 1)}`;
  }
}

/** Nodes an SPM device can own alone: no boot memory and no other memory device. */
export function spmOnlyNodes(f: Declarations, self: DeclaredDevice): number[] {
  return f.nodes
    .filter(
      (n) =>
        n.nodeid !== undefined && nodeSize(f, n) === 0n && !f.devices.some((o) => o !== self && o.node === n.nodeid),
    )
    .map((n) => n.nodeid!);
}

function checkNode(ctx: CheckContext, f: Declarations, d: DeclaredDevice): Diagnostic[] {
  // node= defaults to 0; only the SPM devices can refuse node 0 (no NUMA node at all).
  if (d.driver === 'virtio-pmem-pci' || d.node === undefined || (!d.nodeProp && !SPM_DEVICE_DRIVERS.has(d.driver)))
    return [];
  if (f.nodes.some((n) => n.nodeid === undefined)) return [];
  const nb = nodeCount(ctx, f);
  // Without NUMA, node 0 is accepted by DIMMs (and sp-mem, which checks no node); v8's spm-memory needs a NUMA node even for 0.
  const limit = d.driver === 'spm-memory' ? nb : Math.max(nb, 1);
  if (d.node < limit) return [];
  const fixes: (Fix | undefined)[] = [];
  const spm = SPM_DEVICE_DRIVERS.has(d.driver);
  const candidates = spm ? spmOnlyNodes(f, d) : f.nodes.map((n) => n.nodeid!);
  const pick = candidates.length ? Math.max(...candidates) : nb > 0 && !spm ? nb - 1 : undefined;
  if (pick !== undefined) {
    const e = setProp(d.option, d.nodeProp, 'node', String(pick));
    fixes.push(e && { title: `Use node ${pick}`, edits: [e] });
  }
  if (d.node === f.nodes.length && f.nodes.length > 0) {
    fixes.push({
      title: `Declare -numa node,nodeid=${d.node}`,
      edits: [insertOptionBefore(ctx, d.option, `-numa node,nodeid=${d.node}`)],
    });
  }
  const lastNode = f.nodes[f.nodes.length - 1];
  const related = lastNode
    ? [
        {
          span: lastNode.nodeidProp?.valueSpan ?? lastNode.option.nameSpan,
          message: `the last NUMA node declared is node ${lastNode.nodeid}`,
        },
      ]
    : [];
  const span = d.nodeProp ? d.nodeProp.valueSpan : d.driverProp.valueSpan;
  // The merged sp-mem (hw/mem/sp-mem.c, last revision) checks only memdev and a busy backend: QEMU 11.1
  // starts, and the SRAT entry names a proximity domain no -numa node declares.
  if (d.driver === 'sp-mem')
    return [
      diag(
        'QL-spm-012',
        'warning',
        span,
        `sp-mem node=${d.node} is not a NUMA node (${nb} declared): QEMU 11.1 does not check sp-mem's node, so it starts, and the guest's SRAT gives the range a proximity domain (${d.node}) that no -numa node declares`,
        { fixes, related },
      ),
    ];
  return [diag('QL-device-003', 'error', span, nodeMessage(d.driver, d.node, nb), { fixes, related })];
}

/** hw/mem/nvdimm.c: label-size minimum; hw/virtio/virtio-mem.c: refusing a preallocated backend. */
function checkKindSpecific(ctx: CheckContext, f: Declarations, d: DeclaredDevice): Diagnostic[] {
  const out: Diagnostic[] = [];
  const machineAlignment = (id: string | undefined) => ctx.machine.backends.find((x) => x.id === id)?.alignment;
  if (d.driver === 'nvdimm') {
    const p = lastProp(d.option, 'label-size');
    const v = p && !p.unknown ? sizeValue(p.value) : undefined;
    const min = 128n << 10n;
    if (p && v !== undefined && v < min) {
      const e = replaceValue(p, '128K');
      out.push(
        diag(
          'QL-device-007',
          'error',
          p.valueSpan,
          `Property 'nvdimm.label-size' (0x${v.toString(16)}) is required at least 0x${min.toString(16)}`,
          {
            fixes: [e && { title: 'Set label-size=128K', edits: [e] }],
          },
        ),
      );
    } else if (!p || (v !== undefined && v >= 0n)) {
      // nvdimm_prepare_memory_region: the label (none without label-size) sits at the end; what is left,
      // aligned down to the backend's alignment (align= of a file backend), must not be empty.
      const label = v ?? 0n;
      const b = d.memdevProp && !d.memdevProp.unknown ? f.backendById.get(d.memdevProp.value) : undefined;
      const align = b && machineAlignment(b.id);
      if (b?.size !== undefined && align && (b.size <= label || ((b.size - label) / align) * align === 0n)) {
        out.push(
          diag(
            'QL-device-011',
            'error',
            p ? p.valueSpan : d.memdevProp!.valueSpan,
            `the size of memdev ${b.id} (0x${b.size.toString(16)}) is too small to contain nvdimm label (0x${label.toString(16)}) and aligned PMEM (0x${align.toString(16)})`,
            { related: [{ span: b.sizeProp!.valueSpan, message: `memory backend '${b.id}' size` }] },
          ),
        );
      }
    }
  }
  if (d.driver === 'virtio-mem-pci') out.push(...checkBlockSize(f, d, ctx.machine.qemu));
  if (d.driver === 'virtio-mem-pci' && d.memdevProp && !d.memdevProp.unknown) {
    const b = f.backendById.get(d.memdevProp.value);
    const prealloc = b && lastProp(b.option, 'prealloc');
    if (b && boolValue(prealloc) === true) {
      const e = removeProp(b.option, prealloc!);
      const add = insertProp(d.option, 'prealloc', 'on');
      out.push(
        diag(
          'QL-device-008',
          'error',
          d.memdevProp.valueSpan,
          `'memdev' property specifies a memdev with preallocation enabled: ${b.id}. Instead, specify 'prealloc=on' for the virtio-mem device. `,
          {
            related: [{ span: prealloc!.span, message: 'preallocation is enabled here' }],
            fixes: [e && add && { title: 'Move prealloc=on to the virtio-mem device', edits: [e, add] }],
          },
        ),
      );
    }
  }
  return out;
}

/**
 * hw/virtio/virtio-mem.c: block-size (setter: at least 1 MiB, then a power of two) and requested-size
 * a multiple of it. The default block size is 2 MiB (THP) for anonymous/memfd RAM; for
 * file/hugetlb backends it depends on the host page size, so only an explicit one is used.
 */
function checkBlockSize(f: Declarations, d: DeclaredDevice, qemu: QemuVersion): Diagnostic[] {
  const out: Diagnostic[] = [];
  const MiB = 1n << 20n;
  const bsP = lastProp(d.option, 'block-size');
  let block = bsP && !bsP.unknown ? sizeValue(bsP.value) : undefined;
  if (bsP && block !== undefined) {
    if (block < MiB) {
      out.push(
        diag('QL-device-009', 'error', bsP.valueSpan, `'block-size' property has to be at least 0x${MiB.toString(16)}`),
      );
      return out;
    }
    if ((block & (block - 1n)) !== 0n) {
      out.push(diag('QL-device-009', 'error', bsP.valueSpan, "'block-size' property has to be a power of two"));
      return out;
    }
  } else if (!bsP) {
    const b = d.memdevProp && !d.memdevProp.unknown ? f.backendById.get(d.memdevProp.value) : undefined;
    const hugetlb = b && boolValue(lastProp(b.option, 'hugetlb')) === true;
    if (b && (b.qomType === 'memory-backend-ram' || (b.qomType === 'memory-backend-memfd' && !hugetlb)))
      block = 2n * MiB;
  }
  // 8.x+ virtio_mem_device_realize (10.0.2's words, "of'block-size'" included); 7.2 leaves it to the
  // free-address search ("backend memory size must be multiple of ...", layout/placement.ts).
  const b = d.memdevProp && !d.memdevProp.unknown ? f.backendById.get(d.memdevProp.value) : undefined;
  if (!is72(qemu) && block && b?.size !== undefined && b.size % block !== 0n) {
    out.push(
      diag(
        'QL-device-013',
        'error',
        d.memdevProp!.valueSpan,
        `'memdev' property memdev size has to be multiples of'block-size' (0x${block.toString(16)})`,
        { related: b.sizeProp ? [{ span: b.sizeProp.valueSpan, message: `memory backend '${b.id}' size` }] : [] },
      ),
    );
  }
  const rsP = lastProp(d.option, 'requested-size');
  const requested = rsP && !rsP.unknown ? sizeValue(rsP.value) : undefined;
  if (rsP && block && requested !== undefined && requested % block !== 0n) {
    const up = ((requested + block - 1n) / block) * block;
    const e = replaceValue(rsP, sizeArg(up));
    out.push(
      diag(
        'QL-device-010',
        'error',
        rsP.valueSpan,
        `'requested-size' property has to be multiples of 'block-size' (0x${block.toString(16)})`,
        {
          fixes: [e && { title: `Round requested-size up to ${sizeArg(up)}`, edits: [e] }],
        },
      ),
    );
  }
  return out;
}

/** nvdimm=on and ACPI are checked by the pc machine's pre-plug for DIMMs. */
function checkMachineSupport(ctx: CheckContext, f: Declarations): Diagnostic[] {
  const out: Diagnostic[] = [];
  const machines = ctx.machine.declared.machineOptions;
  const lastOf = (key: string): Prop | undefined =>
    machines
      .map((m) => lastProp(m, key))
      .filter((p): p is Prop => !!p)
      .sort((a, b) => a.span.start - b.span.start)
      .pop();
  const nvdimm = lastOf('nvdimm');
  const acpi = lastOf('acpi');
  const acpiOff = acpi && !acpi.unknown && (acpi.value === 'off' || boolValue(acpi) === false);
  for (const d of f.devices) {
    if (d.driver !== 'pc-dimm' && d.driver !== 'nvdimm') continue;
    if (acpiOff) {
      const m = machines.find((o) => o.props.includes(acpi));
      const e = m && removeProp(m, acpi);
      out.push(
        diag(
          'QL-device-004',
          'error',
          d.driverProp.valueSpan,
          'memory hotplug is not enabled: missing acpi device or acpi disabled',
          {
            related: [{ span: acpi.span, message: 'ACPI is disabled here' }],
            fixes: [e && { title: `Remove ${acpi.key}=${acpi.value} (ACPI on)`, edits: [e] }],
          },
        ),
      );
      continue;
    }
    if (d.driver === 'nvdimm' && !nvdimm?.unknown && boolValue(nvdimm) !== true) {
      const m = machines[machines.length - 1];
      const e = m ? setProp(m, nvdimm, 'nvdimm', 'on') : insertOptionBefore(ctx, d.option, '-machine nvdimm=on');
      out.push(
        diag('QL-device-005', 'error', d.driverProp.valueSpan, "nvdimm is not enabled: missing 'nvdimm' in '-M'", {
          related: nvdimm ? [{ span: nvdimm.span, message: 'nvdimm is off here' }] : [],
          fixes: [e && { title: 'Set -machine nvdimm=on', edits: [e] }],
        }),
      );
    }
  }
  return out;
}

/** Two key=value -device with one id: QemuOpts refuses the second as it parses it. QEMU creates JSON
 *  -device options after all key=value ones, and a JSON one that repeats an id fails in qdev_set_id
 *  ("Duplicate device ID 'x'", 7.2.22 and 10.0.2), reported on the JSON one whatever the written order. */
function checkDuplicateDeviceIds(ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, Prop>();
  for (const o of ctx.machine.declared.createdDeviceOptions) {
    const id = lastProp(o, 'id');
    if (!id || id.unknown) continue;
    const first = seen.get(id.value);
    if (first) {
      let fresh = `${id.value}-2`;
      for (let i = 3; seen.has(fresh); i++) fresh = `${id.value}-${i}`;
      const e = replaceValue(id, fresh);
      const message =
        o.syntax === 'json' ? `Duplicate device ID '${id.value}'` : `Duplicate ID '${id.value}' for device`;
      out.push(
        diag('QL-device-006', 'error', id.valueSpan, message, {
          related: [{ span: first.valueSpan, message: `'${id.value}' is first used here` }],
          fixes: [e && { title: `Rename this device to '${fresh}'`, edits: [e] }],
        }),
      );
    } else seen.set(id.value, id);
  }
  return out;
}
