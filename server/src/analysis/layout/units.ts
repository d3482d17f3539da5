// Sizes and alignment helpers shared by the layout steps (all bigint, as QEMU's uint64_t).

export const KiB = 1024n;
export const MiB = 1024n * KiB;
export const GiB = 1024n * MiB;
export const TiB = 1024n * GiB;

/** QEMU_ALIGN_UP for any alignment (not only powers of two, as QEMU's macro). */
export function alignUp(n: bigint, align: bigint): bigint {
  if (align <= 0n) return n;
  return ((n + align - 1n) / align) * align;
}

export function alignDown(n: bigint, align: bigint): bigint {
  if (align <= 0n) return n;
  return (n / align) * align;
}

export function isAligned(n: bigint, align: bigint): boolean {
  return align <= 0n || n % align === 0n;
}

/** 2^64 - 1: where QEMU's uint64_t arithmetic would wrap. */
export const U64_MAX = (1n << 64n) - 1n;

/** True when a versioned machine type is at most major.minor (unversioned = latest = false). */
export function versionAtMost(version: [number, number] | null, major: number, minor: number): boolean {
  if (!version) return false;
  return version[0] < major || (version[0] === major && version[1] <= minor);
}
