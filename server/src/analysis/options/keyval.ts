// keyval argument syntax (util/keyval.c keyval_parse_one), used by -machine and -smp:
// `key=value` items, ',,' escapes a comma inside a value, keys are QAPI names with optional
// '.'-separated fragments (memory.size), only the first item may omit `key=` and then its
// value ends at the first ',' (no escaping). There is no short-form boolean: a later item
// without '=' is an error, and QEMU stops at the first error.
import type { RawProp, Split } from './items';

/** parse_qapi_name(name, false): a letter, then letters, digits, '-' and '_'. */
function qapiNameLength(text: string, from: number, end: number): number {
  if (from >= end || !/[A-Za-z]/.test(text[from])) return 0;
  let i = from + 1;
  while (i < end && /[A-Za-z0-9_-]/.test(text[i])) i++;
  return i - from;
}

/** key_to_index: a decimal array index fragment (sgx-epc.0.memdev). */
function indexLength(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && text[i] >= '0' && text[i] <= '9') i++;
  return i - from;
}

export function splitKeyval(text: string, impliedKey?: string): Split {
  const props: RawProp[] = [];
  const problems: Split['problems'] = [];
  let implied = impliedKey;
  let s = 0;
  /** Keys seen as a scalar and as a dict prefix, for "used inconsistently". */
  const scalars = new Set<string>();
  const prefixes = new Set<string>();
  while (s < text.length) {
    const params = s;
    let len = 0;
    while (params + len < text.length && text[params + len] !== '=' && text[params + len] !== ',') len++;
    if (len && text[params + len] !== '=') {
      const word = text.slice(params, params + len);
      if (word === 'help' || word === '?') {
        s = params + len + (text[params + len] === ',' ? 1 : 0);
        implied = undefined;
        continue;
      }
      if (implied) {
        const valueTo = params + len;
        props.push({
          key: implied,
          value: word,
          implied: true,
          keyFrom: params,
          keyTo: valueTo,
          valueFrom: params,
          valueTo,
          from: params,
          to: valueTo,
        });
        s = valueTo + (text[valueTo] === ',' ? 1 : 0);
        implied = undefined;
        continue;
      }
    }
    implied = undefined;
    const keyEnd = params + len;
    // Walk the key fragments.
    let f = params;
    let bad = false;
    for (;;) {
      let flen = f !== params ? indexLength(text, f, keyEnd) : 0;
      if (!flen) flen = qapiNameLength(text, f, keyEnd);
      if (!flen || (f + flen < keyEnd && text[f + flen] !== '.')) {
        problems.push({
          from: params,
          to: keyEnd,
          severity: 'error',
          code: 'QL-opt-007',
          message: `Invalid parameter '${text.slice(params, keyEnd)}'`,
        });
        bad = true;
        break;
      }
      if (flen >= 128) {
        const whole = f === params && f + flen === keyEnd;
        problems.push({
          from: f,
          to: f + flen,
          severity: 'error',
          code: 'QL-opt-007',
          message: `Parameter${whole ? '' : ' fragment'} '${text.slice(f, f + flen)}' is too long`,
        });
        bad = true;
        break;
      }
      f += flen;
      if (text[f] !== '.') break;
      f++;
    }
    if (bad) break;
    const key = text.slice(params, keyEnd);
    if (text[keyEnd] !== '=') {
      problems.push({
        from: params,
        to: keyEnd,
        severity: 'error',
        code: 'QL-opt-006',
        message: `Expected '=' after parameter '${key}'`,
      });
      break;
    }
    // keyval_parse_put: a key cannot be both a value and a group of values.
    const parts = key.split('.');
    let clash: string | undefined;
    for (let i = 1; i < parts.length && !clash; i++)
      if (scalars.has(parts.slice(0, i).join('.'))) clash = parts.slice(0, i).join('.');
    if (!clash && prefixes.has(key)) clash = key;
    if (clash) {
      problems.push({
        from: params,
        to: keyEnd,
        severity: 'error',
        code: 'QL-opt-007',
        message: `Parameters '${clash}.*' used inconsistently`,
      });
      break;
    }
    scalars.add(key);
    for (let i = 1; i < parts.length; i++) prefixes.add(parts.slice(0, i).join('.'));
    let i = keyEnd + 1;
    let value = '';
    for (;;) {
      if (i >= text.length) break;
      if (text[i] === ',') {
        if (text[i + 1] !== ',') break;
        i++;
      }
      value += text[i++];
    }
    props.push({
      key,
      value,
      implied: false,
      keyFrom: params,
      keyTo: keyEnd,
      valueFrom: keyEnd + 1,
      valueTo: i,
      from: params,
      to: i,
    });
    s = i + (text[i] === ',' ? 1 : 0);
  }
  return { props, problems };
}
