// Printing numbers the way QEMU prints them.

/** Lowercase hex with 0x, as QEMU's PRIx64 messages and `info mtree` print addresses. */
export function hex(n: bigint): string {
  return '0x' + n.toString(16);
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** Human size in binary units, as QEMU's size_to_str ("2 MiB", "1.5 GiB"). */
export function humanSize(n: bigint): string {
  let unit = 0;
  let whole = n;
  while (unit < UNITS.length - 1 && whole >= 1024n) {
    whole /= 1024n;
    unit++;
  }
  const divisor = 1024n ** BigInt(unit);
  if (n % divisor === 0n) return `${n / divisor} ${UNITS[unit]}`;
  const value = Number(n) / Number(divisor);
  return `${Number(value.toPrecision(3))} ${UNITS[unit]}`;
}
