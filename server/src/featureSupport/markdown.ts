// Markdown for hovers: anything that came from the user's script is escaped, so an id such as
// `<img src=x>` or `**x**` shows as the characters it is.
// Only what changes meaning inline (our strings never start a line): emphasis, code, links,
// table pipes, strike-through and HTML.
const SPECIAL = /[\\`*_[\]|~<>&]/g;

export function escapeMarkdown(s: string): string {
  return s.replace(SPECIAL, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '\\' + c));
}

/** A table with a header row; cells are escaped. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => '| ' + cells.map(escapeMarkdown).join(' | ') + ' |';
  return [line(header), '|' + header.map(() => ' --- |').join(''), ...rows.map(line)].join('\n');
}

/** Inline code: backslash escapes do not work inside backticks, so pick a fence the text lacks. */
export function code(s: string): string {
  const clean = s.replace(/[\r\n]+/g, ' ');
  if (!clean.includes('`')) return '`' + clean + '`';
  return '`` ' + clean.replace(/``+/g, '`') + ' ``';
}
