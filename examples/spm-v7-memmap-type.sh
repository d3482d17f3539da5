#!/usr/bin/env bash
# SPM, v7 form (seed 000, Mar 2026): `memmap-type=normal|spm|reserved` on a NUMA node.
# Node 1's 8 GiB lies entirely above 4 GiB (node 0 fills the 2 GiB below the PCI hole and
# the first 6 GiB above it), so the whole node becomes one SOFT_RESERVED E820 entry and
# keeps an ENABLED SRAT entry for proximity domain 1.

start_guest() {
  local name=$1
  local qemu=qemu-system-x86_64
  # time: report how long the guest ran, as the CI job logs it.
  time $qemu \
    -name "$name" \
    -machine q35 \
    -m 16G \
    -object memory-backend-ram,size=8G,id=m0 \
    -object memory-backend-ram,size=8G,id=m1 \
    -numa node,nodeid=0,memdev=m0 \
    -numa node,nodeid=1,memdev=m1,memmap-type=spm \
    -nographic
}

start_guest spm-v7
