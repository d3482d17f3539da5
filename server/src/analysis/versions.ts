// What differs between the QEMU releases the version setting models (docs/qemu-versions.md), where
// the difference is QEMU's code or wording rather than a machine-type compat property (those follow
// Machine.version) or a machine type list (schema/machines.ts). Every entry was found by running the
// same command line through Debian's QEMU 7.2.22 and QEMU 10.0.2 (test/fixtures/verdicts/qemu-*.json,
// test/fixtures/differential*/); 11.1 follows 10.0 unless noted.
import type { QemuVersion, Settings } from './types';
import { DEFAULT_QEMU_VERSION } from './types';

export function qemuVersionOf(settings: Settings): QemuVersion {
  return settings.qemuVersion ?? DEFAULT_QEMU_VERSION;
}

/** 7.2 is the only modelled release before the 8.x/9.x rewrites the entries below describe. */
export const is72 = (v: QemuVersion): boolean => v === '7.2';

export const versionMessages = {
  /** vl.c select_machine: 10.0 names the type it did not find. */
  unsupportedMachine: (v: QemuVersion, name: string): string =>
    (is72(v) ? 'unsupported machine type' : `unsupported machine type: "${name}"`) +
    '\nUse -machine help to list supported machines',
  /** host_memory_backend / machine_consume_memdev: an -object with the id the default RAM backend takes.
   *  7.2: hw/core/machine.c create_default_memdev's check; 8.0+ reworded (commit "hostmem: ... reserved"). */
  reservedRamId: (v: QemuVersion, id: string): string =>
    is72(v)
      ? `object name '${id}' is reserved for the default RAM backend, it can't be used for any other purposes. Change the object's 'id' to something else`
      : `object's id '${id}' is reserved for the default RAM backend, it can't be used for any other purposes\nChange the object's 'id' to something else or disable automatic creation of the default RAM backend by setting 'memory-backend=${id}' with '-machine'.`,
  /** memory_device_pre_plug without a device-memory region (no maxmem). 7.2 had its own words. */
  notPrepared: (v: QemuVersion): string =>
    is72(v)
      ? 'memory devices (e.g. for memory hotplug) are not enabled, please specify the maxmem option'
      : 'the configuration is not prepared for memory devices (e.g., for memory hotplug), consider specifying the maxmem option',
};

/** 8.x+ (verified 10.0.2): memory-backend-file refuses a size that is not a multiple of the page size:
 *  "backend 'memory-backend-file' memory size must be multiple of 4 KiB". 7.2 accepts it. */
export const filePageMultiple = (v: QemuVersion): boolean => !is72(v);

/** pc_max_used_gpa: 7.2 skips the 64-bit PCI hole only when phys-bits <= 32 (any CPU); 8.2+ looks at
 *  long mode instead (a 32-bit CPU gets broken_32bit_mem_addr_check on <= 8.1 machine types). */
export const maxUsedGpaByPhysBits = (v: QemuVersion): boolean => is72(v);

/** `-device sp-mem` (hw/mem/sp-mem.c, the SPM series merged for 11.1): 7.2 and 10.0 do not have the
 *  device ("'sp-mem' is not a valid device model name"); the seed forms (v4/v7/v8) are patched builds
 *  of any release and follow the spmForm setting alone. */
export const hasSpMem = (v: QemuVersion): boolean => v === '11.1';

/** qemu_strtosz: 7.2 takes a multiplier suffix after a hex number (-m 0xc00 becomes "0xc00M", 3 GiB)
 *  with a deprecation warning; 8.0 removed it ("Parameter 'memory.size' expects size"). Verified 7.2.22
 *  and 10.0.2. */
export const hexSuffixTaken = (v: QemuVersion): boolean => is72(v);
export const hexSuffixDeprecated = (text: string): string =>
  `Using a multiplier suffix on hex numbers is deprecated: ${text}`;

/** memory_device_get_free_addr in 7.2 checks a hint's alignment before the size's; 8.x+ checks the size
 *  first (verified: a 1025M pc-dimm at addr=0x100001000 gets "address must be aligned to 0x200000
 *  bytes" from 7.2.22, "backend memory size must be multiple of 0x200000" from 10.0.2). */
export const addrCheckedBeforeSize = (v: QemuVersion): boolean => is72(v);
