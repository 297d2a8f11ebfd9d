import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every reliability test records the figure it measured: printed at once, and written to
 * reliability/results/<name>.json for `npm run reliability:report`, which renders RELIABILITY.md.
 */
export interface Figure {
  /** One line a reader can check: what was done and what was found. */
  readonly summary: string;
  readonly numbers: Readonly<Record<string, number | string | boolean>>;
}

export function record(name: string, figure: Figure): void {
  const dir = join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${name}.json`),
    `${JSON.stringify({ name, at: new Date().toISOString(), ...figure }, null, 2)}\n`,
  );
  process.stdout.write(`[reliability] ${name}: ${figure.summary}\n`);
}
