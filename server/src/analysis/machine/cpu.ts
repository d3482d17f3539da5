// What a -cpu model means for the memory map: vendor (AMD decides the 1 TiB hole), long mode and
// the default phys-bits. From QEMU's builtin_x86_defs (target/i386/cpu.c) and x86_cpu_realizefn.
import type { CpuVendor } from './machine';

export interface CpuFacts {
  vendor: CpuVendor;
  longMode: boolean;
  /** phys-bits when not set by the user: 40 (TCG_PHYS_ADDR_BITS) for 64-bit models; 32-bit models
   *  get 36 with PAE/PSE36 and 32 without. */
  physBits: number;
  /** The vendor depends on the host (-cpu host, or max under KVM). */
  hostDependent?: boolean;
}

// 32-bit models and their phys-bits (PAE or PSE36 → 36).
const THIRTY_TWO_BIT: Record<string, { vendor: CpuVendor; physBits: number }> = {
  '486': { vendor: 'intel', physBits: 32 },
  pentium: { vendor: 'intel', physBits: 32 },
  pentium2: { vendor: 'intel', physBits: 36 },
  pentium3: { vendor: 'intel', physBits: 36 },
  qemu32: { vendor: 'intel', physBits: 36 },
  kvm32: { vendor: 'intel', physBits: 36 },
  coreduo: { vendor: 'intel', physBits: 36 },
  n270: { vendor: 'intel', physBits: 36 },
  athlon: { vendor: 'amd', physBits: 36 },
};

// 64-bit models by name prefix; versioned names (EPYC-Rome-v4, Skylake-Server-IBRS) share the vendor.
const AMD_PREFIXES = ['qemu64', 'phenom', 'Opteron_G', 'EPYC'];
const INTEL_PREFIXES = [
  'kvm64',
  'core2duo',
  'Conroe',
  'Penryn',
  'Nehalem',
  'Westmere',
  'SandyBridge',
  'IvyBridge',
  'Haswell',
  'Broadwell',
  'Skylake',
  'Cascadelake',
  'Cooperlake',
  'Icelake',
  'SapphireRapids',
  'GraniteRapids',
  'SierraForest',
  'ClearwaterForest',
  'Denverton',
  'Snowridge',
  'KnightsMill',
];
// Hygon (HygonGenuine) and Zhaoxin (CentaurHauls) are not IS_AMD_CPU: no 1 TiB hole, like Intel.
const OTHER_PREFIXES = ['Dhyana', 'YongFeng'];

/** Facts for a model name, or undefined for a name QEMU does not know. */
export function cpuModelFacts(model: string, kvm: boolean, hostVendor: CpuVendor): CpuFacts | undefined {
  if (model === 'host') return { vendor: hostVendor, longMode: true, physBits: 40, hostDependent: true };
  // max: the host's CPU under KVM; under TCG QEMU reports AuthenticAMD (confirmed on 7.2).
  if (model === 'max')
    return kvm
      ? { vendor: hostVendor, longMode: true, physBits: 40, hostDependent: true }
      : { vendor: 'amd', longMode: true, physBits: 40 };
  const small = THIRTY_TWO_BIT[model];
  if (small) return { vendor: small.vendor, longMode: false, physBits: small.physBits };
  const starts = (list: string[]) => list.some((p) => model.startsWith(p));
  if (starts(AMD_PREFIXES)) return { vendor: 'amd', longMode: true, physBits: 40 };
  if (starts(INTEL_PREFIXES) || starts(OTHER_PREFIXES)) return { vendor: 'intel', longMode: true, physBits: 40 };
  return undefined;
}

/** vendor=<12-char id> overrides the model's vendor; only AuthenticAMD counts as AMD. */
export function vendorFromId(id: string): CpuVendor {
  return id === 'AuthenticAMD' ? 'amd' : 'intel';
}
