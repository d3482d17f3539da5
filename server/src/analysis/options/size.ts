// Sizes and numbers exactly as QEMU reads them.
//
// parseSize mirrors upstream util/cutils.c do_strtosz (QEMU ≥ 8.1, still current): the integral
// part is an unsigned decimal (or hex with 0x and then no suffix and no fraction), an optional
// fraction, then an optional one-letter binary suffix B/K/M/G/T/P/E in either case; the result is
// computed in 128-bit fixed point and rounded half-up, and anything past 2^64 - 1 is ERANGE.
// Debian's 7.2 differs in one visible way: it only warned about a suffix after hex
// ("Using a multiplier suffix on hex numbers is deprecated") and scaled the value; upstream
// rejects it. We follow upstream, as the reference asks (qemu-rules.md R1.6/R1.7).

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
  let value = 0n;
  const B = BigInt(b);
  for (;;) {
    const c = s[i];
    if (c === undefined) break;
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= b) break;
    value = value * B + BigInt(d);
    i++;
  }
  if (i === digitsStart) {
    // "0x" with no hex digit after it converts the "0" alone (glibc).
    return { end: start, value: 0n, overflow: false, negative: false };
  }
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

/**
 * qemu_strtosz (defaultUnit 'B') / qemu_strtosz_MiB (defaultUnit 'M'), with the whole string
 * required to be consumed (QemuOpts and the visitors pass end = NULL).
 */
export function parseSize(text: string, defaultUnit: 'B' | 'M' = 'B', unit: 1024 | 1000 = 1024): SizeResult {
  const U = BigInt(unit);
  const fail = (error: 'range' | 'invalid', reason: string): SizeResult => ({ ok: false, error, reason });

  // parse_uint(nptr, &endptr, 10, &val)
  let retval: 0 | 'range' | 'invalid' = 0;
  let end: number;
  let val = 0n;
  let valf = 0n;
  const p = strtoull(text, 0, 10);
  end = p.end;
  if (p.end === 0) retval = 'invalid';
  else if (p.overflow) {
    retval = 'range';
  } else if (/^[ \t\n\v\f\r]*-/.test(text)) {
    retval = 'range';
  } else val = p.value;

  const finish = (r: 0 | 'range' | 'invalid', why: string): SizeResult => {
    // `else if (nptr && *endptr) retval = -EINVAL;` — trailing garbage wins over any other outcome.
    if (end < text.length) return fail('invalid', `unexpected '${text.slice(end)}'`);
    if (r === 'range') return fail('range', why);
    if (r === 'invalid') return fail('invalid', why);
    return { ok: true, value: val };
  };

  if (retval === 'range') return finish('range', p.overflow ? 'above 2^64 - 1' : 'negative');

  if (retval === 0 && val === 0n && (text[end] === 'x' || text[end] === 'X')) {
    const h = strtoull(text, 0, 16);
    if (h.overflow) {
      end = h.end;
      return finish('range', 'above 2^64 - 1');
    }
    val = h.value;
    end = h.end;
    if (text[end] === '.' || suffixMul(text[end], U) > 0n) {
      end = 0;
      return finish('invalid', 'a hexadecimal size takes no suffix and no fraction');
    }
  } else if (text[end] === '.' || (end === 0 && text.includes('.'))) {
    let fraction = 0;
    if (retval === 0 && text[end] === '.' && !isDigit(text[end + 1])) {
      end++;
    } else {
      // The copy is cut at the first e/E so that "1.5E" is 1.5 exbibytes, not an exponent.
      let copy = text.slice(end);
      const e = copy.search(/[eE]/);
      if (e >= 0) copy = copy.slice(0, e);
      const d = strtodPrefix(copy);
      if (d.end === 0 || Number.isNaN(d.value)) {
        retval = 'invalid';
      } else {
        retval = 0;
        end += d.end;
        fraction = d.value;
        if (Object.is(fraction, -0) || fraction < 0) return finish('range', 'negative');
        // strtod underflow (ERANGE) on a tiny but non-zero fraction counts as "a little".
        if (fraction < 2.2250738585072014e-308 && /[1-9]/.test(copy.slice(0, d.end))) {
          valf = 1n;
          fraction = NaN;
        }
      }
    }
    if (retval === 0 && !Number.isNaN(fraction)) {
      if (fraction === 1.0) {
        if (val === U64_MAX) return finish('range', 'above 2^64 - 1');
        val++;
      } else {
        // (uint64_t)(fraction * 0x1p64): exact, a power-of-two scaling of a double.
        valf = BigInt(Math.trunc(fraction * 2 ** 64));
        if (valf === 0n && fraction > 0) valf = 1n;
      }
    }
  }
  if (retval) return finish(retval, 'not a number');

  let mul = suffixMul(text[end], U);
  if (mul > 0n) end++;
  else mul = suffixMul(defaultUnit, U);
  if (mul === 1n) {
    if (valf !== 0n) {
      end = 0;
      return finish('invalid', 'a fraction of a byte');
    }
  } else {
    const frac = valf * mul;
    const result = val * mul + (frac >> 64n) + ((frac & U64_MAX) >> 63n);
    if (result > U64_MAX) return finish('range', 'above 2^64 - 1');
    val = result;
  }
  return finish(0, '');
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
