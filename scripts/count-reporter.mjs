// A node:test reporter that writes one JSON line, {"passed":N,"failed":N}, for scripts/run-tests.mjs
// to add up across suites. Suites (describe) are not counted, their tests are. A skipped or todo
// test counts as failed: the project has none, and one that appears must not look like a pass.
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  for await (const { type, data } of source) {
    if (type !== 'test:pass' && type !== 'test:fail') continue;
    if (data.details?.type === 'suite') continue;
    if (type === 'test:pass' && !data.skip && !data.todo) passed++;
    else failed++;
  }
  yield `${JSON.stringify({ passed, failed })}\n`;
}
