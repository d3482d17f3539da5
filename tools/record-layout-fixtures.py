#!/usr/bin/env python3
"""Record what a real QEMU builds for the differential command lines.

Runs every case of CASES below through qemu_oracle.py (no guest runs) and writes
test/fixtures/differential/<name>.json:
  {name, args, qemu, e820: [{start,length,type}], srat: [{start,length,node,flags}],
   memoryDevices: [{id,type,start,length,node,slot?}], reservedMemoryEnd?, error?}
(addresses as lowercase 0x hex strings; tables in QEMU's order; devices in QMP order).
An error is QEMU's first non-warning stderr line with the "qemu-system-x86_64: " prefix
(and any "-device ...: " location) removed; the tables are then absent.

usage: tools/record-layout-fixtures.py [--qemu BIN] [--out DIR]   record all cases (DIR: default
         test/fixtures/differential; QEMU 10.0's go to test/fixtures/differential-10.0)
       tools/record-layout-fixtures.py --one -- ARGS...        print one normalized result
"""
import json, os, re, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu_oracle  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'differential')

INTEL = ['-cpu', 'qemu64,vendor=GenuineIntel']


def big(size, extra=''):
    """Plain RAM of `size` without allocating it (reserve=off), same E820 as -m size."""
    return ['-machine', 'memory-backend=r', '-object', 'memory-backend-ram,id=r,size=%s,reserve=off%s' % (size, extra)]


def ram(id_, size):
    return ['-object', 'memory-backend-ram,id=%s,size=%s' % (id_, size)]


def node(**kv):
    return ['-numa', 'node' + ''.join(',%s=%s' % (k, v) for k, v in kv.items())]


def dimm(id_, memdev, **kv):
    return ['-device', 'pc-dimm,id=%s,memdev=%s' % (id_, memdev) + ''.join(',%s=%s' % (k, v) for k, v in kv.items())]


