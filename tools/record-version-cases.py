#!/usr/bin/env python3
"""Record what a real QEMU builds or says for the version cases (issue 16's "7.2 itself still misses").

Reads test/fixtures/versions/cases.json ({cases: [{name, args: [...], why}]}: argument lists, so JSON
-device/-object lines need no shell quoting), runs each through tools/record-layout-fixtures.py --one
(qemu_oracle.py: E820/SRAT/memory devices, or QEMU's first error), and writes
test/fixtures/versions/qemu-<major.minor>.json: {qemu, results: {name: {e820, srat, memoryDevices, ...}
| {error}}}. test/differential/versionCases.test.ts compares analyze() with both releases' results.

usage: tools/record-version-cases.py [--qemu BIN] [-- -L DIR ...]   (QEMU 10.0: --qemu .qemu/10.0/root/usr/bin/qemu-system-x86_64)
"""
import json, os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.path.join(ROOT, 'test', 'fixtures', 'versions')


def main():
    argv = sys.argv[1:]
    qemu = 'qemu-system-x86_64'
    if argv[:1] == ['--qemu']:
        qemu, argv = argv[1], argv[2:]
    extra = argv[1:] if argv[:1] == ['--'] else []
    banner = subprocess.run([qemu, '--version'], capture_output=True, text=True).stdout.splitlines()[0]
    short = re.search(r'version (\d+\.\d+)', banner).group(1)
    cases = json.load(open(os.path.join(DIR, 'cases.json')))['cases']
    results = {}
    for case in cases:
        p = subprocess.run([sys.executable, os.path.join(ROOT, 'tools', 'record-layout-fixtures.py'), '--qemu', qemu,
                            '--one', '--', *extra, *case['args']], capture_output=True, text=True, timeout=120)
        res = json.loads(p.stdout)
        res.pop('name', None)
        results[case['name']] = res
        print('%-32s %s' % (case['name'], res.get('error', 'ok')))
    doc = {'about': 'Written by tools/record-version-cases.py from test/fixtures/versions/cases.json. Do not edit by hand.',
           'qemu': banner, 'results': results}
    with open(os.path.join(DIR, 'qemu-%s.json' % short), 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
