// Builds a Nest project when its output is missing or older than the TypeScript it is built from.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const SOURCE = /\.(ts|tsx|json|css|html)$/;

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(child));
    else if (SOURCE.test(entry.name)) latest = Math.max(latest, statSync(child).mtimeMs);
  }
  return latest;
}

/**
 * Builds `project` (nest-cli.json) unless `output` is newer than every source under `sources`. The
 * first build takes about 20 s on a small machine, so it says so, and says every 5 s that it is still
 * at it (on stderr when `quiet`, so a CLI's stdout stays its own).
 */
export function isStale(output, sources) {
  return (
    !existsSync(output) || statSync(output).mtimeMs < Math.max(...sources.map((s) => newest(join(ROOT, s))))
  );
}

export async function buildIfStale(project, output, sources, { quiet = false } = {}) {
  if (!isStale(output, sources)) return;
  const say = (line) => (quiet ? process.stderr : process.stdout).write(`${line}\n`);
  const started = Date.now();
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
  say(`Building ${project} from source (first run, or its sources changed; about 20 s)…`);
  const ticker = setInterval(() => say(`  still building ${project} (${elapsed()})`), 5_000);
  const status = await new Promise((resolve) => {
    const build = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', project],
      {
        cwd: ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    build.once('exit', (code) => resolve(code ?? 1));
  });
  clearInterval(ticker);
  if (status !== 0) {
    say(`Cannot start: building ${project} failed (exit ${status}); the compiler's messages are above`);
    process.exit(status);
  }
  say(`Built ${project} in ${elapsed()}`);
}
