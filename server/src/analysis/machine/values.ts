// Reading option values the way QEMU's parsers do, for the machine model. A value that does not
// parse is simply absent here (the checks report it); a value the shell could not resolve makes
// the machine incomplete.
import type { Prop } from '../types';
import { boolValue, sizeValue, u64Value } from '../options/values';

export class Reader {
  incomplete = false;

  /** The prop's text, or undefined (and incomplete) when the shell could not resolve it. */
  text(prop: Prop | undefined): string | undefined {
    if (!prop) return undefined;
    if (prop.unknown) {
      this.incomplete = true;
      return undefined;
    }
    return prop.value;
  }

  size(prop: Prop | undefined, defaultUnit: 'B' | 'M' = 'B'): bigint | undefined {
    const t = this.text(prop);
    return t === undefined ? undefined : sizeValue(t, defaultUnit);
  }

  u64(prop: Prop | undefined): bigint | undefined {
    const t = this.text(prop);
    return t === undefined ? undefined : u64Value(t);
  }

  /** A small unsigned integer (node ids, slots). */
  uint(prop: Prop | undefined, max = 0xffffffffn): number | undefined {
    const v = this.u64(prop);
    return v !== undefined && v <= max ? Number(v) : undefined;
  }

  /** int32 as the QAPI string visitor reads it: decimal or hex, optionally negative. */
  int(prop: Prop | undefined): number | undefined {
    const t = this.text(prop);
    if (t === undefined) return undefined;
    const m = /^\s*(-?)(0x[0-9a-f]+|\d+)$/i.exec(t);
    if (!m) return undefined;
    const v = Number(BigInt(m[2])) * (m[1] ? -1 : 1);
    return v >= -0x80000000 && v <= 0x7fffffff ? v : undefined;
  }

  bool(prop: Prop | undefined): boolean | undefined {
    return this.text(prop) === undefined ? undefined : boolValue(prop);
  }
}
