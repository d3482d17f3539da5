// Sizes and numbers exactly as QEMU reads them.
//
// parseSize mirrors upstream util/cutils.c do_strtosz (QEMU ≥ 8.1, still current): the integral
// part is an unsigned decimal (or hex with 0x and then no suffix and no fraction), an optional
// fraction, then an optional one-letter binary suffix B/K/M/G/T/P/E in either case; the result is
// computed in 128-bit fixed point and rounded half-up, and anything past 2^64 - 1 is ERANGE.
// Debian's 7.2 differs in one visible way: it only warned about a suffix after hex
// ("Using a multiplier suffix on hex numbers is deprecated") and scaled the value; upstream
// rejects it. We follow upstream (util/cutils.c do_strtosz, system/vl.c parse_memory_options).

export type SizeResult = { ok: true; value: bigint } | { ok: false; error: 'range' | 'invalid'; reason: string };

const U64_MAX = (1n << 64n) - 1n;
const TWO64 = 1n << 64n;

/** C isspace in the "C" locale. */
const isSpace = (c: string | undefined) =>
  c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHexDigit = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

function suffixMul(c: string | undefined, unit: bigint): bigint {
  switch (c?.toUpperCase()) {
    case 'B':
      return 1n;
    case 'K':
      return unit;
    case 'M':
      return unit ** 2n;
    case 'G':
      return unit ** 3n;
    case 'T':
      return unit ** 4n;
    case 'P':
      return unit ** 5n;
    case 'E':
      return unit ** 6n;
  }
  return -1n;
}

interface StrtoullResult {
  /** Index just past the digits (== start when nothing was converted). */
  end: number;
  value: bigint;
  overflow: boolean;
  negative: boolean;
}

/**
 * glibc strtoull: leading blanks, one optional sign, "0x"/"0X" for base 16 (and base 0), digits.
 * A '-' negates modulo 2^64, as C does; callers decide what negative means.
 */
function strtoull(s: string, start: number, base: number): StrtoullResult {
  let i = start;
  while (isSpace(s[i])) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') {
    negative = s[i] === '-';
    i++;
  }
  let b = base;
  if ((b === 0 || b === 16) && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && isHexDigit(s[i + 2])) {
    i += 2;
    b = 16;
  } else if (b === 0) {
    b = s[i] === '0' ? 8 : 10;
  }
  const digitsStart = i;
  // Digits accumulate in a double while it is exact (below 2^53: every size and id a script
  // writes), in a bigint past that; a bigint per digit made every number a run of allocations.
  let small = 0;
  let value: bigint | undefined;
  const B = BigInt(b);
  for (;;) {
    const c = s[i];
    if (c === undefined) break;
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= b) break;
    if (value !== undefined) value = value * B + BigInt(d);
    else {
      const next = small * b + d;
      if (next <= Number.MAX_SAFE_INTEGER) small = next;
      else value = BigInt(small) * B + BigInt(d);
    }
    i++;
  }
  if (i === digitsStart) {
    // "0x" with no hex digit after it converts the "0" alone (glibc).
    return { end: start, value: 0n, overflow: false, negative: false };
  }
  value ??= BigInt(small);
  const overflow = value > U64_MAX;
  if (overflow) value = U64_MAX;
  else if (negative) value = (TWO64 - value) % TWO64;
  return { end: i, value, overflow, negative };
}

/** C strtod on a string that has no exponent letter: decimal only (hex floats are cut by 'x'). */
function strtodPrefix(s: string): { end: number; value: number } {
  const m = /^[ \t\n\v\f\r]*([+-]?(?:\d+\.?\d*|\.\d+))/.exec(s);
  if (!m) {
    // inf/nan are parsed by strtod and then refused by qemu_strtod_finite: same as no number.
    return { end: 0, value: NaN };
  }
  return { end: m[0].length, value: Number(m[1]) };
}

/** Where do_strtosz is in the string, and what it has read so far. */
interface SizeCursor {
  text: string;
  /** endptr: index of the first character not consumed. */
  end: number;
  /** The integral part (then the result). */
  val: bigint;
  /** The fraction as a 0.64 fixed-point number. */
  valf: bigint;
}

type Outcome = 0 | 'range' | 'invalid';

const fail = (error: 'range' | 'invalid', reason: string): SizeResult => ({ ok: false, error, reason });

/** The result as QEMU returns it: `else if (nptr && *endptr) retval = -EINVAL;` — trailing garbage wins. */
function finish(c: SizeCursor, r: Outcome, why: string): SizeResult {
  if (c.end < c.text.length) return fail('invalid', `unexpected '${c.text.slice(c.end)}'`);
  if (r === 'range') return fail('range', why);
  if (r === 'invalid') return fail('invalid', why);
  return { ok: true, value: c.val };
}

/**
 * qemu_strtosz (defaultUnit 'B') / qemu_strtosz_MiB (defaultUnit 'M'), with the whole string
 * required to be consumed (QemuOpts and the visitors pass end = NULL): the integral part, then
 * hex or a fraction, then the suffix.
 */
