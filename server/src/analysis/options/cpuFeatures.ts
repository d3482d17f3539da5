// -cpu argument syntax, as QEMU reads it for x86 (cpu.c parse_cpu_option, then
// target/i386/cpu.c x86_cpu_parse_featurestr; checked on Debian's QEMU 7.2): the model up to the first ',', then features
// split by strtok(",") — no ',,' escape, empty items skipped — each `+feat` (on), `-feat` (off),
// `key=value` or a bare `feat` (on). feat2prop turns '_' into '-' in the name (phys_bits is phys-bits).
import type { RawProp, Split } from './items';

export function splitCpuFeatures(text: string): Split {
  const props: RawProp[] = [];
  const comma = text.indexOf(',');
  const modelEnd = comma < 0 ? text.length : comma;
  props.push({
    key: 'model',
    value: text.slice(0, modelEnd),
    implied: true,
    keyFrom: 0,
    keyTo: modelEnd,
    valueFrom: 0,
    valueTo: modelEnd,
    from: 0,
    to: modelEnd,
  });
  let p = modelEnd;
  while (p < text.length) {
    if (text[p] === ',') {
      p++;
      continue;
    }
    const from = p;
    while (p < text.length && text[p] !== ',') p++;
    props.push(feature(text, from, p));
  }
  return { props, problems: [] };
}

function feature(text: string, from: number, to: number): RawProp {
  const item = text.slice(from, to);
  const name = (s: string) => s.replace(/_/g, '-');
  if (item[0] === '+' || item[0] === '-') {
    const flag = item[0] === '+' ? 'on' : 'off';
    return {
      key: name(item.slice(1)),
      value: flag,
      implied: false,
      flag,
      keyFrom: from + 1,
      keyTo: to,
      valueFrom: from,
      valueTo: from + 1,
      from,
      to,
    };
  }
  const eq = item.indexOf('=');
  if (eq < 0)
    return {
      key: name(item),
      value: 'on',
      implied: false,
      flag: 'on',
      keyFrom: from,
      keyTo: to,
      valueFrom: to,
      valueTo: to,
      from,
      to,
    };
  return {
    key: name(item.slice(0, eq)),
    value: item.slice(eq + 1),
    implied: false,
    keyFrom: from,
    keyTo: from + eq,
    valueFrom: from + eq + 1,
    valueTo: to,
    from,
    to,
  };
}