CASES = {
    # ── no NUMA ──
    'default-machine-default-ram': [],
    'pc-128m': ['-m', '128M'],
    'q35-128m': ['-machine', 'q35', '-m', '128M'],
    'q35-2g': ['-machine', 'q35', '-m', '2G'],
    'q35-just-below-pciexbar': ['-machine', 'q35', '-m', '2815M'],
    'q35-at-pciexbar': ['-machine', 'q35', '-m', '2816M'],
    'q35-8g-intel': ['-machine', 'q35', '-m', '8G'] + INTEL,
    'pc-3g': ['-machine', 'pc', '-m', '3G'],
    'pc-3584m-gigabyte-align': ['-machine', 'pc', '-m', '3584M'],
    'pc-4g': ['-M', 'pc', '-m', '4G'],
    'pc-bare-number-mib': ['-m', '1536'],
    'q35-max-ram-below-4g-1g': ['-machine', 'q35,max-ram-below-4g=1G', '-m', '4G'],
    'q35-max-ram-below-4g-1536m': ['-machine', 'q35,max-ram-below-4g=1536M', '-m', '6G'],
    'pc-max-ram-below-4g-2g': ['-machine', 'pc,max-ram-below-4g=2G', '-m', '4G'],
    'pc-max-ram-below-4g-4g-3968m': ['-machine', 'pc,max-ram-below-4g=4G', '-m', '3968M'],
    'pc-max-ram-below-4g-4g-8g': ['-machine', 'pc,max-ram-below-4g=4G', '-m', '8G'],
    'pc-q35-7.0-no-amd-hole': ['-machine', 'pc-q35-7.0', '-m', '8G'],
    'pc-q35-7.1-amd-hole': ['-machine', 'pc-q35-7.1', '-m', '2G'],
    'pc-i440fx-7.0-no-amd-hole': ['-machine', 'pc-i440fx-7.0', '-m', '4G'],
    'cpu-epyc-amd': ['-machine', 'q35', '-cpu', 'EPYC', '-m', '2G'],
    'cpu-skylake-intel': ['-machine', 'q35', '-cpu', 'Skylake-Client', '-m', '2G'],
    'cpu-qemu32': ['-machine', 'q35', '-cpu', 'qemu32', '-m', '2G'],
    'q35-maxmem-auto-numa-intel': ['-machine', 'q35', '-m', '6G,slots=4,maxmem=14G'] + INTEL,
    'pc-maxmem-no-slots-auto-numa': ['-machine', 'pc', '-m', '2G,maxmem=4G'],
    # ── NUMA ──
    'q35-two-nodes': ['-machine', 'q35', '-m', '4G'] + ram('m0', '2G') + ram('m1', '2G') + node(nodeid=0, memdev='m0') + node(nodeid=1, memdev='m1'),
    'q35-three-nodes-memoryless-middle': ['-machine', 'q35', '-m', '4G'] + ram('m0', '1G') + ram('m2', '3G') + node(nodeid=0, memdev='m0') + node(nodeid=1) + node(nodeid=2, memdev='m2'),
    'q35-memoryless-last-node-with-cpus': ['-machine', 'q35', '-smp', '4', '-m', '2G'] + ram('m0', '1G') + ram('m1', '1G') + node(nodeid=0, memdev='m0', cpus='0-1') + node(nodeid=1, memdev='m1', cpus=2) + node(nodeid=2, cpus=3),
    'pc-four-nodes': ['-machine', 'pc', '-m', '4G'] + ram('a', '1G') + ram('b', '1G') + ram('c', '1G') + ram('d', '1G') + node(memdev='a') + node(memdev='b') + node(memdev='c') + node(memdev='d'),
    'q35-node-across-pci-hole': ['-machine', 'q35', '-m', '4G'] + ram('m0', '1G') + ram('m1', '3G') + node(nodeid=0, memdev='m0') + node(nodeid=1, memdev='m1'),
    'q35-tiny-first-node-640k-hole': ['-machine', 'q35', '-m', '2G'] + ram('m0', '1M') + ram('m1', '2047M') + node(nodeid=0, memdev='m0') + node(nodeid=1, memdev='m1'),
    'q35-nodes-declared-out-of-order': ['-machine', 'q35', '-m', '3G'] + ram('m0', '1G') + ram('m1', '2G') + node(nodeid=1, memdev='m1') + node(nodeid=0, memdev='m0'),
    'pc-two-nodes-intel-maxmem': ['-machine', 'pc', '-m', '6G,slots=2,maxmem=10G'] + INTEL + ram('m0', '3G') + ram('m1', '3G') + node(nodeid=0, memdev='m0') + node(nodeid=1, memdev='m1'),
    'pc-i440fx-5.0-legacy-mem': ['-machine', 'pc-i440fx-5.0', '-m', '2G'] + node(mem='1024') + node(mem='1G'),
    # ── memory devices ──
    'q35-max-ram-below-4g-with-dimms': ['-machine', 'q35,max-ram-below-4g=1G', '-m', '3G,slots=2,maxmem=6G'] + ram('d0', '1G') + ram('d1', '1G') + dimm('dimm0', 'd0') + dimm('dimm1', 'd1'),
    'pc-nvdimm-and-dimm-two-nodes': ['-machine', 'pc,nvdimm=on', '-m', '4G,slots=3,maxmem=10G'] + ram('m0', '2G') + ram('m1', '2G') + node(nodeid=0, memdev='m0') + node(nodeid=1, memdev='m1') + ram('n0', '2G') + ['-device', 'nvdimm,id=nv0,memdev=n0,node=0'] + ram('d0', '1G') + dimm('dimm0', 'd0', node=1),
    'q35-one-dimm-auto-numa': ['-machine', 'q35', '-m', '2G,slots=2,maxmem=4G'] + ram('d0', '1G') + dimm('dimm0', 'd0'),
    'q35-two-nodes-two-dimms': ['-machine', 'q35', '-m', '4G,slots=4,maxmem=12G'] + ram('m0', '2G') + ram('m1', '2G') + node(nodeid=0, memdev='m0') + node(nodeid=1, memdev='m1') + ram('d0', '1G') + ram('d1', '2G') + dimm('dimm0', 'd0', node=0) + dimm('dimm1', 'd1', node=1),
    'q35-dimm-addr-then-auto-fills-gap': ['-machine', 'q35', '-m', '4G,slots=4,maxmem=12G'] + ram('d0', '1G') + ram('d1', '512M') + ram('d2', '1G') + dimm('dimm0', 'd0', addr='0x1c0000000') + dimm('dimm1', 'd1') + dimm('dimm2', 'd2'),
    'q35-dimm-explicit-slots': ['-machine', 'q35', '-m', '2G,slots=4,maxmem=8G'] + ram('d0', '1G') + ram('d1', '1G') + dimm('dimm0', 'd0', slot=3) + dimm('dimm1', 'd1'),
    'pc-dimms-mixed-sizes': ['-machine', 'pc', '-m', '4G,slots=4,maxmem=16G'] + ram('d0', '256M') + ram('d1', '2G') + ram('d2', '128M') + dimm('dimm0', 'd0') + dimm('dimm1', 'd1') + dimm('dimm2', 'd2'),
    'q35-dimm-1g-aligned-file-backend': ['-machine', 'q35', '-m', '3G,slots=2,maxmem=8G'] + ram('d0', '512M') + dimm('dimm0', 'd0') + ['-object', 'memory-backend-file,id=f0,size=1G,align=1G,mem-path=/dev/shm'] + dimm('dimm1', 'f0'),
    'q35-unnamed-dimm': ['-machine', 'q35', '-m', '2G,slots=1,maxmem=3G'] + ram('d0', '1G') + ['-device', 'pc-dimm,memdev=d0'],
    'q35-nvdimm': ['-machine', 'q35,nvdimm=on', '-m', '4G,slots=2,maxmem=8G'] + ram('m0', '2G') + ram('m1', '2G') + node(nodeid=0, memdev='m0') + node(nodeid=1, memdev='m1') + ram('d0', '1G') + dimm('dimm0', 'd0', node=1) + ram('n0', '1G') + ['-device', 'nvdimm,id=nv0,memdev=n0,node=1'],
    'q35-nvdimm-label': ['-machine', 'q35,nvdimm=on', '-m', '2G,slots=2,maxmem=8G'] + ram('n0', '1G') + ['-device', 'nvdimm,id=nv0,memdev=n0,label-size=128K'],
    'q35-two-nvdimms-second-lower': ['-machine', 'q35,nvdimm=on', '-m', '2G,slots=3,maxmem=8G'] + ['-smp', '2'] + ram('m0', '1G') + ram('m1', '1G') + node(nodeid=0, memdev='m0', cpus=0) + node(nodeid=1, memdev='m1', cpus=1) + ram('n0', '1G') + ram('n1', '1G') + ['-device', 'nvdimm,id=zz,memdev=n0,node=1,addr=0x180000000', '-device', 'nvdimm,id=aa,memdev=n1,node=0'],
    # NVDIMM SRAT entries follow QOM's hash-table walk, not address or command-line order.
    'q35-nvdimms-srat-walk-order': ['-machine', 'q35,nvdimm=on', '-m', '2G,slots=4,maxmem=10G'] + ram('n0', '1G') + ram('n1', '1G') + ram('n2', '1G') + ['-device', 'nvdimm,id=c,memdev=n0,addr=0x300000000', '-device', 'nvdimm,id=a,memdev=n1,addr=0x200000000', '-device', 'nvdimm,id=b,memdev=n2,addr=0x100000000'],
    'q35-nvdimms-named-and-anonymous': ['-machine', 'q35,nvdimm=on', '-m', '2G,slots=4,maxmem=10G'] + ram('n0', '1G') + ram('n1', '1G') + ram('n2', '1G') + ['-device', 'nvdimm,memdev=n0,addr=0x300000000', '-device', 'virtio-rng-pci', '-device', 'nvdimm,memdev=n1', '-device', 'nvdimm,id=named,memdev=n2,addr=0x200000000'],
    'q35-ten-nvdimms-and-other-devices': ['-machine', 'q35,nvdimm=on', '-m', '2G,slots=12,maxmem=4G'] + sum((ram('n%d' % i, '128M') + ['-device', 'nvdimm,id=d%d,memdev=n%d' % (i, i)] for i in range(10)), []) + ['-device', 'virtio-rng-pci,id=rng'],
    'q35-virtio-mem': ['-machine', 'q35', '-m', '2G,maxmem=6G'] + ram('vm0', '2G') + ['-device', 'virtio-mem-pci,id=vm0,memdev=vm0,requested-size=0'],
    'q35-dimm-4k-aligned-file-backend-addr': ['-machine', 'q35', '-m', '2G,slots=2,maxmem=4G', '-object', 'memory-backend-file,id=f0,size=1G,mem-path=/dev/shm'] + dimm('dimm0', 'f0', addr='0x100001000'),
    'cpu-max-tcg-is-amd': ['-machine', 'q35', '-cpu', 'max', '-m', '2G'],
    # ── placement errors ──
    'err-virtio-mem-without-maxmem': ['-machine', 'q35', '-m', '2G'] + ram('vm0', '1G') + ['-device', 'virtio-mem-pci,id=vm0,memdev=vm0,requested-size=0'],
    'err-dimm-without-maxmem': ['-machine', 'q35', '-m', '2G'] + ram('d0', '1G') + dimm('dimm0', 'd0'),
    'err-dimm-maxmem-no-slots': ['-machine', 'q35', '-m', '2G,maxmem=4G'] + ram('d0', '1G') + dimm('dimm0', 'd0'),
    'err-dimm-not-enough-space': ['-machine', 'q35', '-m', '2G,slots=2,maxmem=3G'] + ram('d0', '1G') + ram('d1', '1G') + dimm('dimm0', 'd0') + dimm('dimm1', 'd1'),
    'err-dimm-addr-misaligned': ['-machine', 'q35', '-m', '2G,slots=2,maxmem=4G'] + ram('d0', '1G') + dimm('dimm0', 'd0', addr='0x100001000'),
    'err-dimm-addr-outside': ['-machine', 'q35', '-m', '2G,slots=2,maxmem=4G'] + ram('d0', '1G') + dimm('dimm0', 'd0', addr='0x200000000'),
    'err-dimm-addr-conflict': ['-machine', 'q35', '-m', '2G,slots=2,maxmem=6G'] + ram('d0', '1G') + ram('d1', '1G') + dimm('dimm0', 'd0') + dimm('dimm1', 'd1', addr='0x100000000'),
    'err-dimm-slot-busy': ['-machine', 'q35', '-m', '2G,slots=2,maxmem=6G'] + ram('d0', '1G') + ram('d1', '1G') + dimm('dimm0', 'd0', slot=1) + dimm('dimm1', 'd1', slot=1),
    'err-dimm-slot-invalid': ['-machine', 'q35', '-m', '2G,slots=2,maxmem=6G'] + ram('d0', '1G') + dimm('dimm0', 'd0', slot=2),
    'err-dimm-no-free-slots': ['-machine', 'q35', '-m', '2G,slots=1,maxmem=6G'] + ram('d0', '1G') + ram('d1', '1G') + dimm('dimm0', 'd0') + dimm('dimm1', 'd1'),
    # ── sizes up to the AMD 1 TiB hole ──
    'q35-64g-amd': ['-machine', 'q35', '-m', '64G'] + big('64G'),
    'q35-512g-amd-numa': ['-machine', 'q35', '-m', '512G', '-object', 'memory-backend-ram,id=m0,size=256G,reserve=off', '-object', 'memory-backend-ram,id=m1,size=256G,reserve=off'] + node(nodeid=0, memdev='m0') + node(nodeid=1, memdev='m1'),
    'q35-980g-intel': ['-machine', 'q35', '-m', '980G'] + INTEL + big('980G'),
    'q35-980g-amd-phys-bits-too-low': ['-machine', 'q35', '-m', '980G'] + big('980G'),
    'q35-1000g-amd-phys-bits-too-low': ['-machine', 'q35', '-m', '1000G'] + big('1000G'),
    'q35-1000g-intel-phys-bits-too-low': ['-machine', 'q35', '-m', '1000G'] + INTEL + big('1000G'),
    'q35-1000g-amd-phys-bits-48-relocated': ['-machine', 'q35', '-cpu', 'qemu64,phys-bits=48', '-m', '1000G'] + big('1000G'),
    'q35-maxmem-reaches-hole-amd-phys-bits-48': ['-machine', 'q35', '-cpu', 'qemu64,phys-bits=48', '-m', '512G,slots=1,maxmem=990G'] + big('512G'),
    'pc-1000g-amd-fits': ['-machine', 'pc', '-m', '1000G'] + big('1000G'),
    'pc-1010g-amd-phys-bits-too-low': ['-machine', 'pc', '-m', '1010G'] + big('1010G'),
    'q35-900g-hole64-200g-phys-bits-48-relocated': ['-machine', 'q35', '-cpu', 'qemu64,phys-bits=48', '-m', '900G', '-global', 'q35-pcihost.pci-hole64-size=200G'] + big('900G'),
    'q35-900g-hole64-200g-phys-bits-too-low': ['-machine', 'q35', '-m', '900G', '-global', 'q35-pcihost.pci-hole64-size=200G'] + big('900G'),
    'pc-q35-7.0-1000g-amd-no-relocation': ['-machine', 'pc-q35-7.0', '-cpu', 'qemu64,phys-bits=48', '-m', '1000G'] + big('1000G'),
}


