// Writes the generated documentation (docs/diagnostics.md). Run by `npm run gen-docs`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDiagnosticsDoc } from './docs/diagnostics';

const root = join(__dirname, '..');
void renderDiagnosticsDoc(root).then((text) => {
  writeFileSync(join(root, 'docs/diagnostics.md'), text);
  console.log('wrote docs/diagnostics.md');
});
