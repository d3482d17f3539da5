#!/usr/bin/env bash
# DELIBERATELY BROKEN: every QEMU below has placement mistakes that QEMU would reject (or
# quietly build a different map for). `qemu-launch check` reports them all at once, so
# this file makes `npm start` show what the errors look like. Do not copy it.

QEMU=qemu-system-x86_64

# 1) v8 SPM devices without device memory, twice on one node, and a misaligned DIMM.
#    - the NUMA nodes' memory (2G + 1G) does not add up to -m 4G
#    - -m has no maxmem, so there is no device memory for spm-memory / pc-dimm at all
#    - spm0 and spm1 are both on node 1 (v8: SPM nodes must be SPM-only)
#    - spm1 reuses spm0's backend (memory backend 'hbm' is already in use)
#    - dimm0 needs a memory slot, but -m gives none (and its addr= is not 2 MiB aligned)
#    - spm2 names NUMA node 5, which does not exist
$QEMU \
  -machine q35 \
  -m 4G \
  -object memory-backend-ram,id=m0,size=2G \
  -object memory-backend-ram,id=m1,size=1G \
  -numa node,nodeid=0,memdev=m0 \
  -numa node,nodeid=1,memdev=m1 \
  -object memory-backend-ram,id=hbm,size=2G \
  -device spm-memory,id=spm0,memdev=hbm,node=1 \
  -device spm-memory,id=spm1,memdev=hbm,node=1 \
  -object memory-backend-ram,id=d0,size=1G \
  -device pc-dimm,id=dimm0,memdev=d0,addr=0x180100000 \
  -object memory-backend-ram,id=hbm2,size=1G \
  -device spm-memory,id=spm2,memdev=hbm2,node=5

# 2) v7 memmap-type errors.
#    - node 1 (spm) starts below 4 GiB and ends above it: "spans across 4GB boundary"
#    - node 2 asks for memmap-type=reserved without a memdev
qemu-system-x86_64 \
  -machine q35 \
  -m 6G \
  -object memory-backend-ram,id=m2,size=1G \
  -object memory-backend-ram,id=m3,size=5G \
  -numa node,nodeid=0,memdev=m2 \
  -numa node,nodeid=1,memdev=m3,memmap-type=spm \
  -numa node,nodeid=2,memmap-type=reserved
