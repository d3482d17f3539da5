// -m and -machine memory rules (hw/core/machine.c machine_set_mem, machine_run_board_init; hw/i386/pc.c max-ram-below-4g): size/slots/maxmem
// consistency and the machine's RAM backend. Messages are QEMU's (current upstream).
import { versionMessages } from '../versions';
import type { Diagnostic } from '../types';
import type { CheckContext } from './context';
import { diag } from './diagnostic';
import { hex } from '../format';
import { maxmemFix, neededMaxmem } from './memoryFixes';
import { insertOptionBefore, replaceValue, removeProp, sizeArg } from './edits';
import { lastProp } from '../options/lookup';
import { alignUp, sizeValue } from '../options/values';

const GiB = 1n << 30n;
const MiB = 1n << 20n;
const ACPI_MAX_RAM_SLOTS = 256n;
const TARGET_PAGE_SIZE = 4096n;
const U64_MAX = (1n << 64n) - 1n;

export function checkMemory(ctx: CheckContext): Diagnostic[] {
  return [...checkSlotsMaxmem(ctx), ...checkBelow4g(ctx), ...checkMachineBackend(ctx), ...checkReservedMemory(ctx)];
}

/** pc_memory_init: pc-i440fx-1.7 and older have no device-memory region (has_reserved_memory = false),
 *  so slots/maxmem are refused outright (verified on 7.2; 10.0 no longer has those types). */
function checkReservedMemory(ctx: CheckContext): Diagnostic[] {
  const m = ctx.machine;
  const v = m.version;
  if (m.family !== 'pc' || !v || v[0] > 1 || (v[0] === 1 && v[1] > 7)) return [];
  const c = m.memory;
  if (c.unknown || !(m.slots > 0n || m.maxmem > m.ramSize)) return [];
  const at = c.slotsProp ?? c.maxmemProp;
  if (!at) return [];
  return [diag('QL-mem-016', 'error', at.span, `"-memory 'slots|maxmem'" is not supported by: ${m.typeName}`)];
}

function checkSlotsMaxmem(ctx: CheckContext): Diagnostic[] {
  const c = ctx.machine.memory;
  const out: Diagnostic[] = [];
  if (c.unknown) return out;
  const { ramAtParse: ram, maxmem, slots, maxmemProp, slotsProp, sizeProp } = c;
  const related = sizeProp ? [{ span: sizeProp.valueSpan, message: `initial memory size ${hex(ram)}` }] : [];
  const need = neededMaxmem(ctx);
  if (maxmemProp && maxmem !== undefined) {
    if (maxmem < ram) {
      out.push(
        diag(
          'QL-mem-001',
          'error',
          maxmemProp.valueSpan,
          `invalid value of maxmem: maximum memory size (${hex(maxmem)}) must be at least the initial memory size (${hex(ram)})`,
          { related, fixes: [need !== undefined ? maxmemFix(ctx, need) : undefined] },
        ),
      );
    } else if (slotsProp && slots !== undefined && slots > 0n && maxmem === ram) {
      out.push(
        diag(
          'QL-mem-002',
          'error',
          maxmemProp.valueSpan,
          `invalid value of maxmem: memory slots were specified but maximum memory size (${hex(maxmem)}) is equal to the initial memory size (${hex(ram)})`,
          {
            related: [...related, { span: slotsProp.valueSpan, message: `${slots} memory slots` }],
            fixes: [need !== undefined ? maxmemFix(ctx, need) : undefined],
          },
        ),
      );
    }
  } else if (slotsProp) {
    out.push(
      diag('QL-mem-003', 'error', slotsProp.keySpan, 'slots specified but no max-size', {
        fixes: [
          need !== undefined ? maxmemFix(ctx, need, { title: `Add maxmem=${sizeArg(need)}` }) : undefined,
          c.option ? removeFix(c.option, slotsProp) : undefined,
        ],
      }),
    );
  }
  // pc_memory_init checks these only when there is device memory (ram < maxmem).
  if (maxmem !== undefined && maxmem > ram) {
    if (slotsProp && slots !== undefined && slots > ACPI_MAX_RAM_SLOTS) {
      const e = replaceValue(slotsProp, String(ACPI_MAX_RAM_SLOTS));
      out.push(
        diag('QL-mem-004', 'error', slotsProp.valueSpan, `unsupported amount of memory slots: ${slots}`, {
          fixes: [e && { title: `Set slots=${ACPI_MAX_RAM_SLOTS}`, edits: [e] }],
        }),
      );
    }
    if (maxmemProp && maxmem % TARGET_PAGE_SIZE !== 0n) {
      const up = alignUp(maxmem, TARGET_PAGE_SIZE);
      const e = replaceValue(maxmemProp, sizeArg(up));
      out.push(
        diag(
          'QL-mem-005',
          'error',
          maxmemProp.valueSpan,
          `maximum memory size must by aligned to multiple of ${TARGET_PAGE_SIZE} bytes`,
          {
            fixes: [e && { title: `Round maxmem up to ${sizeArg(up)}`, edits: [e] }],
          },
        ),
      );
    }
    // Device-memory base + size in ram_addr_t wrapped past 2^64 (both terms are 64-bit in QEMU).
    const dm = ctx.layout.deviceMemory;
    const size = dm ? dm.length & U64_MAX : 0n;
    if (maxmemProp && out.length === 0 && dm && ((dm.start + size) & U64_MAX) < size) {
      out.push(
        diag(
          'QL-mem-015',
          'error',
          maxmemProp.valueSpan,
          `unsupported amount of maximum memory: ${maxmem.toString(16)}`,
        ),
      );
    }
  }
  return out;
}

