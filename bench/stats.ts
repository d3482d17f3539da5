// Percentiles and number formatting for the benchmark report.

/** Nearest-rank percentile (p in 0..100) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  return { n: values.length, p50: percentile(values, 50), p90: percentile(values, 90), max: Math.max(...values) };
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Milliseconds with precision that matches their size. */
export function ms(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return 'n/a';
  if (value < 1) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return value.toFixed(0);
}

export function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/** "0.02× (50× faster)": ours divided by theirs, and the speed-up when it is one. */
export function ratio(ours: number | undefined, theirs: number | undefined): string {
  if (ours === undefined || theirs === undefined || !(theirs > 0) || !(ours > 0)) return 'n/a';
  const r = ours / theirs;
  const text = r < 0.01 ? r.toFixed(4) : r < 1 ? r.toFixed(3) : r.toFixed(2);
  const inverse = 1 / r;
  return r < 1 ? `${text}× (${inverse < 10 ? inverse.toFixed(1) : inverse.toFixed(0)}× less)` : `${text}×`;
}

export function now(): number {
  return performance.now();
}
