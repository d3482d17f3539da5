// The layout's problems (where QEMU stops while building the map) as diagnostics, with the
// fixes that make the placement work: raise maxmem/slots to what the devices need, round a
// misaligned addr up, let QEMU choose the address, grow a backend to its alignment.
import type { Diagnostic, Fix, QemuOption, Span } from '../types';
import type { LayoutProblem } from '../layout/addressMap';
import type { CheckContext } from './context';
import { diag } from './diagnostic';
import { humanSize } from '../format';
import type { DeclaredDevice } from '../machine/machine';
import { deviceTotal, maxmemFix, neededMaxmem } from './memoryFixes';
import { removeProp, replaceValue, sizeArg } from './edits';
import { headSpan, lastProp } from '../options/lookup';
import { alignUp, u64Value } from '../options/values';
import { deviceName, migrationFix } from './spm';

export function checkLayoutProblems(ctx: CheckContext): Diagnostic[] {
  // A map built on a guessed fact would report guessed problems; the unresolved word is reported once by the shell.
  if (ctx.machine.incomplete) return [];
  return ctx.layout.problems.map((p) => {
    const device = deviceAt(ctx, p.span);
    return diag(p.code, p.severity ?? 'error', narrow(ctx, p.span), p.message, {
      related: [...(p.related ?? []), p.code.startsWith('QL-place-') ? backendRelated(ctx, device) : undefined],
      fixes: fixesFor(ctx, p, device),
    });
  });
}

/** A problem pinned on a whole option argument is moved to the option's type word (the device name). */
function narrow(ctx: CheckContext, span: Span): Span {
  const o = ctx.options.find((x) => (x.argSpan && same(x.argSpan, span)) || same(x.span, span));
  return o ? headSpan(o) : span;
}

function same(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

function deviceAt(ctx: CheckContext, span: Span): DeclaredDevice | undefined {
  return ctx.machine.declared.devices.find((d) => d.option.span.start <= span.start && span.end <= d.option.span.end);
}

/** The -object the device's memdev= names: its size and alignment decide the placement. */
function backendRelated(ctx: CheckContext, d: DeclaredDevice | undefined) {
  const b =
    d?.memdevProp && !d.memdevProp.unknown ? ctx.machine.declared.backendById.get(d.memdevProp.value) : undefined;
  if (!b?.idProp) return undefined;
  return {
    span: b.idProp.valueSpan,
    message: `memory backend '${b.id}'${b.size !== undefined ? ` (${humanSize(b.size)})` : ''}`,
  };
}

function dimmCount(ctx: CheckContext): bigint {
  return BigInt(ctx.machine.declared.devices.filter((d) => d.driver === 'pc-dimm' || d.driver === 'nvdimm').length);
}

function fixesFor(ctx: CheckContext, p: LayoutProblem, d: DeclaredDevice | undefined): (Fix | undefined)[] {
  const c = ctx.machine.memory;
  const need = neededMaxmem(ctx);
  const removeKey = (o: QemuOption, key: string, title: string): Fix | undefined => {
    const prop = lastProp(o, key);
    const e = prop && removeProp(o, prop);
    return e && { title, edits: [e] };
  };
  switch (p.code) {
    case 'QL-place-001': // device memory not prepared: maxmem (and slots for DIMMs)
    case 'QL-place-002': {
      // not enough space
      if (need === undefined || c.unknown) return [];
      const dimms = dimmCount(ctx);
      const slots = dimms > 0n && (c.slots === undefined || c.slots < dimms) ? dimms : undefined;
      return [maxmemFix(ctx, c.maxmem !== undefined && c.maxmem > need ? c.maxmem : need, { slots })];
    }
    case 'QL-place-011': // no slots
    case 'QL-place-013': {
      // no free slots
      if (c.unknown) return [];
      const dimms = dimmCount(ctx);
      const total = deviceTotal(ctx);
      const maxmem = c.maxmem !== undefined && c.maxmem > c.ram ? c.maxmem : need;
      if (maxmem === undefined || total === undefined) return [];
      return [
        maxmemFix(ctx, maxmem, {
          slots: dimms,
          title: `Set slots=${dimms}${c.maxmem === maxmem ? '' : ` and maxmem=${sizeArg(maxmem)}`}`,
        }),
      ];
    }
    case 'QL-place-010': // invalid slot
    case 'QL-place-012': // slot busy
      return d ? [removeKey(d.option, 'slot', 'Remove slot= (let QEMU pick a free slot)')] : [];
    case 'QL-place-005': {
      // addr misaligned: round up to the alignment QEMU names
      const m = /aligned to (0x[0-9a-f]+) bytes/.exec(p.message);
      const addr = d && lastProp(d.option, 'addr');
      const v = addr && !addr.unknown ? u64Value(addr.value) : undefined;
      if (!m || !addr || v === undefined) return [];
      const up = alignUp(v, BigInt(m[1]));
      const e = replaceValue(addr, '0x' + up.toString(16));
      return [
        e && { title: `Round addr up to 0x${up.toString(16)}`, edits: [e] },
        removeKey(d.option, 'addr', 'Remove addr= (let QEMU place the device)'),
      ];
    }
    case 'QL-place-006': // hint outside the region
    case 'QL-place-008': // conflicts with another device
      return d ? [removeKey(d.option, 'addr', 'Remove addr= (let QEMU place the device)')] : [];
    case 'QL-layout-002': {
      // a v4/v7 SPM node across 4 GiB: the device form has no such limit
      const f = ctx.machine.declared;
      const n = f.nodes.find((x) => x.option.span.start <= p.span.start && p.span.end <= x.option.span.end);
      const s = n?.spm;
      if (!n || !s || ctx.settings.spmForm === 'v4' || ctx.settings.spmForm === 'v7' || ctx.settings.spmForm === 'none')
        return [];
      return [migrationFix(ctx, f, n, s.prop, deviceName(ctx))];
    }
    case 'QL-place-003': {
      // backend size not a multiple of its alignment
      const m = /multiple of (0x[0-9a-f]+)/.exec(p.message);
      const f = ctx.machine.declared;
      const b = d?.memdevProp && !d.memdevProp.unknown ? f.backendById.get(d.memdevProp.value) : undefined;
      if (!m || !b?.sizeProp || b.size === undefined) return [];
      const up = alignUp(b.size, BigInt(m[1]));
      const e = replaceValue(b.sizeProp, sizeArg(up));
      return [e && { title: `Round the backend size up to ${sizeArg(up)}`, edits: [e] }];
    }
    default:
      return [];
  }
}
