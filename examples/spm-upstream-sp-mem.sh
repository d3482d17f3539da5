#!/usr/bin/env bash
# SPM, upstream form (QEMU 11.1, `-device sp-mem`): the v8 device with the v9 review
# changes. A 64 GiB guest with 16 GiB of HBM on node 1, placed at a fixed guest address
# so the guest driver finds it at the same place on every boot. The HBM is a 1 GiB
# hugetlbfs-backed file, so the device address must be 1 GiB aligned.
set -e

if [ -z "${QEMU:-}" ]; then
  QEMU=/usr/libexec/qemu-kvm
fi

HBM_SIZE=16G

exec taskset -c 0-7 "${QEMU}" \
  -machine q35,accel=kvm \
  -cpu host \
  -smp 8 \
  -m 64G,slots=2,maxmem=128G \
  -object memory-backend-ram,id=ram0,size=64G \
  -numa node,nodeid=0,cpus=0-7,memdev=ram0 \
  -numa node,nodeid=1 \
  -object memory-backend-file,id=hbm0,size=$HBM_SIZE,align=1G,mem-path=/dev/hugepages/hbm0,prealloc=on \
  -device sp-mem,id=sp0,memdev=hbm0,node=1,addr=0x1100000000 \
  -nographic
