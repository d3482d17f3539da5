// Decoding what QEMU hands the firmware: etc/e820 entries and the SRAT inside etc/acpi/tables,
// whose table boundaries come from the ADD_CHECKSUM commands of etc/table-loader (QEMU leaves
// the checksums for the firmware, so they cannot locate the tables themselves).
import type { E820Entry, SratMemEntry } from '../analysis/layout/addressMap';

export class ProtocolError extends Error {}

export function parseE820(b: Buffer): E820Entry[] {
  const out: E820Entry[] = [];
  for (let i = 0; i + 20 <= b.length; i += 20)
    out.push({ start: b.readBigUInt64LE(i), length: b.readBigUInt64LE(i + 8), type: b.readUInt32LE(i + 16) });
  return out;
}

const LOADER_ENTRY = 128;
const ADD_CHECKSUM = 3;

/** Every ACPI table in the blob, by signature, in blob order. */
export function findAcpiTables(blob: Buffer, loader: Buffer): Map<string, Buffer[]> {
  const tables = new Map<string, Buffer[]>();
  for (let i = 0; i + LOADER_ENTRY <= loader.length; i += LOADER_ENTRY) {
    if (loader.readUInt32LE(i) !== ADD_CHECKSUM) continue;
    const nameEnd = loader.indexOf(0, i + 4);
    const file = loader.toString('latin1', i + 4, Math.min(nameEnd < 0 ? i + 60 : nameEnd, i + 60));
    if (file !== 'etc/acpi/tables') continue;
    const start = loader.readUInt32LE(i + 64);
    const length = loader.readUInt32LE(i + 68);
    if (start + length > blob.length || length < 36)
      throw new ProtocolError('etc/table-loader points outside etc/acpi/tables');
    const table = blob.subarray(start, start + length);
    const sig = table.toString('latin1', 0, 4);
    tables.set(sig, [...(tables.get(sig) ?? []), table]);
  }
  return tables;
}

/** SRAT memory affinity structures (type 1), in table order. */
export function parseSratMemory(t: Buffer): SratMemEntry[] {
  const out: SratMemEntry[] = [];
  let p = 48; // 36-byte header + u32 reserved + u64 reserved
  while (p + 2 <= t.length) {
    const type = t[p];
    const len = t[p + 1];
    if (len === 0 || p + len > t.length) break;
    if (type === 1 && len === 40) {
      out.push({
        node: t.readUInt32LE(p + 2),
        start: t.readBigUInt64LE(p + 8),
        length: t.readBigUInt64LE(p + 16),
        flags: t.readUInt32LE(p + 28),
      });
    }
    p += len;
  }
  return out;
}
