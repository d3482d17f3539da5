// Replays every recorded server trace in test/fixtures/regressions/server-*.json (written by
// `npm run fuzz` when a round fails, or by hand for edge cases) against a fresh server process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { replay, type Trace } from './campaign';

const DIR = 'test/fixtures/regressions';
const files = readdirSync(DIR)
  .filter((f) => /^server-.*\.json$/.test(f))
  .sort();

test('there are server traces to replay', () => assert.ok(files.length > 0));

for (const f of files) {
  const trace = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Trace;
  test(`replay ${f}: ${trace.comment ?? ''}`, { timeout: 300_000 }, async () => {
    const outcome = await replay(trace);
    assert.ok(outcome.ok, `step ${outcome.at}: ${outcome.error}`);
  });
}
