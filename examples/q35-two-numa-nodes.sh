#!/usr/bin/env bash
# A q35 guest with two NUMA nodes, each backed by its own RAM backend, pinned to the
# matching host node with numactl. The classic two-socket layout: 16 GiB split 8/8,
# CPUs 0-3 on node 0 and 4-7 on node 1, with a SLIT distance of 21 between the nodes.
set -euo pipefail

QEMU=qemu-system-x86_64
DISK=${DISK:-/var/lib/images/guest.qcow2}
NODE_MEM=8G

numactl --cpunodebind=0 --membind=0 \
  "$QEMU" \
    -machine q35,accel=kvm \
    -cpu host \
    -smp 8,sockets=2,cores=4,threads=1 \
    -m 16G \
    -object memory-backend-ram,id=ram0,size=$NODE_MEM,host-nodes=0,policy=bind \
    -object memory-backend-ram,id=ram1,size=$NODE_MEM,host-nodes=1,policy=bind \
    -numa node,nodeid=0,cpus=0-3,memdev=ram0 \
    -numa node,nodeid=1,cpus=4-7,memdev=ram1 \
    -numa dist,src=0,dst=1,val=21 \
    -drive file="$DISK",if=virtio,format=qcow2 \
    -nographic
