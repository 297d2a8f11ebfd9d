import 'reflect-metadata';
import { startEmbeddedPostgres } from '@ledger/event-store';
import { createLedgerApp } from './app.factory';
import { ConfigError, loadConfig } from './config/config';
import { SigningKeyMismatch } from './ledger/key-errors';

/**
 * Starts the API. Without DATABASE_URL it starts the embedded database (PGlite) in LEDGER_DATA_DIR
 * first, so `npm start` needs no server; with it, it uses that PostgreSQL.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: config.dataDir });
  const app = await createLedgerApp({ ...config, databaseUrl: config.databaseUrl ?? embedded!.connectionString });
  await app.listen(config.port);
  announce(config, embedded !== undefined, await app.getUrl());
  const stop = async () => {
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

function announce(config: ReturnType<typeof loadConfig>, embedded: boolean, url: string): void {
  const lines = [
    `Partnership Ledger listening on ${url.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost')}  (OpenAPI: /docs)`,
    embedded ? `Database: embedded PGlite in ${config.dataDir}` : 'Database: PostgreSQL from DATABASE_URL',
  ];
  if (config.adminKeyGenerated) lines.push(`Admin key for this run (set LEDGER_ADMIN_KEY to choose your own): ${config.adminKey}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  const oneLine = error instanceof ConfigError ? `Configuration error: ${error.message}` : error instanceof SigningKeyMismatch ? error.message : undefined;
  const message = oneLine ?? (error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
