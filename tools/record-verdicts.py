#!/usr/bin/env python3
"""Record what a real QEMU says about each command line of the verdict corpus.

Reads test/fixtures/verdicts/corpus.json, runs every line as
  qemu-system-x86_64 -S -display none -machine accel=tcg -nodefaults -qmp stdio ARGS
(no guest runs: -S keeps the CPUs stopped and QMP `quit` ends QEMU once the machine is
built, so every command-line and machine-init check has run), and writes each line's
verdict (accepted / rejected + QEMU's message) to test/fixtures/verdicts/qemu-<version>.json.

usage: tools/record-verdicts.py [--qemu BIN] [--check]
  --check  compare with the stored verdicts instead of writing (exit 1 on a difference)
"""
import json, os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, 'test', 'fixtures', 'verdicts', 'corpus.json')
PREFIX = ['-S', '-display', 'none', '-machine', 'accel=tcg', '-nodefaults', '-qmp', 'stdio']
QMP_QUIT = b'{"execute":"qmp_capabilities"}\n{"execute":"quit"}\n'


def judge(qemu, args):
    """Run one line; QEMU's exit status and stderr are its verdict."""
    p = subprocess.run([qemu, *PREFIX, *args], input=QMP_QUIT, capture_output=True, timeout=60)
    stderr = p.stderr.decode(errors='replace')
    lines = [l for l in stderr.splitlines() if l.strip()]
    # QEMU prefixes its own messages with the program name and, for -device/-object, the option.
    errors = [l for l in lines if 'warning: ' not in l and not l.startswith('Please use ')]
    verdict = 'accepted' if p.returncode == 0 else 'rejected'
    out = {'verdict': verdict, 'exit': p.returncode}
    if verdict == 'rejected':
        out['message'] = errors[0] if errors else (lines[0] if lines else '')
    warnings = [l for l in lines if 'warning: ' in l]
    if warnings:
        out['warnings'] = warnings
    return out


def version(qemu):
    first = subprocess.run([qemu, '--version'], capture_output=True, text=True).stdout.splitlines()[0]
    m = re.search(r'version (\d+\.\d+)(\.\d+)?', first)
    return first, m.group(1)


def main():
    qemu = 'qemu-system-x86_64'
    argv = sys.argv[1:]
    if '--qemu' in argv:
        qemu = argv[argv.index('--qemu') + 1]
    corpus = json.load(open(CORPUS))
    full, short = version(qemu)
    results = []
    for line in corpus['lines']:
        args = line['args'].split()
        if any(c in line['args'] for c in '\'"$`\\;&|<>'):
            sys.exit('corpus line %s needs shell quoting; keep corpus lines plain' % line['id'])
        results.append({'id': line['id'], 'args': line['args'], **judge(qemu, args)})
    doc = {
        'about': 'Verdicts of a real QEMU on test/fixtures/verdicts/corpus.json, written by tools/record-verdicts.py. Do not edit by hand.',
        'qemu': full,
        'command': 'qemu-system-x86_64 ' + ' '.join(PREFIX) + ' ARGS',
        'verdicts': results,
    }
    path = os.path.join(ROOT, 'test', 'fixtures', 'verdicts', 'qemu-%s.json' % short)
    if '--check' in argv:
        old = json.load(open(path))
        want = {v['id']: v['verdict'] for v in old['verdicts']}
        diff = [r['id'] for r in results if want.get(r['id']) != r['verdict']]
        print('differences: %s' % (', '.join(diff) or 'none'))
        sys.exit(1 if diff else 0)
    with open(path, 'w') as f:
        json.dump(doc, f, indent=2)
        f.write('\n')
    rejected = sum(1 for r in results if r['verdict'] == 'rejected')
    print('%d lines, %d rejected, %d accepted -> %s' % (len(results), rejected, len(results) - rejected, path))


if __name__ == '__main__':
    main()
