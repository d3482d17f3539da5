#!/usr/bin/env python3
"""Record what real QEMU builds for libvirt's command lines (test/fixtures/libvirt/*.args).

Each line is run through tools/qemu_oracle.py (Debian's QEMU 7.2 and, with --qemu10, QEMU 10.0.2)
after the host-only pieces are swapped for local stand-ins that do not change the address map:
the env prefix and program are dropped (the oracle adds its own), -accel is left to the oracle
(TCG), the monitor fd= becomes a socket path, mem-path a temporary directory, the secret's file
inline data, host block devices null-co, and host NUMA bindings (host-nodes, policy,
node-affinity), hugetlb and preallocation are removed. -msg timestamp=on is dropped so QEMU's
message is printed bare. The verdict, QEMU's message, and E820/SRAT/memory devices go to
test/fixtures/libvirt/qemu-facts.json, which test/unit/cli/libvirtMaps.test.ts compares with.
smaller-maxmem/ holds the lines with memory devices with maxmem=64G instead of libvirt's 1 PiB
(which -cpu qemu64's 40 physical address bits refuse), so that QEMU places their devices.

  python3 tools/libvirt-facts.py [--qemu10 PATH]
"""
import argparse, glob, json, os, re, shlex, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, '..', 'test', 'fixtures', 'libvirt')
HOST_ONLY = ('host-nodes', 'policy', 'node-affinity', 'prealloc', 'prealloc-context', 'prealloc-threads',
             'hugetlb', 'hugetlbsize')


def words(path):
    text = open(path).read().replace('\\\n', ' ')
    argv = shlex.split(text)
    while argv and re.match(r'^[A-Za-z_][A-Za-z0-9_]*=', argv[0]):
        argv.pop(0)
    return argv[1:]  # the program


def stand_ins(argv, tmp):
    out = []
    i = 0
    while i < len(argv):
        opt, val = argv[i], argv[i + 1] if i + 1 < len(argv) else None
        i += 1
        if opt in ('-accel', '-msg'):
            i += 1
            continue
        if val is None or not opt.startswith('-') or opt in ('-S', '-no-user-config', '-nodefaults', '-no-shutdown'):
            out.append(opt)
            continue
        i += 1
        if val.startswith('{'):
            o = json.loads(val)
            for k in HOST_ONLY:
                o.pop(k, None)
            if 'mem-path' in o:
                o['mem-path'] = tmp
            if o.get('qom-type') == 'secret' and 'file' in o:
                del o['file']
                o['data'] = 'x'
            if opt == '-blockdev' and o.get('driver') in ('host_device', 'file', 'host_cdrom'):
                o = {'driver': 'null-co', 'node-name': o['node-name']}
            val = json.dumps(o, separators=(',', ':'))
        elif opt == '-chardev':
            val = re.sub(r'fd=[^,]+', 'path=' + os.path.join(tmp, 'mon.sock'), val)
        out += [opt, val]
    return out


def facts(qemu, argv):
    cmd = [sys.executable, os.path.join(HERE, 'qemu_oracle.py'), '--json']
    if qemu:
        cmd += ['--qemu', qemu]
    r = json.loads(subprocess.run(cmd + ['--'] + argv, capture_output=True, text=True).stdout)
    if not r['ok']:
        msg = r['stderr'].strip().splitlines()[-1] if r['stderr'].strip() else f"exit {r.get('rc')}"
        return {'accepted': False, 'message': msg}
    h = lambda n: hex(n)
    srat = (r.get('srat') or {}).get('memory') or []
    devices = []
    for d in r.get('memory_devices') or []:
        data = d['data']
        start = data.get('addr', data.get('memaddr'))
        length = data.get('max-size', data.get('size'))
        devices.append({'id': data.get('id', ''), 'type': d['type'], 'start': h(start), 'length': h(length),
                        'node': data.get('node', 0)})
    return {
        'accepted': True,
        'e820': [{'start': h(e['addr']), 'length': h(e['len']), 'type': e['type']} for e in r['e820']],
        'srat': [{'start': h(s['base']), 'length': h(s['len']), 'node': s['node'], 'flags': s['flags']} for s in srat],
        'acpiTables': r.get('acpi_tables') or [],
        'memoryDevices': sorted(devices, key=lambda d: int(d['start'], 16)),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--qemu10', default=os.path.join(HERE, '..', '.qemu', '10.0', 'root', 'usr', 'bin', 'qemu-system-x86_64'))
    a = ap.parse_args()
    out = {}
    paths = glob.glob(os.path.join(FIX, '*.args')) + glob.glob(os.path.join(FIX, 'smaller-maxmem', '*.args'))
    for path in sorted(paths):
        name = os.path.relpath(path, FIX)
        with tempfile.TemporaryDirectory() as tmp:
            argv = stand_ins(words(path), tmp)
            out[name] = {'7.2': facts(None, argv)}
            if os.path.exists(a.qemu10):
                out[name]['10.0'] = facts(a.qemu10, argv)
        print(name, {v: f['accepted'] or f['message'] for v, f in out[name].items()}, file=sys.stderr)
    with open(os.path.join(FIX, 'qemu-facts.json'), 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
