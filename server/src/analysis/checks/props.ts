// Reading options the way QEMU does: the last occurrence of a key wins (R1.5), and a value
// the shell front end could not resolve makes every rule that needs it stand down.
import type { Prop, QemuOption, Span } from '../types';
import { parseSize as parseQemuSize, parseU64 } from '../options/size';
import { parseUint16Range } from '../options/uint16Range';

export function lastProp(option: QemuOption, key: string): Prop | undefined {
  for (let i = option.props.length - 1; i >= 0; i--) if (option.props[i].key === key) return option.props[i];
  return undefined;
}

export function allProps(option: QemuOption, key: string): Prop[] {
  return option.props.filter((p) => p.key === key);
}

/** The value of the last `key`, or undefined when absent or unresolved. */
export function known(option: QemuOption, key: string): string | undefined {
  const p = lastProp(option, key);
  return p && !p.unknown ? p.value : undefined;
}

/** True when any prop of the option (or the option itself) could not be resolved. */
export function hasUnknown(option: QemuOption): boolean {
  return !!option.unknown || option.props.some((p) => p.unknown) || !!option.arg?.unknown;
}

/** Implied first value: qom-type of -object, driver of -device, type of -numa/-machine. */
export function typeOf(option: QemuOption): string | undefined {
  const key = option.name === 'object' ? 'qom-type' : option.name === 'device' ? 'driver' : 'type';
  return known(option, key);
}

export function typeProp(option: QemuOption): Prop | undefined {
  const key = option.name === 'object' ? 'qom-type' : option.name === 'device' ? 'driver' : 'type';
  return lastProp(option, key);
}

/** Where a diagnostic about the option as a whole goes: its type word, else its name. */
export function headSpan(option: QemuOption): Span {
  const t = typeProp(option);
  return t ? t.valueSpan : option.nameSpan;
}

export function optionsNamed(options: QemuOption[], name: string): QemuOption[] {
  return options.filter((o) => o.name === name);
}

/** -object options whose qom-type is a memory backend. */
export function backendOptions(options: QemuOption[]): QemuOption[] {
  return options.filter((o) => o.name === 'object' && (typeOf(o) ?? '').startsWith('memory-backend-'));
}

export function numaOptions(options: QemuOption[], type: string): QemuOption[] {
  // -numa's type is implied; QEMU's default would be an error, so a missing type is not 'node'.
  return options.filter((o) => o.name === 'numa' && typeOf(o) === type);
}

/** QEMU's boolean spellings (qapi_bool_parse), plus the short-form flag. */
export function boolValue(p: Prop | undefined): boolean | undefined {
  if (!p || p.unknown) return undefined;
  if (p.flag) return p.flag === 'on';
  const v = p.value.toLowerCase();
  if (['on', 'yes', 'true', 'y'].includes(v)) return true;
  if (['off', 'no', 'false', 'n'].includes(v)) return false;
  return undefined;
}

/** Unsigned integer as qemu_strtou64 base 0 reads it (decimal, 0x hex, 0 octal); undefined when QEMU refuses it. */
export function parseUint(text: string): bigint | undefined {
  const r = parseU64(text);
  return r.ok ? r.value : undefined;
}

/**
 * QEMU size (qemu_strtosz, or qemu_strtosz_MiB when defaultUnit is 1 MiB) as a value, undefined
 * when QEMU refuses it (garbage, or past 2^64 - 1: ERANGE). The options layer's parser is the one
 * implementation; the rules only need the value.
 */
export function parseSize(text: string, defaultUnit = 1n): bigint | undefined {
  const r = parseQemuSize(text, defaultUnit === 1n << 20n ? 'M' : 'B');
  return r.ok ? r.value : undefined;
}

/** Integer list the OptsVisitor accepts for uint16 lists: `N` or `A-B`, repeated keys accumulate. */
export function parseRanges(values: string[]): number[] | undefined {
  const out: number[] = [];
  for (const v of values) {
    const members = parseUint16Range(v);
    if (!members) return undefined;
    for (const m of members) out.push(m);
  }
  return out;
}

/** An integer property: null when absent, undefined when unresolved or not a number. */
export function propNumber(p: Prop | undefined): number | undefined | null {
  if (!p) return null;
  if (p.unknown) return undefined;
  const v = parseUint(p.value);
  return v === undefined ? undefined : Number(v);
}
