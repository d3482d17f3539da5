// parseArgs in-process: every command, option spelling and usage error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../../server/src/cli/args';

const defaults = { spmForm: 'auto', hostCpuVendor: 'amd' };

test('check with files and the default text format', () => {
  assert.deepEqual(parseArgs(['check', 'a.sh', 'b.sh']), {
    command: 'check',
    files: ['a.sh', 'b.sh'],
    format: 'text',
    settings: defaults,
  });
});

test('options take a value as the next word or after =', () => {
  const a = parseArgs(['check', '--format', 'sarif', '--spm-form=v8', '--host-cpu-vendor', 'intel', 'x.sh']);
  assert.deepEqual(a, {
    command: 'check',
    files: ['x.sh'],
    format: 'sarif',
    settings: { spmForm: 'v8', hostCpuVendor: 'intel' },
  });
  assert.equal((parseArgs(['check', 'x.sh', '--format=json']) as { format: string }).format, 'json');
});

test('map accepts --json and --format json, not sarif', () => {
  assert.deepEqual(parseArgs(['map', '--json', 'x.sh']), {
    command: 'map',
    files: ['x.sh'],
    format: 'json',
    settings: defaults,
  });
  assert.equal((parseArgs(['map', '--format', 'json', 'x.sh']) as { format: string }).format, 'json');
  assert.throws(() => parseArgs(['map', '--format', 'sarif', 'x.sh']), UsageError);
});

test('every --spm-form value is accepted, others are not', () => {
  for (const form of ['auto', 'v4', 'v7', 'v8', 'upstream', 'none']) {
    const r = parseArgs(['check', '--spm-form', form, 'x.sh']) as { settings: { spmForm: string } };
    assert.equal(r.settings.spmForm, form);
  }
  assert.throws(() => parseArgs(['check', '--spm-form', 'v9', 'x.sh']), /invalid value 'v9' for --spm-form/);
  assert.throws(() => parseArgs(['check', '--host-cpu-vendor', 'arm', 'x.sh']), /--host-cpu-vendor/);
});

test('--help and --version win anywhere before --', () => {
  assert.deepEqual(parseArgs(['--help']), { command: 'help' });
  assert.deepEqual(parseArgs(['check', 'x.sh', '-h']), { command: 'help' });
  assert.deepEqual(parseArgs(['help']), { command: 'help' });
  assert.deepEqual(parseArgs(['--version']), { command: 'version' });
  assert.deepEqual(parseArgs(['-V']), { command: 'version' });
});

test('after -- every word is a file, even one starting with a dash', () => {
  assert.deepEqual((parseArgs(['check', '--', '--help', '-x.sh']) as { files: string[] }).files, ['--help', '-x.sh']);
});

test('usage errors: no command, unknown command/option, missing value, no file, stdin', () => {
  assert.throws(() => parseArgs([]), /missing command/);
  assert.throws(() => parseArgs(['lint', 'x.sh']), /unknown command 'lint'/);
  assert.throws(() => parseArgs(['--frobnicate']), /unknown option '--frobnicate'/);
  assert.throws(() => parseArgs(['check', '--frobnicate', 'x.sh']), /unknown option '--frobnicate'/);
  assert.throws(() => parseArgs(['check', 'x.sh', '--format']), /--format needs a value/);
  assert.throws(() => parseArgs(['check', '--format', 'xml', 'x.sh']), /invalid value 'xml'/);
  assert.throws(() => parseArgs(['check']), /no FILE given/);
  assert.throws(() => parseArgs(['map', '--json=yes', 'x.sh']), /takes no value/);
  assert.throws(() => parseArgs(['check', '-']), /standard input/);
});
