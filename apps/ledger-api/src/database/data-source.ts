import { SESSION_LIMITS } from '@ledger/event-store';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

/**
 * TypeORM's view of the ledger's database, shared by the API (DatabaseModule) and the operator's
 * commands (rotate-signing-key.ts), so both see one schema and apply the same checked-in migrations.
 */
export function typeOrmOptions(url: string, poolSize: number): PostgresOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTableName: 'read_model_migrations',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    // Read-model batches and a rebuild's swap may run longer than one append.
    extra: { max: poolSize, ...SESSION_LIMITS, statement_timeout: 120_000, query_timeout: 125_000 },
    logging: false,
  };
}
