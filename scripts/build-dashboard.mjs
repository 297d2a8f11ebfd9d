// Builds the governance dashboard into dist/dashboard: one script and one stylesheet, named by their
// content hash, with gzip and brotli copies the API sends to browsers that accept them. esbuild: one
// well-kept binary, no plugins, about 0.3 s; the API serves the result (apps/ledger-api/src/dashboard).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { ROOT } from './build-if-stale.mjs';

export const DASHBOARD_SOURCES = ['apps/dashboard', 'libs/verification/src', 'package-lock.json'];
export const DASHBOARD_OUT = join(ROOT, 'dist/dashboard');
/** The budget for the dashboard's JavaScript, gzipped. */
export const SCRIPT_BUDGET_BYTES = 300 * 1024;

export async function buildDashboard() {
  // Loaded only to build: a started service whose bundle is current never needs the bundler.
  const { build } = await import('esbuild');
  rmSync(DASHBOARD_OUT, { recursive: true, force: true });
  mkdirSync(join(DASHBOARD_OUT, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: [join(ROOT, 'apps/dashboard/src/main.tsx')],
    outdir: join(DASHBOARD_OUT, 'assets'),
    entryNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome120', 'firefox128', 'safari17'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(ROOT, 'apps/dashboard/tsconfig.json'),
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path));
  const script = outputs.find((name) => name.endsWith('.js'));
  const style = outputs.find((name) => name.endsWith('.css'));
  const tags = `<link rel="stylesheet" href="/dashboard/assets/${style}" />\n    <script type="module" src="/dashboard/assets/${script}"></script>`;
  const html = readFileSync(join(ROOT, 'apps/dashboard/index.html'), 'utf8').replace('<!-- assets -->', tags);
  writeFileSync(join(DASHBOARD_OUT, 'index.html'), html);
  let scriptGzip = 0;
  for (const name of [...outputs.map((n) => join('assets', n)), 'index.html']) {
    const bytes = readFileSync(join(DASHBOARD_OUT, name));
    const gz = gzipSync(bytes, { level: 9 });
    writeFileSync(join(DASHBOARD_OUT, `${name}.gz`), gz);
    writeFileSync(join(DASHBOARD_OUT, `${name}.br`), brotliCompressSync(bytes));
    if (name.endsWith('.js')) scriptGzip += gz.length;
  }
  if (scriptGzip > SCRIPT_BUDGET_BYTES)
    throw new Error(
      `the dashboard's JavaScript is ${scriptGzip} bytes gzipped, over the ${SCRIPT_BUDGET_BYTES} budget`,
    );
  return { script, style, scriptGzip };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { scriptGzip } = await buildDashboard();
  console.log(
    `Built the dashboard into dist/dashboard (${(scriptGzip / 1024).toFixed(1)} KiB of JavaScript gzipped)`,
  );
}
