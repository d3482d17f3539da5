// QemuOpts argument syntax (util/qemu-option.c opts_do_parse / get_opt_name_value):
// items separated by ',', ',,' is a literal comma inside a value, the first item may omit
// `key=` when the list has an implied key, and a later item without '=' is a short-form
// boolean: `key` is key=on, `nokey` is key=off, with QEMU's deprecation warning.
import type { RawProp, Split } from './items';

/** get_opt_value: up to the first single ',' (',,' is an escaped comma). Copies whole runs
 *  between commas: a character at a time made a string per character of every argument. */
function readValue(text: string, from: number): { value: string; to: number } {
  let value = '';
  let i = from;
  for (;;) {
    const comma = text.indexOf(',', i);
    if (comma === -1) return { value: value + text.slice(i), to: text.length };
    value += text.slice(i, comma);
    if (text[comma + 1] !== ',') return { value, to: comma };
    value += ',';
    i = comma + 2;
  }
}

const isHelp = (name: string) => name === 'help' || name === '?';

export function splitQemuOpts(text: string, impliedKey?: string): Split {
  const props: RawProp[] = [];
  const problems: Split['problems'] = [];
  let firstname = impliedKey;
  let p = 0;
  while (p < text.length) {
    const start = p;
    // strcspn(params, "=,")
    let len = 0;
    while (p + len < text.length && text[p + len] !== '=' && text[p + len] !== ',') len++;
    if (text[p + len] !== '=') {
      if (firstname) {
        const v = readValue(text, p);
        props.push({
          key: firstname,
          value: v.value,
          implied: true,
          keyFrom: p,
          keyTo: v.to,
          valueFrom: p,
          valueTo: v.to,
          from: start,
          to: v.to,
        });
        p = v.to;
      } else {
        let name = text.slice(p, p + len);
        const written = name;
        let value = 'on';
        let prefix = '';
        if (name.startsWith('no')) {
          name = name.slice(2);
          value = 'off';
          prefix = 'no';
        }
        const keyFrom = p + prefix.length;
        props.push({
          key: name,
          value,
          implied: false,
          flag: value as 'on' | 'off',
          keyFrom,
          keyTo: p + len,
          valueFrom: p,
          valueTo: p + len,
          from: start,
          to: p + len,
        });
        if (!(value === 'on' && isHelp(name))) {
          problems.push({
            from: p,
            to: p + len,
            severity: 'warning',
            code: 'QL-opt-005',
            message: `short-form boolean option '${written}' deprecated\nPlease use ${name}=${value} instead`,
            replacement: { title: `Write ${name}=${value}`, newText: `${name}=${value}` },
          });
        }
        p += len;
      }
    } else {
      const key = text.slice(p, p + len);
      const keyFrom = p;
      const keyTo = p + len;
      const v = readValue(text, keyTo + 1);
      props.push({
        key,
        value: v.value,
        implied: false,
        keyFrom,
        keyTo,
        valueFrom: keyTo + 1,
        valueTo: v.to,
        from: start,
        to: v.to,
      });
      p = v.to;
    }
    firstname = undefined;
    if (text[p] === ',') p++;
  }
  return { props, problems };
}
