// The typed machine a QEMU invocation describes: only what decides the guest memory map
// and what the placement checks need. Each fact keeps the option/prop it came from so a
// diagnostic can point at the characters at fault.
import type { Prop, QemuOption, Span } from '../types';

export type CpuVendor = 'amd' | 'intel';

/** The SPM form an object uses (seeds: v4 spm=on, v7 memmap-type, v8 spm-memory; upstream sp-mem). */
export type SpmForm = 'v4' | 'v7' | 'v8' | 'upstream';

export type MemmapType = 'normal' | 'spm' | 'reserved';

export interface Backend {
  id: string;
  /** memory-backend-ram | memory-backend-file | memory-backend-memfd | ... */
  qomType: string;
  /** Undefined when missing or unknown. */
  size?: bigint;
  /** Alignment a memory device placed on this backend needs (memory_region_get_alignment). */
  alignment: bigint;
  option: QemuOption;
  /** Last value of each key (QEMU's rule). */
  props: Map<string, Prop>;
}

export interface NumaNode {
  nodeid: number;
  memdev?: string;
  /** Legacy mem= size. */
  mem?: bigint;
  /** Memory the node contributes to boot RAM (backend size or mem=), 0 for memory-less nodes. */
  size: bigint;
  /** v7 memmap-type, or 'spm' for v4 spm=on. */
  memmapType: MemmapType;
  /** Which form set memmapType (undefined when not set). */
  spmForm?: 'v4' | 'v7';
  cpus: number[];
  option: QemuOption;
  props: Map<string, Prop>;
}

export interface MemoryDeviceSpec {
  /** qdev id, or undefined. */
  id?: string;
  /** pc-dimm | nvdimm | spm-memory | sp-mem | virtio-mem-pci | virtio-pmem-pci */
  driver: string;
  memdev?: string;
  node: number;
  /** Explicit addr= (0 means auto, as in QEMU). */
  addr?: bigint;
  slot?: number;
  /** Set for the SPM device forms. */
  spmForm?: 'v8' | 'upstream';
  /** nvdimm label-size. */
  labelSize?: bigint;
  /** virtio-mem block-size. */
  blockSize?: bigint;
  /** Its QOM child name: the id (under /machine/peripheral) or device[N] (peripheral-anon). */
  qomName?: string;
  option: QemuOption;
  props: Map<string, Prop>;
}

export interface Machine {
  /** Machine family: pc (i440fx) or q35. */
  family: 'pc' | 'q35';
  /** As written or defaulted: 'q35', 'pc-q35-7.2', 'pc', ... */
  typeName: string;
  /** Versioned machine type, or null for the latest (pc, q35). */
  version: [number, number] | null;
  /** After QEMU's 8 KiB rounding. */
  ramSize: bigint;
  /** maxram_size: equals ramSize when maxmem is absent. */
  maxmem: bigint;
  slots: bigint;
  /** 0 = machine default. */
  maxRamBelow4g: bigint;
  kvm: boolean;
  cpuVendor: CpuVendor;
  /** True when the vendor came from the hostCpuVendor setting (-cpu host/max). */
  vendorAssumed: boolean;
  physBits: number;
  /** True when physBits is a guess (host-phys-bits / -cpu host under KVM): no phys-bits error then. */
  physBitsAssumed?: boolean;
  /** 64-bit (long mode) CPU. */
  longMode: boolean;
  nvdimm: boolean;
  pciHole64Size: bigint;
  /** -machine memory-backend=ID */
  machineMemdev?: string;
  backends: Backend[];
  nodes: NumaNode[];
  devices: MemoryDeviceSpec[];
  /** A fact the map depends on could not be resolved; layout results are then not trustworthy. */
  incomplete: boolean;
  /** Where the -m option is (for diagnostics and the hover on -m). */
  memoryOption?: QemuOption;
  machineOption?: QemuOption;
  /** The -cpu option (for problems about phys-bits and the vendor). */
  cpuOption?: QemuOption;
  /** Child names of /machine/peripheral and /machine/peripheral-anon in creation order (all
   *  -device options, not only memory devices): QEMU walks them in hash-table order. */
  qomChildren?: { peripheral: string[]; anon: string[] };
  /** Something to point at when no option is to blame (the first option of the command). */
  anchor?: Span;
}

/** Anything the layout refers back to. */
export interface SourceRef {
  span: Span;
}