def machine_sweep(qemu):
    """One line per versioned pc/q35 machine type from 2.12 to the newest this QEMU has: two NUMA nodes,
    RAM across the PCI hole, a DIMM on node 1, so compat properties that move the map show up."""
    out = subprocess.run([qemu, '-machine', 'help'], capture_output=True, text=True).stdout
    cases = {}
    for m in re.finditer(r'^(pc-(?:i440fx|q35)-(\d+)\.(\d+))\s', out, re.M):
        name, major, minor = m.group(1), int(m.group(2)), int(m.group(3))
        if (major, minor) < (2, 12):
            continue
        cases['mt-' + name] = (['-machine', name, '-m', '4G,slots=2,maxmem=12G'] + ram('m0', '1G') + ram('m1', '3G')
                               + node(nodeid=0, memdev='m0') + node(nodeid=1, memdev='m1')
                               + ram('d0', '1G') + dimm('dimm0', 'd0', node=1))
    return cases


def hx(n):
    return '0x%x' % n


def normalize(name, args, r):
    out = {'name': name, 'args': args}
    if not r.get('ok'):
        lines = [l for l in r.get('stderr', '').splitlines() if l.strip() and 'warning:' not in l]
        msg = lines[0] if lines else ''
        msg = re.sub(r'^qemu-system-x86_64: ', '', msg)
        msg = re.sub(r'^-(device|object|numa|machine|m) [^:]*: ', '', msg)
        out['error'] = msg
        return out
    out['e820'] = [{'start': hx(e['addr']), 'length': hx(e['len']), 'type': e['type']} for e in r['e820']]
    out['srat'] = [{'start': hx(e['base']), 'length': hx(e['len']), 'node': e['node'], 'flags': e['flags']}
                   for e in (r.get('srat') or {}).get('memory', [])]
    devs = []
    for d in r.get('memory_devices', []):
        data = d['data']
        addr = data.get('addr', data.get('memaddr'))
        dev = {'id': data.get('id', ''), 'type': d['type'], 'start': hx(addr), 'length': hx(data['size']),
               'node': data.get('node', 0)}
        if 'slot' in data:
            dev['slot'] = data['slot']
        devs.append(dev)
    out['memoryDevices'] = devs
    if r.get('reserved_memory_end') is not None:
        out['reservedMemoryEnd'] = hx(r['reserved_memory_end'])
    return out


