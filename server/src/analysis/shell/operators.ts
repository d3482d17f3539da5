// The string operations of ${x#prefix}, ${x%suffix}, ${x^^} and ${x,,} with a literal pattern.

/** The result of `${value<op>pattern}`, or undefined for a form we do not compute. */
export function applyOperator(value: string, op: string, pattern: string): string | undefined {
  switch (op) {
    case '#':
    case '##':
      return value.startsWith(pattern) ? value.slice(pattern.length) : value;
    case '%':
    case '%%':
      return pattern !== '' && value.endsWith(pattern) ? value.slice(0, value.length - pattern.length) : value;
    case '^^':
      return pattern === '' ? value.toUpperCase() : undefined;
    case ',,':
      return pattern === '' ? value.toLowerCase() : undefined;
    case '^':
      return pattern === '' ? value.slice(0, 1).toUpperCase() + value.slice(1) : undefined;
    case ',':
      return pattern === '' ? value.slice(0, 1).toLowerCase() + value.slice(1) : undefined;
  }
  return undefined;
}