export function parseSize(
  text: string,
  defaultUnit: 'B' | 'M' = 'B',
  unit: 1024 | 1000 = 1024,
  hexSuffix = false,
): SizeResult {
  const U = BigInt(unit);
  const c: SizeCursor = { text, end: 0, val: 0n, valf: 0n };
  // parse_uint(nptr, &endptr, 10, &val)
  let retval: Outcome = 0;
  const p = strtoull(text, 0, 10);
  c.end = p.end;
  if (p.end === 0) retval = 'invalid';
  else if (p.overflow) return finish(c, 'range', 'above 2^64 - 1');
  else if (/^[ \t\n\v\f\r]*-/.test(text)) return finish(c, 'range', 'negative');
  else c.val = p.value;

  if (retval === 0 && c.val === 0n && (text[c.end] === 'x' || text[c.end] === 'X')) {
    const failure = readHex(c, U, hexSuffix);
    if (failure) return failure;
    // QEMU 7.2 still took a suffix after hex (with a deprecation warning, hexWithSuffix below).
    if (hexSuffix && suffixMul(text[c.end], U) > 0n) return applySuffix(c, defaultUnit, U);
  } else if (text[c.end] === '.' || (c.end === 0 && text.includes('.'))) {
    const r = readFraction(c, retval);
    if (typeof r === 'object') return r;
    retval = r;
  }
  if (retval) return finish(c, retval, 'not a number');
  return applySuffix(c, defaultUnit, U);
}

/** "0x…": hexadecimal, with neither a suffix nor a fraction after it (upstream; 7.2: no fraction). */
function readHex(c: SizeCursor, U: bigint, hexSuffix: boolean): SizeResult | undefined {
  const h = strtoull(c.text, 0, 16);
  c.end = h.end;
  if (h.overflow) return finish(c, 'range', 'above 2^64 - 1');
  c.val = h.value;
  if (c.text[c.end] === '.' || (!hexSuffix && suffixMul(c.text[c.end], U) > 0n)) {
    c.end = 0;
    return finish(c, 'invalid', 'a hexadecimal size takes no suffix and no fraction');
  }
  return undefined;
}

/** ".5", "1.5": the fraction strtod reads, kept as 0.64 fixed point (or added when it is 1.0). */
function readFraction(c: SizeCursor, retval: Outcome): Outcome | SizeResult {
  const { text } = c;
  let fraction = 0;
  if (retval === 0 && text[c.end] === '.' && !isDigit(text[c.end + 1])) {
    c.end++;
  } else {
    // The copy is cut at the first e/E so that "1.5E" is 1.5 exbibytes, not an exponent.
    let copy = text.slice(c.end);
    const e = copy.search(/[eE]/);
    if (e >= 0) copy = copy.slice(0, e);
    const d = strtodPrefix(copy);
    if (d.end === 0 || Number.isNaN(d.value)) {
      retval = 'invalid';
    } else {
      retval = 0;
      c.end += d.end;
      fraction = d.value;
      if (Object.is(fraction, -0) || fraction < 0) return finish(c, 'range', 'negative');
      // strtod underflow (ERANGE) on a tiny but non-zero fraction counts as "a little".
      if (fraction < 2.2250738585072014e-308 && /[1-9]/.test(copy.slice(0, d.end))) {
        c.valf = 1n;
        fraction = NaN;
      }
    }
  }
  if (retval === 0 && !Number.isNaN(fraction)) {
    if (fraction === 1.0) {
      if (c.val === U64_MAX) return finish(c, 'range', 'above 2^64 - 1');
      c.val++;
    } else {
      // (uint64_t)(fraction * 0x1p64): exact, a power-of-two scaling of a double.
      c.valf = BigInt(Math.trunc(fraction * 2 ** 64));
      if (c.valf === 0n && fraction > 0) c.valf = 1n;
    }
  }
  return retval;
}

/** The one-letter suffix (else the default unit), the fraction rounded half-up, ERANGE past 2^64 - 1. */
function applySuffix(c: SizeCursor, defaultUnit: 'B' | 'M', U: bigint): SizeResult {
  let mul = suffixMul(c.text[c.end], U);
  if (mul > 0n) c.end++;
  else mul = suffixMul(defaultUnit, U);
  if (mul === 1n) {
    if (c.valf !== 0n) {
      c.end = 0;
      return finish(c, 'invalid', 'a fraction of a byte');
    }
    return finish(c, 0, '');
  }
  const frac = c.valf * mul;
  const result = c.val * mul + (frac >> 64n) + ((frac & U64_MAX) >> 63n);
  if (result > U64_MAX) return finish(c, 'range', 'above 2^64 - 1');
  c.val = result;
  return finish(c, 0, '');
}

export type NumberResult = { ok: true; value: bigint } | { ok: false; error: 'range' | 'invalid' };

/**
 * qemu_strtou64(value, NULL, 0, &n) as QemuOpts uses it for QEMU_OPT_NUMBER: decimal, 0x hex or
 * 0 octal; a leading '-' wraps modulo 2^64 (C semantics, QEMU accepts it); overflow is ERANGE.
 */
export function parseU64(text: string): NumberResult {
  const r = strtoull(text, 0, 0);
  // glibc converts "0x" (no hex digit) as "0" followed by "x": trailing garbage.
  let end = r.end;
  if (end === 0) {
    const z = /^[ \t\n\v\f\r]*[+-]?0/.exec(text);
    if (!z) return { ok: false, error: 'invalid' };
    end = z[0].length;
  }
  if (end < text.length) return { ok: false, error: 'invalid' };
  if (r.overflow) return { ok: false, error: 'range' };
  return { ok: true, value: r.end === 0 ? 0n : r.value };
}

/** Digits as the QAPI string/opts visitors read unsigned integers (strtou64 base 0). */
export { strtoull as cStrtoull };

/**
 * A hex number with a multiplier suffix ("0xc00M"): QEMU 7.2's do_strtosz took it and warned
 * "Using a multiplier suffix on hex numbers is deprecated: 0xc00M"; 8.0 refuses it (parseSize).
 */
export function hexWithSuffix(text: string): boolean {
  return /^[ \t\n\v\f\r]*0[xX][0-9a-fA-F]+[kKmMgGtTpP]$/.test(text);
}
