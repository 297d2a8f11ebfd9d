import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { problem } from '../common/problem';

/**
 * Everything the dashboard loads comes from this origin: no CDN, no inline script or style, no frames.
 * `connect-src 'self'` keeps a tampered bundle from sending a pasted key anywhere else.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Where `npm run build` writes the dashboard: dist/dashboard under the project's root. */
export function builtDashboardDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (projectRoot(dir)) return join(dir, 'dist', 'dashboard');
    if (dirname(dir) === dir) return join(from, 'dashboard');
  }
}

function projectRoot(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'partnership-ledger';
}

/**
 * Serves the governance dashboard at /dashboard/ from the API process itself (a static bundle that
 * calls the public API with the key the user pastes; it has no server-side part of its own).
 *
 * Guarantees: file names of scripts and styles carry their content hash, so they are cached for a year;
 * index.html is never cached, so a new build is picked up on the next load. Compressed copies written by
 * the build are sent to browsers that accept them.
 * Constraints: when the bundle was not built (a bare `nest build`), /dashboard answers 503 naming the
 * command that builds it, never a bare 404.
 */
export async function serveDashboard(fastify: FastifyInstance, dir = builtDashboardDir()): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) {
    const notBuilt = problem(
      503,
      'dashboard-not-built',
      'The dashboard is not built',
      `no dashboard bundle in ${dir}: run \`npm run build\` (npm start does it when needed)`,
    );
    for (const url of ['/dashboard', '/dashboard/*'])
      fastify.get(url, (_request, reply) => reply.code(503).type('application/problem+json').send(notBuilt));
    return;
  }
  // /dashboard and /dashboard/ (one route: trailing slashes are ignored) answer the page itself.
  fastify.get('/dashboard', (_request, reply) =>
    reply
      .header('Content-Security-Policy', DASHBOARD_CSP)
      .header('Cache-Control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(readFileSync(join(dir, 'index.html'))),
  );
  await fastify.register(fastifyStatic, {
    root: dir,
    prefix: '/dashboard/',
    decorateReply: false,
    preCompressed: true,
    index: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('Content-Security-Policy', DASHBOARD_CSP);
      const html = /\.html(\.(gz|br))?$/.test(path);
      reply.header('Cache-Control', html ? 'no-cache' : 'public, max-age=31536000, immutable');
    },
  });
}
