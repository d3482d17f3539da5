#!/usr/bin/env python3
"""Records what the real QEMU says for command lines with numbers near 2^64.

Writes test/fixtures/regressions/near-2-64.json (read by arithmetic.test.ts): for each command
line, the first line QEMU prints, with the `qemu-system-x86_64: ` and `-opt arg: ` prefixes
removed. Nothing boots: -S with TCG, no display, and every case fails before the guest starts.
Run from the repository root: python3 test/robustness/record-near-2-64.py
"""
import json
import subprocess

QEMU = '/usr/bin/qemu-system-x86_64'
D = '-m 1G,maxmem=2G,slots=1 -object memory-backend-ram,id=m,size=1G -device pc-dimm,memdev=m,'
# (arguments, codes QEMU never gets to because it exits on the first message)
CASES = [
    ('-m 16E', []),
    ('-m 16384P', []),
    ('-m 18446744073709551616', []),
    ('-m 16E-1', []),
    ('-m 17592186044416', []),
    ('-m 17592186044416.0', []),
    ('-m 1G,maxmem=16E', []),
    ('-m 16383P,maxmem=16384P,slots=1', []),
    ('-m 1G,maxmem=18446744073709551615', ['QL-layout-001']),
    ('-m 1G,maxmem=18446744073709547520,slots=1', ['QL-layout-001']),
    ('-m 1G,maxmem=18446744073709547520', ['QL-layout-001']),
    ('-m 1G,maxmem=15E,slots=1', []),
    ('-m 1G,slots=18446744073709551615,maxmem=2G', ['QL-layout-001']),
    ('-m 1G,slots=18446744073709551616,maxmem=2G', []),
    (D + 'addr=0xffffffffffffffff', []),
    (D + 'addr=18446744073709551615', []),
    (D + 'addr=0xffffffffffe00000', []),
    (D + 'addr=0xffffffffc0000000', []),
    (D + 'addr=18446744073709551616', []),
    (D + 'slot=4294967296', []),
    ('-object memory-backend-ram,id=m,size=16E', []),
    ('-object memory-backend-ram,id=m,size=17179869184G', []),
    ('-numa node,mem=16E', []),
    ('-m 1G -machine max-ram-below-4g=16E', []),
    ('-m 1G -machine max-ram-below-4g=18446744073709551615', []),
    ('-numa node,nodeid=65536', []),
    ('-numa node,nodeid=128', []),
    ('-smp 18446744073709551616', []),
]


def main() -> None:
    out = []
    for args, not_codes in CASES:
        words = args.split()
        r = subprocess.run(['timeout', '10', QEMU, '-accel', 'tcg', '-display', 'none', '-nodefaults', '-S',
                            '-qtest', 'null', '-monitor', 'none'] + words, capture_output=True, text=True)
        line = r.stderr.split('\n')[0]
        prefix = 'qemu-system-x86_64: '
        assert line.startswith(prefix), (args, r.stderr)
        msg = line[len(prefix):]
        for i in range(len(words) - 1):
            location = f'{words[i]} {words[i + 1]}: '
            if msg.startswith(location):
                msg = msg[len(location):]
                break
        out.append({'args': args, 'qemu': msg, 'exitCode': r.returncode, 'notCodes': not_codes})
    doc = {
        'comment': 'Command lines with numbers near 2^64 and the first line QEMU 7.2.22 (Debian, TCG) prints for them, '
                   'location prefix removed. Recorded by test/robustness/record-near-2-64.py. notCodes: diagnostics '
                   'QEMU never gets to (it exits on the message first).',
        'cases': out,
    }
    with open('test/fixtures/regressions/near-2-64.json', 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
