/**
 * What a person watching `npm start` sees: one line per start-up step with its duration, then a short
 * banner. Plain text on stdout, before any JSON log line, so the URL and the admin key are easy to find.
 */
export async function step<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  process.stdout.write(`  ${label} (${seconds(Date.now() - started)})\n`);
  return result;
}

export interface Ready {
  readonly url: string;
  readonly database: string;
  readonly signingKeyId: string;
  readonly generatedAdminKey?: string;
}

/** Test harnesses and scripts read `API:` and `Admin key:` from this banner; keep those labels. */
export function banner(ready: Ready, elapsedMs: number): string {
  const lines = [
    `Partnership Ledger is ready (${seconds(elapsedMs)})`,
    `  API:          ${ready.url}   OpenAPI: ${ready.url}/docs`,
    `  Dashboard:    ${ready.url}/dashboard   (sign in with an API key)`,
    `  Database:     ${ready.database}`,
    `  Signing key:  ${ready.signingKeyId}   (partners pin it: ${ready.url}/v1/ledger/public-key)`,
  ];
  if (ready.generatedAdminKey) {
    lines.push(
      `  Admin key:    ${ready.generatedAdminKey}   (this run only; set LEDGER_ADMIN_KEY to choose your own)`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
