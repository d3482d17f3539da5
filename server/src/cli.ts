// qemu-launch command-line tool: `check` and `map` over the same analyze() the language
// server uses. Exit codes: 0 no errors, 1 check found an error, 2 usage error or unreadable
// input, 3 internal error. Nothing is ever thrown at the user as a stack trace.
import { analyze, describeRuleFailure, initShellParser, onRuleFailure } from './analysis/index';
import { fileMapJson, type FileMapJson } from './analysis/mapJson';
import { parseArgs, UsageError, USAGE, type CliRequest } from './cli/args';
import { readInput } from './cli/readInput';
import { fileReport, type FileReport } from './cli/located';
import { formatText, summary } from './cli/formatText';
import { formatJson } from './cli/formatJson';
import { formatSarif } from './cli/formatSarif';
import { formatMap } from './cli/formatMap';
import { version } from '../../package.json';
import { verifyText, exitStatus } from './verify/index';
import { formatVerifyText, verifyJson } from './verify/format';

const EXIT_OK = 0;
const EXIT_ERRORS = 1;
const EXIT_USAGE = 2;
const EXIT_INTERNAL = 3;

function fail(message: string): void {
  process.stderr.write(`qemu-launch: ${message}\n`);
}

// A rule that throws is a bug: say so on stderr (one line, no stack) and keep the other rules' findings.
onRuleFailure((f) => fail(`internal error: ${describeRuleFailure(f)}`));

/** Reads each file; unreadable ones are reported on stderr and left out. */
function readAll(files: readonly string[]): { file: string; text: string }[] {
  const texts: { file: string; text: string }[] = [];
  for (const file of files) {
    const input = readInput(file);
    if (input.ok) texts.push({ file, text: input.text });
    else fail(input.message);
  }
  return texts;
}

async function run(request: CliRequest): Promise<number> {
  if (request.command === 'help') {
    process.stdout.write(USAGE + '\n');
    return EXIT_OK;
  }
  if (request.command === 'version') {
    process.stdout.write(`qemu-launch ${version}\n`);
    return EXIT_OK;
  }
  const inputs = readAll(request.files);
  const unreadable = inputs.length < request.files.length;
  if (inputs.length === 0) return EXIT_USAGE;
  await initShellParser();

  if (request.command === 'verify') {
    const results = [];
    for (const { file, text } of inputs) {
      const r = await verifyText(
        text,
        request.settings,
        { qemu: request.qemu, timeoutMs: request.timeoutMs },
        request.qemuVersionPinned
          ? { mode: 'pinned', setting: '--qemu-version', configured: request.settings.qemuVersion }
          : { mode: 'follow', setting: '--qemu-version' },
      );
      results.push({ file, ...r });
    }
    if (request.format === 'json') {
      const json = results.map(verifyJson);
      process.stdout.write(JSON.stringify(json.length === 1 ? json[0] : json, null, 2) + '\n');
    } else process.stdout.write(formatVerifyText(results));
    return unreadable ? EXIT_USAGE : exitStatus(results);
  }

  if (request.command === 'map') {
    const maps: FileMapJson[] = inputs.map(({ file, text }) => fileMapJson(file, analyze(text, request.settings)));
    if (request.format === 'json') {
      // One FILE → the documented object; several → an array of them.
      process.stdout.write(JSON.stringify(maps.length === 1 ? maps[0] : maps, null, 2) + '\n');
    } else {
      process.stdout.write(formatMap(maps));
    }
    return unreadable ? EXIT_USAGE : EXIT_OK;
  }

  const reports: FileReport[] = inputs.map(({ file, text }) => fileReport(file, analyze(text, request.settings)));
  if (request.format === 'json') process.stdout.write(formatJson(reports));
  else if (request.format === 'sarif') process.stdout.write(formatSarif(reports, version));
  else {
    process.stdout.write(formatText(reports));
    process.stderr.write(summary(reports) + '\n');
  }
  if (unreadable) return EXIT_USAGE;
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? EXIT_ERRORS : EXIT_OK;
}

async function main(argv: string[]): Promise<number> {
  let request: CliRequest;
  try {
    request = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      fail(error.message);
      process.stderr.write(USAGE + '\n');
      return EXIT_USAGE;
    }
    throw error;
  }
  return run(request);
}

// `qemu-launch check x | head` closes the pipe early: that is not an error worth a trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
  fail(`cannot write output: ${error.message}`);
  process.exit(EXIT_INTERNAL);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    fail(`internal error: ${message} (please report it with the script that caused it)`);
    process.exitCode = EXIT_INTERNAL;
  },
);
