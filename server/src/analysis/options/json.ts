// JSON arguments of -object/-device (qobject_from_json, when the argument starts with '{').
// QEMU's JSON parser also takes 'single-quoted' strings. We need the top-level members with
// the exact offsets of each key and value; nested values are kept as parsed JSON. Error texts
// are QEMU's ("JSON parse error, premature EOI", "... expected separator in dict", ...).
import type { RawProp, Split } from './items';

class JsonError extends Error {
  constructor(
    message: string,
    readonly at: number,
    readonly end?: number,
  ) {
    super(message);
  }
}

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    while (this.i < this.s.length && /[ \t\n\r]/.test(this.s[this.i])) this.i++;
  }

  eoi(): never {
    throw new JsonError('JSON parse error, premature EOI', this.s.length);
  }

  string(): string {
    const q = this.s[this.i];
    this.i++;
    let out = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i++];
      if (c === q) return out;
      if (c === '\\') {
        const e = this.s[this.i++];
        if (e === undefined) this.eoi();
        const map: Record<string, string> = {
          '"': '"',
          "'": "'",
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e in map) out += map[e];
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i, this.i + 4))) {
          out += String.fromCharCode(parseInt(this.s.slice(this.i, this.i + 4), 16));
          this.i += 4;
        } else throw new JsonError(`JSON parse error, invalid escape sequence in string`, this.i - 2);
      } else out += c;
    }
    return this.eoi();
  }

  value(): unknown {
    this.ws();
    const c = this.s[this.i];
    if (c === undefined) this.eoi();
    if (c === '{') return this.object().value;
    if (c === '[') {
      this.i++;
      const arr: unknown[] = [];
      this.ws();
      if (this.s[this.i] === ']') {
        this.i++;
        return arr;
      }
      for (;;) {
        arr.push(this.value());
        this.ws();
        const d = this.s[this.i];
        if (d === undefined) this.eoi();
        this.i++;
        if (d === ']') return arr;
        if (d !== ',') throw new JsonError('JSON parse error, expected separator in list', this.i - 1);
      }
    }
    if (c === '"' || c === "'") return this.string();
    const num = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.i));
    if (num) {
      this.i += num[0].length;
      // A number; Prop.value keeps its exact digits (see object()), `json` a plain number so
      // the Analysis stays JSON-serialisable.
      return Number(num[0]);
    }
    const kw = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i));
    if (kw) {
      this.i += kw[0].length;
      if (kw[0] === 'true') return true;
      if (kw[0] === 'false') return false;
      if (kw[0] === 'null') return null;
      throw new JsonError(`JSON parse error, invalid keyword '${kw[0]}'`, this.i - kw[0].length);
    }
    throw new JsonError('JSON parse error, expecting value', this.i);
  }

  /** An object; for the top level, also the members with their offsets. */
  object(): { value: Record<string, unknown>; members: RawProp[] } {
    const obj: Record<string, unknown> = {};
    const members: RawProp[] = [];
    this.i++; // '{'
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return { value: obj, members };
    }
    for (;;) {
      this.ws();
      const k = this.s[this.i];
      if (k === undefined) this.eoi();
      if (k !== '"' && k !== "'") throw new JsonError('JSON parse error, key is not a string in object', this.i);
      const keyFrom = this.i;
      const key = this.string();
      const keyTo = this.i;
      if (Object.prototype.hasOwnProperty.call(obj, key))
        throw new JsonError('JSON parse error, duplicate key', keyFrom, keyTo);
      this.ws();
      if (this.s[this.i] === undefined) this.eoi();
      if (this.s[this.i] !== ':') throw new JsonError('JSON parse error, missing : in object pair', this.i);
      this.i++;
      this.ws();
      const valueFrom = this.i;
      const value = this.value();
      const valueTo = this.i;
      obj[key] = value;
      const written = typeof value === 'number' ? this.s.slice(valueFrom, valueTo) : jsonText(value);
      members.push({
        key,
        value: written,
        implied: false,
        json: value,
        keyFrom: keyFrom + 1,
        keyTo: keyTo - 1,
        valueFrom,
        valueTo,
        from: keyFrom,
        to: valueTo,
      });
      this.ws();
      const d = this.s[this.i];
      if (d === undefined) this.eoi();
      this.i++;
      if (d === '}') return { value: obj, members };
      if (d !== ',') throw new JsonError('JSON parse error, expected separator in dict', this.i - 1);
    }
  }
}

/** Prop.value for a JSON member: strings as they are, numbers in decimal, the rest as JSON. */
function jsonText(v: unknown): string {
  if (typeof v === 'string') return v;
  return JSON.stringify(v) ?? String(v);
}

export function splitJson(text: string): Split {
  const r = new Reader(text);
  try {
    r.ws();
    const { members } = r.object();
    r.ws();
    if (r.i < text.length) throw new JsonError('JSON parse error, expecting value', r.i);
    // A string value's span covers its quotes; the text itself is inside them.
    for (const m of members) {
      if (typeof m.json === 'string') {
        m.valueFrom += 1;
        m.valueTo -= 1;
      }
    }
    return { props: members, problems: [] };
  } catch (e) {
    if (!(e instanceof JsonError)) throw e;
    const at = Math.min(e.at, text.length);
    const to = Math.min(e.end ?? at + 1, text.length);
    return { props: [], problems: [{ from: at, to, severity: 'error', code: 'QL-opt-009', message: e.message }] };
  }
}
