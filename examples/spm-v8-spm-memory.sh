#!/usr/bin/env bash
# SPM, v8 form (seed 003, Jun 2026): each block of accelerator memory is its own
# `-device spm-memory` on its own (memory-less) NUMA node. The devices are placed in the
# machine's device-memory region by the memory-device allocator, so -m needs maxmem above
# the boot RAM. Here a pc-dimm sits between two SPM devices: QEMU places spm0 first, then
# dimm0 after it, then spm1; E820 gets one SOFT_RESERVED entry per device and the SRAT's
# hotpluggable umbrella over device memory is split around them.

QEMU=qemu-system-x86_64
HBM0=h0
HBM1=h1

# One guest per host accelerator; `env` keeps QEMU's temporary files off the small /tmp.
launch() {
  env TMPDIR=/var/tmp $QEMU \
    -machine pc \
    -m 4G,slots=4,maxmem=24G \
    -object memory-backend-ram,id=m0,size=4G \
    -numa node,nodeid=0,memdev=m0 \
    -numa node,nodeid=1 \
    -numa node,nodeid=2 \
    -numa node,nodeid=3 \
    -object memory-backend-ram,id=$HBM0,size=4G \
    -device spm-memory,id=spm0,memdev=$HBM0,node=2 \
    -object memory-backend-ram,id=d0,size=2G \
    -device pc-dimm,id=dimm0,memdev=d0,node=1 \
    -object memory-backend-ram,id=$HBM1,size=2G \
    -device spm-memory,id=spm1,memdev=$HBM1,node=3 \
    -nographic
}

launch
