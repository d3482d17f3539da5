// -global argument syntax (vl.c qemu_global_option): `driver.property=value` — driver up to the
// first '.' or '=' (at most 63 characters), property up to '=', and the value is the rest of the
// word verbatim (no ',,' processing) — else the QemuOpts form driver=D,property=P,value=V.
import type { RawProp, Split } from './items';
import { splitQemuOpts } from './qemuopts';

export function splitGlobal(text: string): Split {
  const short = /^([^.=]{1,63})\.([^=]{1,63})=/.exec(text);
  if (!short) return splitQemuOpts(text);
  const [, driver, property] = short;
  const dot = driver.length;
  const eq = dot + 1 + property.length;
  const piece = (key: string, from: number, to: number): RawProp => ({
    key,
    value: text.slice(from, to),
    implied: true,
    keyFrom: from,
    keyTo: to,
    valueFrom: from,
    valueTo: to,
    from,
    to,
  });
  return {
    props: [piece('driver', 0, dot), piece('property', dot + 1, eq), piece('value', eq + 1, text.length)],
    problems: [],
  };
}
