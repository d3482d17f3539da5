// parseSize / parseU64 against QEMU. Observed values come from Debian's QEMU 7.2.22:
//   qemu-system-x86_64 -S -display none -nodefaults -machine none \
//     -object memory-backend-ram,id=m,size=VALUE -qmp stdio   (then qom-get /objects/m size)
// and for numbers: qemu-system-x86_64 ... -m 1G,slots=VALUE,maxmem=4G
// Where upstream's do_strtosz (util/cutils.c, QEMU >= 8.1) differs from 7.2, the test follows
// upstream and says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSize, parseU64 } from '../../../server/src/analysis/options/size';

const ok = (text: string, value: bigint, unit: 'B' | 'M' = 'B') =>
  assert.deepEqual(parseSize(text, unit), { ok: true, value }, text);
const bad = (text: string, error: 'range' | 'invalid', unit: 'B' | 'M' = 'B') => {
  const r = parseSize(text, unit);
  assert.equal(r.ok, false, text);
  if (!r.ok) assert.equal(r.error, error, text);
};

test('plain numbers and binary suffixes, either case (7.2: same values)', () => {
  ok('1', 1n);
  ok('1024', 1024n);
  ok('0', 0n);
  ok('4G', 4294967296n);
  ok('4g', 4294967296n);
  ok('1k', 1024n);
  ok('1K', 1024n);
  ok('2m', 2097152n);
  ok('1T', 1n << 40n);
  ok('1P', 1n << 50n);
  ok('1E', 1n << 60n);
  ok('15E', 15n << 60n);
  ok('16777215T', 16777215n << 40n);
  ok('512B', 512n);
  ok('512b', 512n);
  ok('+5M', 5242880n);
  ok(' 5M', 5242880n); // strtoull skips leading blanks
  ok('08', 8n); // decimal, not octal
  ok('010', 10n);
});

test('fractions need a suffix above bytes and round half up (7.2: same values)', () => {
  ok('1.5G', 1610612736n);
  ok('1.5g', 1610612736n);
  ok('0.5K', 512n);
  ok('1.k', 1024n);
  ok('1.K', 1024n);
  ok('0.125G', 134217728n);
  ok('12.345M', 12944671n);
  ok('1.0000000001K', 1024n);
  ok('0.0009765625K', 1n);
  ok('0.00048828125K', 1n); // exactly half a byte rounds up
  ok('0.00048828124K', 0n);
  ok('1.5E', 1729382256910270464n); // "E" is exbibytes, not an exponent
  bad('1.5', 'invalid');
  bad('1.5B', 'invalid');
  bad('1e3', 'invalid');
});

test('upstream accepts a fraction without integral digits; 7.2 rejected ".5M"', () => {
  ok('.5M', 524288n);
});

test('hex: accepted without suffix; with a suffix upstream rejects it (7.2 only warned)', () => {
  ok('0x10', 16n);
  ok('0X10', 16n);
  ok('0x1b', 27n); // b and e are hex digits here, not suffixes
  ok('0x1E', 30n);
  // 7.2.22: "warning: Using a multiplier suffix on hex numbers is deprecated: 0x20M" and 32 MiB.
  bad('0x20M', 'invalid');
  bad('0x1.8', 'invalid');
  bad('0x1.8p1M', 'invalid');
  bad('0x', 'invalid');
});

test('range errors: past 2^64 - 1 and negative numbers', () => {
  ok('18446744073709551615', 18446744073709551615n);
  bad('18446744073709551616', 'range');
  bad('16E', 'range');
  bad('99999999999999999999', 'range');
  bad('-1', 'range');
  bad('-0', 'range');
  bad('-.5', 'range');
  bad('-.5M', 'invalid'); // the suffix is never reached, so it is trailing garbage
  // Trailing garbage turns any outcome into "invalid" (end == NULL in QemuOpts and visitors).
  bad('-1x', 'invalid');
  bad('99999999999999999999x', 'invalid');
});

test('garbage is invalid (7.2: "Parameter \'size\' expects a size value")', () => {
  for (const t of ['', 'x', 'abc', '5MB', '5Q', '5M ', 'inf', 'nan', '1.5.5M', '- 5', '1 G']) bad(t, 'invalid');
});

test('qemu_strtosz_MiB: bare numbers are MiB (legacy -numa node,mem=)', () => {
  ok('1024', 1024n << 20n, 'M');
  ok('1.5', 1572864n, 'M');
  ok('4G', 4n << 30n, 'M');
  ok('512B', 512n, 'M');
});

test('qemu_strtou64 base 0 for QEMU_OPT_NUMBER (-m slots=)', () => {
  assert.deepEqual(parseU64('4'), { ok: true, value: 4n });
  assert.deepEqual(parseU64('010'), { ok: true, value: 8n }); // octal
  assert.deepEqual(parseU64('0x10'), { ok: true, value: 16n });
  assert.deepEqual(parseU64(' 5'), { ok: true, value: 5n });
  // C wraps a negative number modulo 2^64; QEMU 7.2 accepted slots=-1 at this stage.
  assert.deepEqual(parseU64('-1'), { ok: true, value: 18446744073709551615n });
  // 7.2: "Parameter 'slots' expects a number"
  assert.deepEqual(parseU64('08'), { ok: false, error: 'invalid' });
  assert.deepEqual(parseU64('0x'), { ok: false, error: 'invalid' });
  assert.deepEqual(parseU64(''), { ok: false, error: 'invalid' });
  assert.deepEqual(parseU64('5 '), { ok: false, error: 'invalid' });
  // 7.2: "Value '18446744073709551616' is too large for parameter 'slots'"
  assert.deepEqual(parseU64('18446744073709551616'), { ok: false, error: 'range' });
});
