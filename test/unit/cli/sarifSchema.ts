// SARIF logs checked against the OASIS SARIF 2.1.0 JSON schema as published (the copy
// @microsoft/jest-sarif ships, sarif-2.1.0-rtm.5.json, a JSON Schema draft-04 document), with
// Ajv's draft-04 validator. Returns the violations (empty when the log is valid).
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';

const SCHEMA_PATH = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
export const sarifSchema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { title: string };

// strict: false — Ajv's strict mode rejects schema-authoring details of the published file
// (unknown keywords such as "deprecated"); every constraint, formats included, is still checked.
// unicodeRegExp: false — the schema's "language" pattern has a stray ']' that only a non-unicode
// RegExp accepts (as JSON Schema draft-04 validators of its time compiled it).
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(sarifSchema);

export function sarifViolations(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}
