import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { serveDashboard } from './serve-dashboard';

describe('serving a dashboard that was never built', () => {
  const empty = mkdtempSync(join(tmpdir(), 'no-dashboard-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('answers 503 with a problem naming the command that builds it, not a bare 404', async () => {
    const fastify = Fastify();
    await serveDashboard(fastify, empty);
    for (const url of ['/dashboard', '/dashboard/', '/dashboard/assets/main.js']) {
      const res = await fastify.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status: 503, detail: expect.stringContaining('npm run build') });
    }
    await fastify.close();
  });
});
