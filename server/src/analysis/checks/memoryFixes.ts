// The fixes that raise or add maxmem/slots on -m (the machine's MemoryArgs) — shared by the -m
// rules, the placement problems and the SPM migration.
import type { Edit, Fix, Prop } from '../types';
import type { CheckContext } from './context';
import { deviceSize } from '../machine/declarations';
import { insertOptionBefore, insertProp, mergeInserts, replaceValue, sizeArg } from './edits';

/** Σ sizes of the memory devices, or undefined when one of them is unknown. */
export function deviceTotal(ctx: CheckContext): bigint | undefined {
  const declared = ctx.machine.declared;
  let total = 0n;
  for (const d of declared.devices) {
    const s = deviceSize(declared, d);
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
  const c = ctx.machine.memory;
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

/** maxmem that holds RAM plus every memory device (at least 1 GiB of room when slots are asked for). */
export function neededMaxmem(ctx: CheckContext, extra = 0n): bigint | undefined {
  const c = ctx.machine.memory;
  const devices = deviceTotal(ctx);
  if (devices === undefined) return undefined;
  const room = devices + extra;
  return c.ram + (room > 0n ? room : 1n << 30n);
}
