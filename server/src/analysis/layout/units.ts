// Sizes and alignment helpers shared by the layout steps (all bigint, as QEMU's uint64_t).

export const KiB = 1024n;
export const MiB = 1024n * KiB;
export const GiB = 1024n * MiB;
export const TiB = 1024n * GiB;

// Alignment is read the same way everywhere: the options layer's one implementation.
export { alignDown, alignUp, isAligned } from '../options/values';

/** 2^64 - 1: where QEMU's uint64_t arithmetic would wrap. */
export const U64_MAX = (1n << 64n) - 1n;

/** True when a versioned machine type is at most major.minor (unversioned = latest = false). */
export function versionAtMost(version: [number, number] | null, major: number, minor: number): boolean {
  if (!version) return false;
  return version[0] < major || (version[0] === major && version[1] <= minor);
}
