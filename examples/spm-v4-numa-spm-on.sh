#!/usr/bin/env bash
# SPM, v4 form (seed 001, Dec 2025): the whole of NUMA node 1 is Specific Purpose Memory.
# `spm=on` retypes node 1's boot RAM as E820 SOFT_RESERVED (0xefffffff); the guest sees it
# as "Soft Reserved" and leaves it to a driver (device-dax, a GPU driver). The backend is a
# host device-dax region, as in the cover letter's example usage.
# Only QEMU builds carrying the v4 patch accept this; see examples/spm-v8-spm-memory.sh for
# the later device form.

sudo qemu-system-x86_64 \
  -machine q35 \
  -m 16G \
  -smp 8 \
  -object memory-backend-ram,size=8G,id=m0 \
  -object memory-backend-file,size=8G,id=m1,mem-path=/dev/dax0.0 \
  -numa node,nodeid=0,cpus=0-7,memdev=m0 \
  -numa node,nodeid=1,memdev=m1,spm=on \
  -nographic
