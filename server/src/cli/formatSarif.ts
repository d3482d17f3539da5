// `check --format sarif`: SARIF 2.1.0 (OASIS), the format CI code scanning uploads
// (e.g. GitHub's upload-sarif). One run; one rule per diagnostic code seen; one result per
// diagnostic with its region (1-based lines and columns, columns in UTF-16 code units as
// declared by run.columnKind; endColumn is exclusive, as SARIF defines it).
import { pathToFileURL } from 'node:url';
import { isAbsolute, sep } from 'node:path';
import type { Severity } from '../analysis/types';
import type { FileReport, Located } from './located';
import { RULES } from '../analysis/checks/catalog';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';

function level(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** A relative path stays a relative URI reference (resolved against the checkout by CI). */
export function artifactUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(sep).join('/').split('/').map(encodeURIComponent).join('/');
}

function region(at: Located) {
  return { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn };
}

function ruleHelp(id: string, summary: string, example: string | undefined) {
  const what = `qemu-launch ${id}: ${summary}. The message says it in QEMU's own words.`;
  const fix = 'The editor extension and language server offer a quick fix where one exists.';
  return {
    text: example ? `${what} A command line that triggers it: ${example}. ${fix}` : `${what} ${fix}`,
    markdown:
      `**${id}**: ${summary}. The message says it in QEMU's own words.\n\n` +
      (example ? `A command line that triggers it:\n\n\`\`\`sh\nqemu-system-x86_64 ${example}\n\`\`\`\n\n` : '') +
      fix,
  };
}

export function formatSarif(reports: readonly FileReport[], toolVersion: string): string {
  const ruleIds = [...new Set(reports.flatMap((r) => r.diagnostics.map((d) => d.code)))].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const catalog = new Map(RULES.map((rule) => [rule.code, rule]));
  const rules = ruleIds.map((id) => {
    const doc = catalog.get(id);
    const first = reports.flatMap((r) => r.diagnostics).find((d) => d.code === id)!;
    return {
      id,
      shortDescription: { text: doc?.summary ?? first.message },
      ...(doc ? { fullDescription: { text: `${doc.summary}. Example: ${doc.example}` } } : {}),
      // Code scanning shows `help` on the alert page: what the rule means and a line that triggers it.
      help: ruleHelp(id, doc?.summary ?? first.message, doc?.example),
      defaultConfiguration: { level: level(doc?.severity ?? first.severity) },
    };
  });
  const results = reports.flatMap((report) => {
    const artifactLocation = { uri: artifactUri(report.file) };
    return report.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code)!,
      level: level(d.severity),
      message: { text: d.message },
      locations: [{ physicalLocation: { artifactLocation, region: region(d) } }],
      ...(d.related.length
        ? {
            relatedLocations: d.related.map((r, id) => ({
              id,
              message: { text: r.message },
              physicalLocation: { artifactLocation, region: region(r) },
            })),
          }
        : {}),
    }));
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'qemu-launch',
            version: toolVersion,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        artifacts: reports.map((r) => ({ location: { uri: artifactUri(r.file) } })),
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
