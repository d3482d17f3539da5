// The required fields and value constraints of SARIF 2.1.0 (OASIS sarif-schema-2.1.0.json)
// for the objects qemu-launch emits, checked by hand so the test needs no network or schema
// package. Returns the list of violations (empty when the log is well-formed).
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min;

export function sarifViolations(log: unknown): string[] {
  const errors: string[] = [];
  const need = (cond: boolean, what: string) => {
    if (!cond) errors.push(what);
  };
  const message = (m: unknown, at: string) => {
    need(isObject(m), `${at}: message object required`);
    if (isObject(m)) need(typeof m.text === 'string' || typeof m.id === 'string', `${at}: message needs text or id`);
  };
  const region = (r: unknown, at: string) => {
    if (r === undefined) return;
    need(isObject(r), `${at}.region: object`);
    if (!isObject(r)) return;
    for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) {
      if (r[key] !== undefined) need(isInt(r[key], 1), `${at}.region.${key}: integer >= 1`);
    }
    if (isInt(r.startLine, 1) && isInt(r.endLine, 1))
      need((r.endLine as number) >= (r.startLine as number), `${at}.region: endLine >= startLine`);
  };
  const physicalLocation = (p: unknown, at: string) => {
    need(isObject(p), `${at}: physicalLocation object`);
    if (!isObject(p)) return;
    // Schema: anyOf [address], [artifactLocation].
    need(isObject(p.artifactLocation) || isObject(p.address), `${at}: artifactLocation or address required`);
    if (isObject(p.artifactLocation))
      need(typeof p.artifactLocation.uri === 'string', `${at}.artifactLocation.uri: string`);
    region(p.region, at);
  };

  need(isObject(log), 'log: object');
  if (!isObject(log)) return errors;
  need(log.version === '2.1.0', 'version must be "2.1.0"');
  if (log.$schema !== undefined) need(typeof log.$schema === 'string', '$schema: uri string');
  need(Array.isArray(log.runs), 'runs: array required');
  for (const [i, run] of ((log.runs as unknown[]) ?? []).entries()) {
    const at = `runs[${i}]`;
    need(isObject(run), `${at}: object`);
    if (!isObject(run)) continue;
    need(isObject(run.tool), `${at}.tool required`);
    const driver = isObject(run.tool) ? run.tool.driver : undefined;
    need(isObject(driver), `${at}.tool.driver required`);
    const rules: unknown[] = isObject(driver) && Array.isArray(driver.rules) ? driver.rules : [];
    if (isObject(driver))
      need(typeof driver.name === 'string' && driver.name.length > 0, `${at}.tool.driver.name required`);
    rules.forEach((rule, j) => {
      need(isObject(rule) && typeof rule.id === 'string', `${at}.rules[${j}].id required`);
      if (isObject(rule) && rule.defaultConfiguration !== undefined) {
        const level = (rule.defaultConfiguration as Json).level;
        need(
          level === undefined || ['none', 'note', 'warning', 'error'].includes(level as string),
          `${at}.rules[${j}] level enum`,
        );
      }
    });
    if (run.columnKind !== undefined)
      need(['utf16CodeUnits', 'unicodeCodePoints'].includes(run.columnKind as string), `${at}.columnKind enum`);
    if (run.artifacts !== undefined) {
      need(Array.isArray(run.artifacts), `${at}.artifacts: array`);
      for (const [j, a] of ((run.artifacts as unknown[]) ?? []).entries()) {
        need(isObject(a) && (a.location === undefined || isObject(a.location)), `${at}.artifacts[${j}]: object`);
      }
    }
    if (run.results === undefined) continue;
    need(Array.isArray(run.results), `${at}.results: array`);
    for (const [j, result] of ((run.results as unknown[]) ?? []).entries()) {
      const rat = `${at}.results[${j}]`;
      need(isObject(result), `${rat}: object`);
      if (!isObject(result)) continue;
      message(result.message, rat);
      if (result.level !== undefined)
        need(['none', 'note', 'warning', 'error'].includes(result.level as string), `${rat}.level enum`);
      if (result.ruleIndex !== undefined) {
        need(isInt(result.ruleIndex, -1), `${rat}.ruleIndex: integer >= -1`);
        const rule = rules[result.ruleIndex as number];
        need(isObject(rule) && rule.id === result.ruleId, `${rat}: ruleIndex must point at the rule named by ruleId`);
      }
      for (const key of ['locations', 'relatedLocations'] as const) {
        if (result[key] === undefined) continue;
        need(Array.isArray(result[key]), `${rat}.${key}: array`);
        for (const [k, loc] of ((result[key] as unknown[]) ?? []).entries()) {
          need(isObject(loc), `${rat}.${key}[${k}]: object`);
          if (!isObject(loc)) continue;
          if (loc.id !== undefined) need(isInt(loc.id, -1), `${rat}.${key}[${k}].id: integer >= -1`);
          if (loc.message !== undefined) message(loc.message, `${rat}.${key}[${k}]`);
          if (loc.physicalLocation !== undefined)
            physicalLocation(loc.physicalLocation, `${rat}.${key}[${k}].physicalLocation`);
        }
      }
    }
  }
  return errors;
}
