#!/usr/bin/env bash
# A q35 guest with 4 GiB of boot RAM and room for hot-plugged DIMMs (slots/maxmem), plus two
# cold-plugged DIMMs: one placed by QEMU's allocator, one at a fixed guest address (addr=).
# The command line is built in an array, the way larger launch scripts usually do it.
set -euo pipefail

QEMU=${QEMU:-qemu-system-x86_64}

args=(
  -machine q35
  -smp 4
  -m 4G,slots=4,maxmem=32G             # device memory for up to 4 DIMMs, 28 GiB in total
  -object memory-backend-ram,id=ram0,size=2G
  -object memory-backend-ram,id=ram1,size=2G
  -numa node,nodeid=0,cpus=0-1,memdev=ram0
  -numa node,nodeid=1,cpus=2-3,memdev=ram1
)

# First DIMM: 2 GiB on node 0, address chosen by QEMU (first free, aligned place).
args+=(
  -object memory-backend-ram,id=dimm0-mem,size=2G
  -device pc-dimm,id=dimm0,memdev=dimm0-mem,node=0
)

# Second DIMM: 4 GiB on node 1 at a fixed guest address inside the device-memory region
# (q35 with 4 GiB: 2 GiB below 4G, 2 GiB above it up to 0x180000000; device memory is
# 0x180000000..0x980000000 and dimm0 takes its first 2 GiB).
args+=(
  -object memory-backend-ram,id=dimm1-mem,size=4G
  -device pc-dimm,id=dimm1,memdev=dimm1-mem,node=1,addr=0x300000000
)

exec "$QEMU" "${args[@]}" -nographic
