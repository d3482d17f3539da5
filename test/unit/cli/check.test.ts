// `qemu-launch check`: the three output formats, exit codes and settings, on scripts whose
// verdict real QEMU gave (Debian 7.2, through the oracle) or the SPM reference states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempFiles } from './runCli';
import { sarifViolations } from './sarifSchema';

// QEMU 7.2: "-device pc-dimm,id=d,memdev=dm,addr=0x180100000: address must be aligned to
// 0x200000 bytes". On one line after an astral character, so columns are checked in UTF-16.
const MISALIGNED_LINE =
  'qemu-system-x86_64 -name "gäst😀" -machine q35 -m 4G,slots=2,maxmem=8G ' +
  '-object memory-backend-ram,id=dm,size=1G -device pc-dimm,id=d,memdev=dm,addr=0x180100000';
const MISALIGNED = `#!/bin/sh\n# a DIMM at an address QEMU refuses\n${MISALIGNED_LINE}\n`;

const TEXT_LINE = /^(.+):(\d+):(\d+): (error|warning|information|hint)\[([^\]]+)\]: (.+)$/;
const NOTE_LINE = /^(.+):(\d+):(\d+): note: (.+)$/;

interface JsonReport {
  file: string;
  diagnostics: {
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: string;
    code: string;
    message: string;
  }[];
}

function withScript<T>(content: string, body: (path: string) => T): T {
  const t = tempFiles({ 'launch.sh': content });
  try {
    return body(t.path('launch.sh'));
  } finally {
    t.cleanup();
  }
}

test('text: file:line:col: severity[code]: message, 1-based, UTF-16 columns; exit 1 on an error', () => {
  withScript(MISALIGNED, (file) => {
    const r = runCli(['check', file]);
    assert.equal(r.status, 1);
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines)
      assert.ok(TEXT_LINE.test(line) || NOTE_LINE.test(line), `not in compiler format: ${line}`);
    const error = lines
      .map((l) => TEXT_LINE.exec(l))
      .find((m) => m && m[4] === 'error' && /aligned to 0x200000/.test(m[6]));
    assert.ok(error, `no alignment error in:\n${r.stdout}`);
    assert.equal(error[1], file);
    assert.equal(Number(error[2]), 3);
    // UTF-16 columns: the error lies on the -device option, after the emoji (2 code units).
    const column = Number(error[3]);
    assert.ok(column >= MISALIGNED_LINE.indexOf('-device') + 1, `column ${column} before -device`);
    assert.ok(column <= MISALIGNED_LINE.indexOf('0x180100000') + 1, `column ${column} after the address`);
    assert.match(r.stderr, /^\d+ errors?, \d+ warnings?(, \d+ information)?(, \d+ hints?)? in 1 file\n$/);
  });
});

test('json: exactly the documented fields, the same diagnostics as the text format', () => {
  withScript(MISALIGNED, (file) => {
    const text = runCli(['check', file]);
    const r = runCli(['check', '--format', 'json', file]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, '');
    const reports = JSON.parse(r.stdout) as JsonReport[];
    assert.equal(reports.length, 1);
    assert.deepEqual(Object.keys(reports[0]), ['file', 'diagnostics']);
    assert.equal(reports[0].file, file);
    for (const d of reports[0].diagnostics) {
      assert.deepEqual(Object.keys(d), ['line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
      assert.ok(d.line >= 1 && d.column >= 1 && d.endLine >= d.line);
      assert.ok(d.endLine > d.line || d.endColumn >= d.column);
      assert.ok(['error', 'warning', 'information', 'hint'].includes(d.severity));
      assert.ok(d.code.length > 0);
    }
    const fromText = text.stdout
      .trimEnd()
      .split('\n')
      .map((l) => TEXT_LINE.exec(l))
      .filter((m) => m !== null)
      .map((m) => `${m[2]}:${m[3]}:${m[4]}:${m[5]}`);
    assert.deepEqual(
      fromText,
      reports[0].diagnostics.map((d) => `${d.line}:${d.column}:${d.severity}:${d.code}`),
    );
    // The range covers the characters at fault: within the -device option on line 3.
    const error = reports[0].diagnostics.find((d) => d.severity === 'error' && /aligned to 0x200000/.test(d.message))!;
    assert.equal(error.endLine, 3);
    const covered = MISALIGNED_LINE.slice(error.column - 1, error.endColumn - 1);
    assert.ok(
      covered.length > 0 && '-device pc-dimm,id=d,memdev=dm,addr=0x180100000'.includes(covered),
      `covers '${covered}'`,
    );
  });
});

test('sarif: a well-formed SARIF 2.1.0 log whose results match the json diagnostics', () => {
  withScript(MISALIGNED, (file) => {
    const r = runCli(['check', '--format', 'sarif', file]);
    assert.equal(r.status, 1);
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string } }[] } };
        results: {
          ruleId: string;
          level: string;
          message: { text: string };
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
        }[];
      }[];
    };
    assert.deepEqual(sarifViolations(log), []);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'qemu-launch');
    const json = (JSON.parse(runCli(['check', '--format', 'json', file]).stdout) as JsonReport[])[0].diagnostics;
    assert.deepEqual(
      run.tool.driver.rules.map((rule) => rule.id),
      [...new Set(json.map((d) => d.code))].sort(),
    );
    assert.ok(run.tool.driver.rules.every((rule) => rule.shortDescription.text.length > 0));
    const level = (s: string) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
    assert.deepEqual(
      run.results.map((x) => ({
        ruleId: x.ruleId,
        level: x.level,
        message: x.message.text,
        region: x.locations[0].physicalLocation.region,
      })),
      json.map((d) => ({
        ruleId: d.code,
        level: level(d.severity),
        message: d.message,
        region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
      })),
    );
    assert.ok(run.results.every((x) => x.locations[0].physicalLocation.artifactLocation.uri === `file://${file}`));
  });
});

