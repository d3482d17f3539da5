// README is the front door and docs/ the rooms behind it: every relative link and image in them
// must lead somewhere in a clone (a file that exists, a heading that exists in it), and README
// stays short with its one screenshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(__dirname, '../../..');
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** Markdown links and images outside code: [text](target) / ![alt](target). */
function links(markdown: string): { image: boolean; target: string }[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/(!?)\[(?:[^\]\n]|\][^(])*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => ({
    image: m[1] === '!',
    target: m[2],
  }));
}

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces as hyphens. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6}\s+(.+)$/gm))
    out.add(
      m[1]
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    );
  return out;
}

test('every relative link and image in README.md and docs/*.md resolves in the repository', () => {
  const broken: string[] = [];
  for (const page of pages) {
    const text = readFileSync(join(root, page), 'utf8');
    for (const { target } of links(text)) {
      if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
      const [path, anchor] = target.split('#');
      const file = path ? join(root, dirname(page), decodeURI(path)) : join(root, page);
      if (!existsSync(file)) {
        broken.push(`${page}: ${target} (no ${relative(root, file)})`);
        continue;
      }
      if (anchor && file.endsWith('.md') && !anchors(readFileSync(file, 'utf8')).has(anchor))
        broken.push(`${page}: ${target} (no heading #${anchor})`);
    }
  }
  assert.deepEqual(broken, []);
});

test('README is a front door: under 250 lines, one screenshot, links into docs/', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  assert.ok(readme.split('\n').length < 250, `README.md has ${readme.split('\n').length} lines`);
  const found = links(readme);
  assert.equal(found.filter((l) => l.image).length, 1, 'one screenshot: the map next to the script');
  assert.ok(found.filter((l) => l.target.startsWith('docs/')).length >= 5);
});

test('the link reader sees links and images, not code', () => {
  const md = '# A title, with (punctuation)\n[a](docs/x.md#b) ![i](p.png) `[no](code.md)`\n```\n[no](fence.md)\n```\n';
  assert.deepEqual(links(md), [
    { image: false, target: 'docs/x.md#b' },
    { image: true, target: 'p.png' },
  ]);
  assert.deepEqual([...anchors(md)], ['a-title-with-punctuation']);
});
