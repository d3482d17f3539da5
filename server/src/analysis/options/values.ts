// Option values read the way QEMU reads them, as plain values: the one place for booleans,
// sizes, integers, alignment and the -m rounding. A value QEMU refuses reads as undefined here;
// the checks say why (checks/properties.ts, with the options layer's parser results).
import type { Prop, QemuVersion } from '../types';
import { hexSuffixTaken } from '../versions';
import { parseSize, parseU64 } from './size';

/**
 * QEMU's boolean spellings (qapi_bool_parse: exact, case-sensitive words), plus the short form
 * `key` / `nokey` of QemuOpts. Undefined when absent, unresolved or not a boolean.
 */
export function boolValue(p: Prop | undefined): boolean | undefined {
  if (!p || p.unknown) return undefined;
  if (p.flag) return p.flag === 'on';
  if (TRUE_WORDS.has(p.value)) return true;
  if (FALSE_WORDS.has(p.value)) return false;
  return undefined;
}

export const TRUE_WORDS: ReadonlySet<string> = new Set(['on', 'yes', 'true', 'y']);
export const FALSE_WORDS: ReadonlySet<string> = new Set(['off', 'no', 'false', 'n']);

/**
 * A size as qemu_strtosz reads it (qemu_strtosz_MiB when defaultUnit is 'M'); undefined when
 * QEMU refuses it (garbage, or past 2^64 - 1).
 */
export function sizeValue(text: string, defaultUnit: 'B' | 'M' = 'B'): bigint | undefined {
  const r = parseSize(text, defaultUnit);
  return r.ok ? r.value : undefined;
}

/** Unsigned integer as qemu_strtou64 base 0 reads it (decimal, 0x hex, 0 octal); undefined when refused. */
export function u64Value(text: string): bigint | undefined {
  const r = parseU64(text);
  return r.ok ? r.value : undefined;
}

/**
 * -m size= as vl.c's parse_memory_options reads it: a value ending in a digit means MiB (it
 * appends "M", so `-m 0x1000` becomes a refused hex-with-suffix). Only -m's own size key has the
 * MiB default, not -machine memory.size. Undefined when QEMU refuses it (7.2 took hex with a suffix).
 */
export function ramSizeValue(text: string, isMOption: boolean, qemu: QemuVersion): bigint | undefined {
  const r = parseSize(isMOption && /[0-9]$/.test(text) ? text + 'M' : text, 'B', 1024, hexSuffixTaken(qemu));
  return r.ok ? r.value : undefined;
}

/** QEMU rounds the RAM size up to 8 KiB (vl.c: QEMU_ALIGN_UP(sz, 8192)). */
export function roundRamSize(n: bigint): bigint {
  return alignUp(n, 8192n);
}

/** QEMU_ALIGN_UP for any alignment (not only powers of two, as QEMU's macro). */
export function alignUp(n: bigint, align: bigint): bigint {
  if (align <= 0n) return n;
  return ((n + align - 1n) / align) * align;
}

export function alignDown(n: bigint, align: bigint): bigint {
  if (align <= 0n) return n;
  return (n / align) * align;
}

export function isAligned(n: bigint, align: bigint): boolean {
  return align <= 0n || n % align === 0n;
}

/** An integer property: null when absent, undefined when unresolved or not a number. */
export function propNumber(p: Prop | undefined): number | undefined | null {
  if (!p) return null;
  if (p.unknown) return undefined;
  const v = u64Value(p.value);
  return v === undefined ? undefined : Number(v);
}
