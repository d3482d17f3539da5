// Looking up the keys of one parsed option the way QEMU does: the last occurrence of a key wins,
// and a value the shell front end could not resolve is unknown (every reader that needs it stands
// down). Which options exist is the machine's business (machine/declarations.ts); this only reads one.
import type { Prop, QemuOption, Span } from '../types';

export function lastProp(option: QemuOption, key: string): Prop | undefined {
  for (let i = option.props.length - 1; i >= 0; i--) if (option.props[i].key === key) return option.props[i];
  return undefined;
}

/** Every occurrence of a key (for keys that accumulate, like -numa node,cpus=). */
export function allProps(option: QemuOption, key: string): Prop[] {
  return option.props.filter((p) => p.key === key);
}

/** Last value of each key over several options merged into one (-m, -machine). */
export function lastProps(options: QemuOption[]): Map<string, Prop> {
  const map = new Map<string, Prop>();
  for (const o of options) for (const p of o.props) map.set(p.key, p);
  return map;
}

export function propsOf(option: QemuOption): Map<string, Prop> {
  return lastProps([option]);
}

/** The value of the last `key`, or undefined when absent or unresolved. */
export function knownValue(option: QemuOption, key: string): string | undefined {
  const p = lastProp(option, key);
  return p && !p.unknown ? p.value : undefined;
}

/** True when any prop of the option (or the option itself) could not be resolved. */
export function hasUnknown(option: QemuOption): boolean {
  return !!option.unknown || option.props.some((p) => p.unknown) || !!option.arg?.unknown;
}

/** The key of the implied first value: qom-type of -object, driver of -device, type of -numa/-machine. */
function typeKey(option: QemuOption): string {
  return option.name === 'object' ? 'qom-type' : option.name === 'device' ? 'driver' : 'type';
}

export function typeOf(option: QemuOption): string | undefined {
  return knownValue(option, typeKey(option));
}

export function typeProp(option: QemuOption): Prop | undefined {
  return lastProp(option, typeKey(option));
}

/** Where a diagnostic about the option as a whole goes: its type word, else its name. */
export function headSpan(option: QemuOption): Span {
  const t = typeProp(option);
  return t ? t.valueSpan : option.nameSpan;
}
