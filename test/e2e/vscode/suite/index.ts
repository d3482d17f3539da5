// Entry point VS Code's extension host loads for `--extensionTestsPath` (the layout
// @vscode/test-electron expects): runs every bundled *.test.js next to it with Mocha and
// resolves only when all passed.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { SUITE_START_MARKER } from '../marker';

export function run(): Promise<void> {
  // The first request waits for the server's start and the first analysis; keep the limit generous.
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  for (const file of readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(join(__dirname, file));
  }
  console.log(SUITE_START_MARKER);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} VS Code API test(s) failed`)) : resolve()));
  });
}
