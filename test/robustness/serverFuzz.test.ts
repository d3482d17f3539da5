// A fixed-seed fuzz campaign against the server process (`node dist/server.js --stdio`, built
// by `npm test`): random documents and incremental edits, and after each edit every request at
// random positions. Every response must be well-formed with its ranges inside the document, the
// server must log no handler failure and stay alive. `npm run fuzz` runs longer, random seeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generate, replay } from './campaign';

const SEED = 20261125;

function seedScripts(): string[] {
  const out: string[] = [];
  for (const dir of ['examples', 'test/fixtures/lsp']) {
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.sh')) out.push(readFileSync(join(dir, f), 'utf8'));
  }
  return out;
}

test(
  `fuzzed edits and requests (seed ${SEED}): well-formed answers, the server stays up`,
  { timeout: 600_000 },
  async () => {
    const trace = generate(SEED, 6, 25, seedScripts());
    const outcome = await replay(trace);
    assert.ok(
      outcome.ok,
      `step ${outcome.at} (${JSON.stringify(trace.steps[outcome.at ?? 0]).slice(0, 300)}): ${outcome.error}\nreproduce: npm run fuzz -- --seed ${SEED} --documents 6 --edits 25`,
    );
  },
);
