// The order in which QEMU walks a QOM container's children (object_child_foreach): the
// iteration order of GLib's GHashTable holding them, keyed by child name. NVDIMM SRAT entries
// come out in this order (nvdimm_build_srat walks /machine), not in address or command-line
// order — observed on QEMU 7.2 (ids c,a,b → b,a,c; x1,x2,x3 → x1,x3,x2).
//
// Modelled on GLib 2.74 ghash.c: g_str_hash (djb2), index = (hash * 11) % prime_mod[shift],
// quadratic probing, growth to nnodes * 1.333 when the table is 15/16 full, in-place rehash.

const PRIME_MOD = [
  1, 2, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071, 262139, 524287, 1048573,
  2097143, 4194301, 8388593, 16777213, 33554393, 67108859, 134217689, 268435399, 536870909, 1073741789, 2147483647,
];
const MIN_SHIFT = 3;

function strHash(s: string): number {
  let h = 5381;
  for (const byte of new TextEncoder().encode(s)) h = (Math.imul(h, 33) + byte) >>> 0;
  return h < 2 ? 2 : h; // HASH_IS_REAL: 0 and 1 mark unused/tombstone buckets
}

function closestShift(n: number): number {
  let i = 0;
  for (; n; i++) n >>= 1;
  return Math.max(i, MIN_SHIFT);
}

class Table {
  shift = MIN_SHIFT;
  hashes: number[] = new Array<number>(1 << MIN_SHIFT).fill(0);
  keys: (string | undefined)[] = new Array<string | undefined>(1 << MIN_SHIFT).fill(undefined);
  nnodes = 0;
  noccupied = 0;

  get size() {
    return 1 << this.shift;
  }
  get mask() {
    return this.size - 1;
  }
  index(hash: number): number {
    return Number(BigInt(Math.imul(hash, 11) >>> 0) % BigInt(PRIME_MOD[this.shift]));
  }

  insert(key: string): void {
    const hash = strHash(key);
    let i = this.index(hash);
    let step = 0;
    while (this.hashes[i] !== 0) {
      if (this.hashes[i] === hash && this.keys[i] === key) return;
      step++;
      i = (i + step) & this.mask;
    }
    this.hashes[i] = hash;
    this.keys[i] = key;
    this.nnodes++;
    this.noccupied++;
    this.maybeResize();
  }

  private maybeResize(): void {
    const size = this.size;
    if ((size > this.nnodes * 4 && size > 1 << MIN_SHIFT) || size <= this.noccupied + Math.floor(this.noccupied / 16))
      this.resize();
  }

  /** g_hash_table_resize + resize_map: grow (or shrink) and rehash in place, evicting as it goes. */
  private resize(): void {
    const oldSize = this.size;
    this.shift = closestShift(Math.trunc(this.nnodes * 1.333));
    const newSize = this.size;
    const span = Math.max(oldSize, newSize);
    if (newSize > oldSize) {
      this.hashes.length = newSize;
      this.keys.length = newSize;
      this.hashes.fill(0, oldSize);
      this.keys.fill(undefined, oldSize);
    }
    const placed = new Array(span).fill(false);
    for (let i = 0; i < oldSize; i++) {
      let hash = this.hashes[i];
      if (hash < 2) {
        this.hashes[i] = 0;
        continue;
      }
      if (placed[i]) continue;
      this.hashes[i] = 0;
      let key = this.keys[i];
      this.keys[i] = undefined;
      for (;;) {
        let j = this.index(hash);
        let step = 0;
        while (placed[j]) {
          step++;
          j = (j + step) & this.mask;
        }
        placed[j] = true;
        const replacedHash = this.hashes[j];
        const replacedKey = this.keys[j];
        this.hashes[j] = hash;
        this.keys[j] = key;
        if (replacedHash < 2) break;
        hash = replacedHash;
        key = replacedKey;
      }
    }
    if (newSize < oldSize) {
      this.hashes.length = newSize;
      this.keys.length = newSize;
    }
    this.noccupied = this.nnodes;
  }
}

/** Children inserted in `insertionOrder`, in the order QEMU iterates them. */
export function qomChildOrder(insertionOrder: string[]): string[] {
  const t = new Table();
  for (const k of insertionOrder) t.insert(k);
  return t.keys.filter((k): k is string => k !== undefined);
}
