// The import rules of docs/architecture.md, checked on the source: a rule broken here is a
// layer that started to depend on something it must not know about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '../..');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) sources(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Every module a file imports or re-exports: packages by name, relative paths resolved from the repository root. */
function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const out: string[] = [];
  // The clause between `import`/`export` and `from` holds only names, braces, commas and `*`.
  const statement =
    /^(?:import|export)\s[\w\s{},*$]*?\bfrom\s*'([^']+)'|^import\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm;
  for (const m of text.matchAll(statement)) {
    const spec = m[1] ?? m[2] ?? m[3];
    out.push(spec.startsWith('.') ? relative(root, normalize(join(root, dirname(file), spec))) : spec);
  }
  return out;
}

function violations(dir: string, allowed: (spec: string, file: string) => boolean): string[] {
  return sources(dir).flatMap((f) =>
    imports(f)
      .filter((s) => !allowed(s, f))
      .map((s) => `${f} imports ${s}`),
  );
}

const inside = (spec: string, ...dirs: string[]): boolean => dirs.some((d) => spec === d || spec.startsWith(`${d}/`));
const A = 'server/src/analysis';

test('the analysis core imports no LSP, VS Code, server, CLI or client code', () => {
  assert.deepEqual(
    violations(A, (s) => inside(s, A) || s === 'web-tree-sitter' || s === 'node:fs' || s === 'node:path'),
    [],
  );
});

test('the layers of the core import only the layers before them (shell → options → machine → layout → checks)', () => {
  const root = [`${A}/types`, `${A}/text`, `${A}/format`, `${A}/detach`, `${A}/versions`];
  const rules: Record<string, string[]> = {
    shell: [],
    schema: [],
    options: ['shell', 'schema'],
    machine: ['options', 'schema', 'shell'],
    layout: ['machine', 'options'],
    checks: ['layout', 'machine', 'options', 'schema', 'shell'],
  };
  for (const [layer, may] of Object.entries(rules)) {
    const own = `${A}/${layer}`;
    const bad = violations(
      own,
      (s) => !s.startsWith(A) || inside(s, own, ...root) || may.some((m) => inside(s, `${A}/${m}`)),
    );
    assert.deepEqual(bad, [], layer);
  }
});

test('the CLI reads the analysis core only', () => {
  const allowed = (s: string): boolean =>
    inside(s, A, 'server/src/cli', 'server/src/verify') || s.startsWith('node:') || s === 'package.json';
  const cliFiles = ['server/src/cli.ts', ...sources('server/src/cli')];
  assert.deepEqual(
    cliFiles.flatMap((f) =>
      imports(f)
        .filter((s) => !allowed(s))
        .map((s) => `${f} imports ${s}`),
    ),
    [],
  );
});

test('the webview imports only its own files and the core’s data shapes (it runs in a browser)', () => {
  assert.deepEqual(
    violations('client/webview', (s) =>
      inside(s, 'client/webview', `${A}/layout/addressMap`, `${A}/layout/tableNames`, `${A}/format`, `${A}/mapJson`),
    ),
    [],
  );
});

test('the VS Code client reaches the server only through the protocol module', () => {
  assert.deepEqual(
    violations('client/src', (s) => !s.startsWith('server/') || s === 'server/src/protocol'),
    [],
  );
});

test('features/ holds request handlers only: a handler imports no other handler (what they share is in featureSupport/)', () => {
  const F = 'server/src/features';
  assert.deepEqual(
    violations(F, (s) => !inside(s, F)),
    [],
  );
  assert.deepEqual(
    violations('server/src/featureSupport', (s) => !inside(s, F)),
    [],
    'featureSupport/ serves the handlers; it does not reach back into them',
  );
});

// What the command line declares — backends, NUMA nodes, devices, -m — is read once, in machine/
// (the options layer parses each option, the shell finds them). Everyone else asks the Machine
// (Machine.declared, Machine.memory), so no module can disagree with it about what exists.
const DECLARING = new Set(['object', 'numa', 'device', 'm']);
const MAY_READ_BY_NAME = [`${A}/machine`, `${A}/options`, `${A}/shell`];

/** Each place a source file picks out -object/-numa/-device/-m options by their name. */
function lookupsByName(file: string, text = readFileSync(join(root, file), 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const isName = (e: ts.Node): boolean => ts.isPropertyAccessExpression(e) && e.name.text === 'name';
  const declaring = (e: ts.Node): e is ts.StringLiteral => ts.isStringLiteral(e) && DECLARING.has(e.text);
  const report = (node: ts.Node, what: string) =>
    out.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${what}`);
  const visit = (node: ts.Node): void => {
    if (
      ts.isBinaryExpression(node) &&
      [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(
        node.operatorToken.kind,
      ) &&
      ((isName(node.left) && declaring(node.right)) || (isName(node.right) && declaring(node.left)))
    )
      report(node, node.getText());
    if (ts.isSwitchStatement(node) && isName(node.expression))
      for (const clause of node.caseBlock.clauses)
        if (ts.isCaseClause(clause) && declaring(clause.expression))
          report(clause, `case ${clause.expression.getText()}`);
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'includes' &&
      ts.isArrayLiteralExpression(node.expression.expression) &&
      node.expression.expression.elements.some(declaring) &&
      node.arguments.some(isName)
    )
      report(node, node.getText());
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

test('only machine/ (with the parsers before it) picks -object, -numa, -device and -m options out by name', () => {
  const files = [...sources('server/src'), ...sources('client')].filter(
    (f) => !MAY_READ_BY_NAME.some((d) => inside(f, d)),
  );
  assert.deepEqual(
    files.flatMap((f) => lookupsByName(f)),
    [],
  );
});

test('the by-name check sees the three ways a lookup is written', () => {
  const probe = [
    "const nodes = options.filter((o) => o.name === 'numa');",
    "if ('m' !== option.name) return;",
    "switch (o.name) { case 'device': break; case 'cpu': break; }",
    "const typed = options.some((o) => ['object', 'numa'].includes(o.name));",
    "const fine = item.kind === 'device' || o.name === 'cpu';",
  ].join('\n');
  assert.deepEqual(lookupsByName('probe.ts', probe), [
    "probe.ts:1 o.name === 'numa'",
    "probe.ts:2 'm' !== option.name",
    "probe.ts:3 case 'device'",
    "probe.ts:4 ['object', 'numa'].includes(o.name)",
  ]);
});
