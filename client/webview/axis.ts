// A segmented axis: every range boundary and marker cuts the address space into segments; each
// segment gets a width that grows with the log of its size, and addresses are placed linearly
// inside their segment. 640 KiB and 2 TiB both stay wide enough to see and label, and x stays
// monotonic in the address. Addresses are bigint; floating point only within one segment.

export interface Segment {
  start: bigint;
  end: bigint;
  /** Pixel position of start/end. */
  x0: number;
  x1: number;
  /** No drawn range covers it: a compressed gap. */
  gap: boolean;
}

export interface Axis {
  segments: Segment[];
  min: bigint;
  max: bigint;
  /** x of an address (clamped to the axis). */
  x(address: bigint): number;
  /** Every cut, in address order, for tick labels. */
  cuts: bigint[];
}

const log2 = (n: bigint): number => {
  const bits = n.toString(2).length;
  // Top 53 bits are plenty for a width weight.
  const shift = bits > 53 ? BigInt(bits - 53) : 0n;
  return Math.log2(Number(n >> shift)) + Number(shift);
};

/** Width weight of a segment: at least 1, +1 per doubling above 64 KiB; gaps count half. */
export function segmentWeight(length: bigint, gap: boolean): number {
  const w = 1 + Math.max(0, log2(length) - 16);
  return gap ? Math.max(1, w / 2) : w;
}

export function buildAxis(ranges: { start: bigint; end: bigint }[], marks: bigint[], x0: number, x1: number): Axis {
  const cutSet = new Set<bigint>([0n]);
  for (const r of ranges) {
    cutSet.add(r.start);
    cutSet.add(r.end);
  }
  for (const m of marks) cutSet.add(m);
  const cuts = [...cutSet].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (cuts.length === 1) cuts.push(1n << 32n);
  const raw = [] as { start: bigint; end: bigint; gap: boolean; w: number }[];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i];
    const end = cuts[i + 1];
    const gap = !ranges.some((r) => r.start < end && start < r.end);
    raw.push({ start, end, gap, w: segmentWeight(end - start, gap) });
  }
  const total = raw.reduce((s, r) => s + r.w, 0);
  let at = x0;
  const segments: Segment[] = raw.map((r) => {
    const width = ((x1 - x0) * r.w) / total;
    const seg = { start: r.start, end: r.end, x0: at, x1: at + width, gap: r.gap };
    at += width;
    return seg;
  });
  const min = cuts[0];
  const max = cuts[cuts.length - 1];
  const x = (address: bigint): number => {
    if (address <= min) return x0;
    if (address >= max) return x1;
    // Binary search for the segment holding the address.
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (segments[mid].end <= address) lo = mid + 1;
      else hi = mid;
    }
    const s = segments[lo];
    const scale = 1n << 20n;
    const frac = Number(((address - s.start) * scale) / (s.end - s.start)) / Number(scale);
    return s.x0 + (s.x1 - s.x0) * frac;
  };
  return { segments, min, max, x, cuts };
}
