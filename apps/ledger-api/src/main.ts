import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { EmbeddedPostgres, startEmbeddedPostgres } from '@ledger/event-store';
import { createLedgerApp } from './app.factory';
import { LedgerConfig, loadConfig } from './config/config';
import { SigningKey } from './ledger/signing-key';
import { startupFailure } from './startup/failure';
import { checkDatabase } from './startup/preflight';
import { banner, step } from './startup/progress';

/**
 * Starts the API. Without DATABASE_URL it starts the embedded database (PGlite) in LEDGER_DATA_DIR
 * first, so `npm start` needs no server; with it, it uses that PostgreSQL. Each step says what it does
 * and how long it took; a failure is one line (startup/failure.ts).
 */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  process.stdout.write(`Starting Partnership Ledger (Node ${process.version})\n`);
  const embedded = await openDatabase(config);
  const databaseUrl = config.databaseUrl ?? embedded!.connectionString;
  try {
    const app = await step('API: migrations, read models, routes', () =>
      createLedgerApp({ ...config, databaseUrl }),
    );
    await app.listen(config.port);
    process.stdout.write(banner(await details(app, config, embedded !== undefined), Date.now() - started));
    stopOnSignals(app, embedded);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

async function openDatabase(config: LedgerConfig): Promise<EmbeddedPostgres | undefined> {
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    await step('database: PostgreSQL from DATABASE_URL', () =>
      checkDatabase(url, (where) =>
        process.stdout.write(`  waiting for PostgreSQL at ${where} to accept connections…\n`),
      ),
    );
    return undefined;
  }
  return step(`database: embedded PGlite in ${config.dataDir}`, () =>
    startEmbeddedPostgres({ dataDir: config.dataDir }),
  );
}

async function details(app: INestApplication, config: LedgerConfig, embedded: boolean) {
  return {
    url: (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost'),
    database: embedded ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL from DATABASE_URL',
    signingKeyId: app.get(SigningKey).keyId,
    ...(config.adminKeyGenerated ? { generatedAdminKey: config.adminKey } : {}),
  };
}

function stopOnSignals(app: INestApplication, embedded: EmbeddedPostgres | undefined): void {
  const stop = async () => {
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  const port = Number(process.env.PORT ?? 3000);
  const verbose = ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '');
  process.stderr.write(`${startupFailure(error, port, verbose).join('\n')}\n`);
  process.exit(1);
});
