// Builds a Nest project when its output is missing or older than the TypeScript it is built from.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(child));
    else if (entry.name.endsWith('.ts') || entry.name.endsWith('.json')) latest = Math.max(latest, statSync(child).mtimeMs);
  }
  return latest;
}

/** Builds `project` (nest-cli.json) unless `output` is newer than every source under `sources`. */
export function buildIfStale(project, output, sources, { quiet = false } = {}) {
  const stale = !existsSync(output) || statSync(output).mtimeMs < Math.max(...sources.map((s) => newest(join(ROOT, s))));
  if (!stale) return;
  if (!quiet) process.stdout.write(`Building ${project} (first start or sources changed)…\n`);
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', project], {
    cwd: ROOT,
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'],
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
