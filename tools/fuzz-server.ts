// `npm run fuzz`: a long randomized campaign against the language-server process (dist/server.js).
// Prints the seed of every round so a failure reproduces with `npm run fuzz -- --seed N`;
// a failing round is shrunk and written to test/fixtures/regressions/server-<seed>.json, which
// test/robustness/serverRegressions.test.ts then replays on every `npm test`.
//   npm run fuzz -- [--seed N] [--rounds N] [--documents N] [--edits N]
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, minimise, replay } from '../test/robustness/campaign';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function seedScripts(): string[] {
  const out: string[] = [];
  for (const dir of ['examples', 'test/fixtures/lsp', 'test/fixtures/maps']) {
    for (const f of readdirSync(dir)) if (f.endsWith('.sh')) out.push(readFileSync(join(dir, f), 'utf8'));
  }
  return out;
}

async function main(): Promise<void> {
  const firstSeed = arg('seed', Math.floor(Math.random() * 2 ** 31));
  const rounds = arg('rounds', process.argv.includes('--seed') ? 1 : 20);
  const documents = arg('documents', 10);
  const edits = arg('edits', 40);
  const seeds = seedScripts();
  let failures = 0;
  for (let r = 0; r < rounds; r++) {
    const seed = (firstSeed + r) >>> 0;
    const trace = generate(seed, documents, edits, seeds);
    process.stdout.write(`seed ${seed}: ${trace.steps.length} steps ... `);
    const outcome = await replay(trace);
    if (outcome.ok) {
      console.log('ok');
      continue;
    }
    failures++;
    console.log(`FAILED at step ${outcome.at}: ${outcome.error}`);
    const small = await minimise(trace, outcome);
    const file = `test/fixtures/regressions/server-${seed}.json`;
    writeFileSync(
      file,
      JSON.stringify(
        { comment: `npm run fuzz -- --seed ${seed}: ${small.failure.error}`, seed, steps: small.trace.steps },
        null,
        1,
      ) + '\n',
    );
    console.log(`  shrunk to ${small.trace.steps.length} steps: ${file}`);
  }
  console.log(
    failures
      ? `${failures} of ${rounds} rounds failed`
      : `${rounds} rounds, no failure (seeds ${firstSeed}..${firstSeed + rounds - 1})`,
  );
  process.exit(failures ? 1 : 0);
}

void main();
