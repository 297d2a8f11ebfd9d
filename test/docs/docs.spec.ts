import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { eventTypesTable, kpiCatalogueTable } from './generated';

/**
 * The documentation a newcomer reads stays true: the generated parts of docs/ equal what the code
 * defines, and no link in the repository's Markdown leads outside it or to a file that is not there.
 */
const ROOT = resolve(__dirname, '..', '..');

const GENERATED: [file: string, name: string, render: () => string][] = [
  ['docs/kpis.md', 'kpi-catalogue', kpiCatalogueTable],
  ['docs/concepts.md', 'event-types', eventTypesTable],
];

describe('the documentation', () => {
  it.each(GENERATED)('%s holds the %s table as the code defines it', (file, name, render) => {
    const path = join(ROOT, file);
    const text = readFileSync(path, 'utf8');
    const region = new RegExp(`(<!-- generated: ${name} -->\\n)(?:[\\s\\S]*?\\n)?(<!-- end generated -->)`);
    expect(text).toMatch(region);
    const expected = text.replace(region, `$1${render()}\n$2`);
    if (process.env.UPDATE_DOCS === '1') writeFileSync(path, expected);
    expect(text).toBe(expected);
  });

  it('links only to files inside the repository that exist', () => {
    const broken: string[] = [];
    for (const file of markdownFiles(ROOT)) {
      for (const target of links(readFileSync(file, 'utf8'))) {
        const path = resolve(dirname(file), decodeURIComponent(target.split('#')[0]));
        const inside = !relative(ROOT, path).startsWith('..');
        if (!inside || !existsSync(path)) broken.push(`${relative(ROOT, file)} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

/** Relative link targets of Markdown links; web links are citations (RFCs, upstream issues) and stay. */
function links(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1])
    .filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith('#'));
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'dist', 'dist-cli', 'dist-bench', '.git', '.ledger-data'].includes(entry.name))
      return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}
