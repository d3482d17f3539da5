// The typed machine a QEMU invocation describes: only what decides the guest memory map
// and what the placement checks need. Each fact keeps the option/prop it came from so a
// diagnostic can point at the characters at fault.
import type { QemuVersion } from '../types';
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
  /** Version of the machine type; `pc`/`q35` resolve to the target release's newest (7.2, 10.0, 11.1). */
  version: [number, number] | null;
  /** The QEMU release modelled (settings.qemuVersion): decides code that is not a machine-type compat property. */
  qemu: QemuVersion;
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
  /** -machine acpi (OnOffAuto; auto is on for pc and q35). Off: QEMU builds no ACPI table, no SRAT. */
  acpi: boolean;
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
  /** Every entity the command line declares, valid or not, for the checks (the lists above
   *  hold only what the layout can place). */
  declared: Declarations;
  /** -m as written (with -machine memory.* as its spelled-out form), for the checks. */
  memory: MemoryArgs;
}

// ─────────────── declarations: what the command line says, valid or not ───────────────
// The checks must still fire on an option the layout cannot use (a backend without id, a node
// whose memdev names nothing), so every declaration is kept with its option and the props that
// matter, each optional. Values are read once here; a check reads them, never the option text.

/** A -object memory-backend-*. */
export interface DeclaredBackend {
  option: QemuOption;
  qomType: string;
  id?: string;
  idProp?: Prop;
  sizeProp?: Prop;
  /** Undefined when missing, unresolved or refused. */
  size?: bigint;
  alignProp?: Prop;
  /** Its memory is the host's huge pages (a hugetlbfs mem-path, memfd hugetlb=on) or a DAX
   *  device: nothing an ordinary file or anonymous RAM can stand in for page for page. */
  hugePagesOrDax: boolean;
}

/** A -numa node. */
export interface DeclaredNode {
  option: QemuOption;
  /** Explicit or QEMU's default (the count of nodes declared before it); undefined if unresolved or refused. */
  nodeid?: number;
  nodeidProp?: Prop;
  memdevProp?: Prop;
  memProp?: Prop;
  cpusProps: readonly Prop[];
  /** Its SPM setting as written (v7 memmap-type wins over v4 spm=on), whether or not the target QEMU has that key. */
  spm?: NodeSpm;
}

export interface NodeSpm {
  prop: Prop;
  form: 'v4' | 'v7';
  /** memmap-type's value ('spm' for spm=on). */
  type: string;
  /** The target QEMU (spmForm setting) knows the key; when not, QEMU refuses the line. */
  exists: boolean;
}

/** A -device of a memory-device model the target QEMU has (an SPM device of another form is not one). */
export interface DeclaredDevice {
  option: QemuOption;
  driver: string;
  driverProp: Prop;
  id?: string;
  idProp?: Prop;
  memdevProp?: Prop;
  nodeProp?: Prop;
  /** node= value, 0 by default, undefined when unresolved or refused. */
  node?: number;
}

export interface Declarations {
  backends: readonly DeclaredBackend[];
  /** First backend of each id (QEMU refuses the second one). */
  backendById: Map<string, DeclaredBackend>;
  /** Every -object option, memory backend or not, and their ids. */
  objectOptions: readonly QemuOption[];
  objectIds: Set<string>;
  nodes: readonly DeclaredNode[];
  devices: readonly DeclaredDevice[];
  /** Every -device option (any model): ids and QOM names. */
  deviceOptions: readonly QemuOption[];
  /**
   * The same in the order QEMU creates them: vl.c creates the key=value ones (QemuOpts, in order)
   * before the JSON ones (a queue walked afterwards), 7.2.22 and 10.0.2.
   */
  createdDeviceOptions: readonly QemuOption[];
  /** Every -machine / -M option (merged by QEMU, last key wins: see lastMachineProp). */
  machineOptions: readonly QemuOption[];
  /** Every -smp option. */
  smpOptions: readonly QemuOption[];
  /** The first -incoming and -mem-path options. */
  incoming?: QemuOption;
  memPath?: QemuOption;
  /** Every -numa option (any type), and those other than node by type. */
  numaOptions: readonly QemuOption[];
  numaDist: readonly QemuOption[];
  numaCpu: readonly QemuOption[];
  hmatLb: readonly QemuOption[];
  hmatCache: readonly QemuOption[];
  /** Every key of any option that names a memory backend — memdev=, volatile-/persistent-memdev=
   *  (cxl-type3), lsa= (its label area), memory-backend= — with the option it is on. */
  backendRefs: readonly BackendRef[];
  /** Some value of some option could not be resolved: it might name any backend. */
  anyValueUnresolved: boolean;
  /** A whole word of the command could not be resolved ("$EXTRA_ARGS"): it may expand to
   *  options of its own, so "X is not defined" and "X is unused" would be guesses. */
  mayHideOptions: boolean;
}

export interface BackendRef {
  prop: Prop;
  option: QemuOption;
}

/** -m size=,slots=,maxmem= as QEMU merges them (all -m options, last key wins). */
export interface MemoryArgs {
  /** Every -m option, in order (QemuOpts validates each occurrence of a key). */
  options: readonly QemuOption[];
  /** The last -m option (where new keys go). */
  option?: QemuOption;
  sizeProp?: Prop;
  maxmemProp?: Prop;
  slotsProp?: Prop;
  /** A key that matters could not be resolved or parsed, or the machine is incomplete. */
  unknown: boolean;
  /** RAM size after QEMU's 8 KiB rounding. */
  ram: bigint;
  /** The RAM size vl.c holds maxmem and slots against: -m's size, else the default (never the size of
   *  -machine memory-backend=, which comes later: a maxmem below it is accepted, 7.2.22 and 10.0.2). */
  ramAtParse: bigint;
  /** Explicit maxmem, undefined when not given. */
  maxmem?: bigint;
  /** Explicit slots, undefined when not given. */
  slots?: bigint;
}

/** Anything the layout refers back to. */
export interface SourceRef {
  span: Span;
}