function removeFix(option: Parameters<typeof removeProp>[0], prop: Parameters<typeof removeProp>[1]) {
  const e = removeProp(option, prop);
  return e && { title: `Remove ${prop.key}=${prop.value}`, edits: [e] };
}

function checkBelow4g(ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of ctx.machine.declared.machineOptions) {
    const p = lastProp(m, 'max-ram-below-4g');
    if (!p || p.unknown) continue;
    const v = sizeValue(p.value);
    if (v === undefined) continue; // the property checker reports the bad size
    if (v > 4n * GiB) {
      const e = replaceValue(p, '4G');
      out.push(
        diag(
          'QL-mem-006',
          'error',
          p.valueSpan,
          `Machine option 'max-ram-below-4g=${v}' expects size less than or equal to 4G`,
          {
            fixes: [e && { title: 'Set max-ram-below-4g=4G', edits: [e] }],
          },
        ),
      );
    } else if (v < MiB) {
      out.push(
        diag(
          'QL-mem-007',
          'warning',
          p.valueSpan,
          `Only ${v} bytes of RAM below the 4GiB boundary,BIOS may not work with less than 1MiB`,
        ),
      );
    }
  }
  return out;
}

function checkMachineBackend(ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const f = ctx.machine.declared;
  const c = ctx.machine.memory;
  const memdev = ctx.machine.declared.machineOptions
    .map((m) => lastProp(m, 'memory-backend'))
    .filter((p) => !!p)
    .sort((a, b) => b.span.start - a.span.start)[0];
  const numaMemdevs = f.nodes.filter((n) => n.memdevProp).map((n) => n.memdevProp!);
  if (memdev && !memdev.unknown) {
    const backend = f.backendById.get(memdev.value);
    if (!backend && !ctx.machine.declared.mayHideOptions) {
      const first =
        f.objectOptions[0] ?? [...f.numaOptions, ...f.deviceOptions].sort((x, y) => x.span.start - y.span.start)[0];
      const anchor = first ?? ctx.options[ctx.options.length - 1];
      const size = c.sizeProp && !c.unknown ? c.ram : ctx.machine.ramSize;
      out.push(
        diag('QL-mem-010', 'error', memdev.valueSpan, `Memory backend '${memdev.value}' not found`, {
          fixes: [
            anchor && {
              title: `Create -object memory-backend-ram,id=${memdev.value},size=${sizeArg(size)}`,
              edits: [
                insertOptionBefore(ctx, anchor, `-object memory-backend-ram,id=${memdev.value},size=${sizeArg(size)}`),
              ],
            },
          ],
        }),
      );
    } else if (
      backend &&
      c.sizeProp &&
      !c.unknown &&
      backend.size !== undefined &&
      backend.size > 0n &&
      c.ram !== backend.size
    ) {
      const e = replaceValue(c.sizeProp, sizeArg(backend.size));
      out.push(
        diag(
          'QL-mem-011',
          'error',
          c.sizeProp.valueSpan,
          'Machine memory size does not match the size of the memory backend',
          {
            related: [
              {
                span: backend.sizeProp!.valueSpan,
                message: `memory backend '${backend.id}' has size ${hex(backend.size)}; -m gives ${hex(c.ram)}`,
              },
            ],
            fixes: [e && { title: `Set the memory size to ${sizeArg(backend.size)}`, edits: [e] }],
          },
        ),
      );
    }
    const memPath = ctx.machine.declared.memPath;
    if (memPath) {
      out.push(
        diag(
          'QL-mem-014',
          'error',
          memPath.nameSpan,
          "'-mem-path' can't be used together with'-machine memory-backend'",
          {
            related: [{ span: memdev.span, message: 'the machine RAM backend is set here' }],
          },
        ),
      );
    }
    for (const n of numaMemdevs) {
      out.push(
        diag(
          'QL-mem-012',
          'error',
          n.keySpan,
          "'-machine memory-backend' and '-numa memdev' properties are mutually exclusive",
          {
            related: [{ span: memdev.span, message: 'the machine RAM backend is set here' }],
          },
        ),
      );
    }
  }
  // The default RAM backend 'pc.ram' exists only when neither the machine nor NUMA names one.
  if (!memdev && numaMemdevs.length === 0) {
    for (const b of f.backends) {
      if (b.id === 'pc.ram' && b.idProp) {
        // Rename it and every memdev= that names it (nothing else may: the machine and NUMA don't).
        let id = 'ram0';
        for (let i = 1; f.objectIds.has(id); i++) id = `ram${i}`;
        const uses = f.backendRefs
          .map((r) => r.prop)
          .filter((p) => p.key.endsWith('memdev') && !p.unknown && p.value === 'pc.ram');
        out.push(
          diag('QL-mem-013', 'error', b.idProp.valueSpan, versionMessages.reservedRamId(ctx.machine.qemu, 'pc.ram'), {
            fixes: [
              {
                title: `Rename the backend to '${id}'`,
                edits: [b.idProp, ...uses].map((p) => ({ span: p.valueSpan, newText: id })),
              },
            ],
          }),
        );
      }
    }
  }
  return out;
}