test('sarif: a relative path stays a relative URI; a clean file gives an empty results array', () => {
  const r = runCli(['check', '--format', 'sarif', 'examples/pc-dimm-hotplug.sh']);
  const log = JSON.parse(r.stdout) as {
    runs: { artifacts: { location: { uri: string } }[]; results: { level: string }[] }[];
  };
  assert.deepEqual(sarifViolations(log), []);
  assert.equal(log.runs[0].artifacts[0].location.uri, 'examples/pc-dimm-hotplug.sh');
  assert.deepEqual(
    log.runs[0].results.filter((x) => x.level === 'error'),
    [],
  );
});

test('a command line QEMU accepts: no error, exit 0', () => {
  // QEMU 7.2 starts examples/pc-dimm-hotplug.sh's command line (checked with the oracle).
  const r = runCli(['check', '--format', 'json', 'examples/pc-dimm-hotplug.sh']);
  assert.equal(r.status, 0);
  const [report] = JSON.parse(r.stdout) as JsonReport[];
  assert.deepEqual(
    report.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
});

test('the deliberately broken example exits 1 with errors on both of its QEMU command lines', () => {
  const r = runCli(['check', '--format', 'json', 'examples/broken-placement.sh']);
  assert.equal(r.status, 1);
  const [report] = JSON.parse(r.stdout) as JsonReport[];
  const errorLines = report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.line);
  assert.ok(
    errorLines.some((l) => l >= 15 && l <= 28),
    `no error in the first command: ${errorLines.join(', ')}`,
  );
  assert.ok(
    errorLines.some((l) => l >= 34),
    `no error in the second command: ${errorLines.join(', ')}`,
  );
});

test('several files: one report per file in order; an unreadable one is reported and makes the exit code 2', () => {
  const ok = runCli(['check', '--format', 'json', 'examples/pc-dimm-hotplug.sh', 'examples/spm-v8-spm-memory.sh']);
  assert.deepEqual(
    (JSON.parse(ok.stdout) as JsonReport[]).map((x) => x.file),
    ['examples/pc-dimm-hotplug.sh', 'examples/spm-v8-spm-memory.sh'],
  );
  const r = runCli(['check', '--format', 'json', 'examples/pc-dimm-hotplug.sh', 'examples/nonexistent.sh']);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'qemu-launch: examples/nonexistent.sh: no such file\n');
  assert.deepEqual(
    (JSON.parse(r.stdout) as JsonReport[]).map((x) => x.file),
    ['examples/pc-dimm-hotplug.sh'],
  );
});

test('--spm-form: the v8 device is accepted for v8 and refused when the target QEMU has no SPM', () => {
  const v8 = runCli(['check', '--spm-form', 'v8', '--format', 'json', 'examples/spm-v8-spm-memory.sh']);
  assert.equal(v8.status, 0, v8.stdout);
  const none = runCli(['check', '--spm-form', 'none', '--format', 'json', 'examples/spm-v8-spm-memory.sh']);
  assert.equal(none.status, 1);
  const [report] = JSON.parse(none.stdout) as JsonReport[];
  const errorLines = report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.line);
  assert.ok(
    errorLines.includes(24) && errorLines.includes(28),
    `errors on ${errorLines.join(', ')}, expected the spm-memory lines 24 and 28`,
  );
});

test('--host-cpu-vendor decides the AMD HyperTransport hole for -cpu host', () => {
  const hole = (vendor: string) => {
    const r = runCli(['map', '--json', '--host-cpu-vendor', vendor, 'examples/q35-two-numa-nodes.sh']);
    assert.equal(r.status, 0);
    const map = JSON.parse(r.stdout) as { invocations: { e820: { start: string }[] }[] };
    return map.invocations[0].e820.some((x) => x.start === '0xfd00000000');
  };
  assert.equal(hole('amd'), true);
  assert.equal(hole('intel'), false);
});
