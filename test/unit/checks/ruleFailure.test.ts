// A rule that throws is a bug, and is never swallowed: without a reporter the exception reaches
// the caller (so every test fails on it); the server and the CLI install a reporter that logs it
// and keep the other rules' findings.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  checks,
  describeRuleFailure,
  onRuleFailure,
  runChecks,
  type RuleFailure,
} from '../../../server/src/analysis/checks/run';
import { contextFor } from './harness';

const LINE = 'qemu-system-x86_64 -m 1G,slots=2';

function checkThatThrows(): never {
  throw new TypeError('boom');
}

function withThrowingRule<T>(body: () => T): T {
  checks.push(checkThatThrows);
  try {
    return body();
  } finally {
    checks.splice(checks.indexOf(checkThatThrows), 1);
  }
}

afterEach(() => onRuleFailure(undefined));

test('without a reporter, a throwing rule throws out of runChecks', () => {
  assert.throws(() => withThrowingRule(() => runChecks(contextFor(LINE))), /boom/);
});

test('with a reporter, the failure is reported by rule name and the other rules still report', () => {
  const failures: RuleFailure[] = [];
  onRuleFailure((f) => failures.push(f));
  const diagnostics = withThrowingRule(() => runChecks(contextFor(LINE)));
  assert.deepEqual(
    failures.map((f) => f.rule),
    ['checkThatThrows'],
  );
  assert.ok(
    diagnostics.some((d) => d.code === 'QL-mem-003'),
    'slots without maxmem is still reported',
  );
  assert.equal(describeRuleFailure(failures[0]), 'rule checkThatThrows threw and was skipped: TypeError: boom');
  assert.match(describeRuleFailure(failures[0], true), /TypeError: boom\n\s+at checkThatThrows/);
});
