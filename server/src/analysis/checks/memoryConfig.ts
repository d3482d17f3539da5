// -m as QEMU merges it (all -m options, last key wins; -machine memory.* is the same
// setting), plus the fixes that raise or add maxmem/slots — shared by the -m rules, the
// placement problems and the SPM migration.
import type { Edit, Fix, Prop, QemuOption } from '../types';
import type { CheckContext } from './context';
import { facts, deviceSize } from './model';
import { insertOptionBefore, insertProp, replaceValue, sizeArg } from './edits';
import { lastProp, optionsNamed, parseSize, parseUint } from './props';

export interface MemConfig {
  /** The last -m option (where new keys go). */
  option?: QemuOption;
  sizeProp?: Prop;
  maxmemProp?: Prop;
  slotsProp?: Prop;
  /** A key that matters could not be resolved or parsed. */
  unknown: boolean;
  /** RAM size after QEMU's 8 KiB rounding (R2.1). */
  ram: bigint;
  /** Explicit maxmem, undefined when not given. */
  maxmem?: bigint;
  /** Explicit slots, undefined when not given. */
  slots?: bigint;
}

const cache = new WeakMap<CheckContext, MemConfig>();

export function memConfig(ctx: CheckContext): MemConfig {
  let c = cache.get(ctx);
  if (!c) cache.set(ctx, (c = compute(ctx)));
  return c;
}

function pick(options: QemuOption[], keys: string[]): Prop | undefined {
  let best: Prop | undefined;
  for (const o of options)
    for (const k of keys) {
      const p = lastProp(o, k);
      if (p && (!best || p.span.start > best.span.start)) best = p;
    }
  return best;
}

function compute(ctx: CheckContext): MemConfig {
  const ms = optionsNamed(ctx.options, 'm');
  const machines = optionsNamed(ctx.options, 'machine');
  const sizeProp = pick(ms, ['size']) ?? pick(machines, ['memory.size']);
  const maxmemProp = pick(ms, ['maxmem']) ?? pick(machines, ['memory.max-size']);
  const slotsProp = pick(ms, ['slots']) ?? pick(machines, ['memory.slots']);
  let unknown = false;
  let ram = ctx.machine.ramSize;
  if (sizeProp) {
    if (sizeProp.unknown) unknown = true;
    else {
      // R1.7: a size ending in a digit means MiB (only for size, only on -m).
      const text = sizeProp.key === 'size' && /[0-9]$/.test(sizeProp.value) ? sizeProp.value + 'M' : sizeProp.value;
      const v = /^0x/i.test(sizeProp.value) ? undefined : parseSize(text);
      if (v === undefined) unknown = true;
      else if (v > 0n) ram = ((v + 8191n) / 8192n) * 8192n;
    }
  }
  let maxmem: bigint | undefined;
  if (maxmemProp) {
    maxmem = maxmemProp.unknown ? undefined : parseSize(maxmemProp.value);
    if (maxmem === undefined) unknown = true;
  }
  let slots: bigint | undefined;
  if (slotsProp) {
    slots = slotsProp.unknown ? undefined : parseUint(slotsProp.value);
    if (slots === undefined) unknown = true;
  }
  return {
    option: ms[ms.length - 1],
    sizeProp,
    maxmemProp,
    slotsProp,
    unknown: unknown || ctx.machine.incomplete,
    ram,
    maxmem,
    slots,
  };
}

/** Σ sizes of the memory devices, or undefined when one of them is unknown. */
export function deviceTotal(ctx: CheckContext): bigint | undefined {
  const f = facts(ctx);
  let total = 0n;
  for (const d of f.devices) {
    const s = deviceSize(f, d);
    if (s === undefined) return undefined;
    total += s;
  }
  return total;
}

/**
 * A fix that sets maxmem (and slots when asked) on -m, keeping the user's -m option;
 * adds a -m option when the script has none.
 */
export function maxmemFix(
  ctx: CheckContext,
  maxmem: bigint,
  opts: { slots?: bigint; title?: string } = {},
): Fix | undefined {
  const c = memConfig(ctx);
  const edits: Edit[] = [];
  const title =
    opts.title ?? `Set maxmem=${sizeArg(maxmem)}${opts.slots !== undefined ? ` and slots=${opts.slots}` : ''}`;
  if (!c.option) {
    if (c.maxmemProp || c.slotsProp) return undefined; // -machine memory.* form: leave it to the user
    const first = ctx.options[0];
    if (!first) return undefined;
    const slots = opts.slots !== undefined ? `,slots=${opts.slots}` : '';
    return { title, edits: [insertOptionBefore(ctx, first, `-m ${sizeArg(c.ram)}${slots},maxmem=${sizeArg(maxmem)}`)] };
  }
  // Keys that live on another -m option (or -machine memory.*) are replaced where they are.
  const set = (p: Prop | undefined, key: string, value: string): boolean => {
    const e = p ? replaceValue(p, value) : undefined;
    if (p) {
      if (!e) return false;
      edits.push(e);
      return true;
    }
    const add = insertProp(c.option!, key, value);
    if (!add) return false;
    edits.push(add);
    return true;
  };
  if (opts.slots !== undefined && !set(c.slotsProp, 'slots', String(opts.slots))) return undefined;
  if (!set(c.maxmemProp, 'maxmem', sizeArg(maxmem))) return undefined;
  // Two inserts at one offset: keep slots before maxmem as people write it.
  return { title, edits: mergeInserts(edits) };
}

/** Insertions at the same offset become one edit, in the order given. */
export function mergeInserts(edits: Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of edits) {
    const prev = out.find(
      (o) =>
        o.span.start === e.span.start &&
        o.span.end === e.span.end &&
        o.span.start === o.span.end &&
        e.span.start === e.span.end,
    );
    if (prev) prev.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}

/** maxmem that holds RAM plus every memory device (at least 1 GiB of room when slots are asked for). */
export function neededMaxmem(ctx: CheckContext, extra = 0n): bigint | undefined {
  const c = memConfig(ctx);
  const devices = deviceTotal(ctx);
  if (devices === undefined) return undefined;
  const room = devices + extra;
  return c.ram + (room > 0n ? room : 1n << 30n);
}