def qemu_version(qemu):
    first = subprocess.run([qemu, '--version'], capture_output=True, text=True).stdout.splitlines()[0]
    return first.strip()


def main():
    argv = sys.argv[1:]
    qemu = 'qemu-system-x86_64'
    out = OUT
    if argv[:1] == ['--qemu']:
        qemu, argv = argv[1], argv[2:]
    if argv[:1] == ['--out']:
        out, argv = os.path.abspath(argv[1]), argv[2:]
    if argv[:1] == ['--one']:
        args = argv[2:] if argv[1:2] == ['--'] else argv[1:]
        print(json.dumps(normalize('one', args, qemu_oracle.run(qemu, args))))
        return
    os.makedirs(out, exist_ok=True)
    version = qemu_version(qemu)
    cases = {**CASES, **machine_sweep(qemu)}
    for name, args in cases.items():
        # One subprocess per case: a QEMU that never answers (old machine types without fw_cfg
        # DMA) must not hang the whole recording.
        p = subprocess.run([sys.executable, os.path.abspath(__file__), '--qemu', qemu, '--one', '--', *args],
                           capture_output=True, text=True, timeout=120)
        res = json.loads(p.stdout)
        res['name'] = name
        res['qemu'] = version
        with open(os.path.join(out, name + '.json'), 'w') as f:
            json.dump(res, f, indent=1)
            f.write('\n')
        print('%-45s %s' % (name, res.get('error', 'ok')))
    print('%d cases' % len(cases))


if __name__ == '__main__':
    main()
