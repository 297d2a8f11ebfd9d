export * from './port';
export * from './errors';
export * from './expected-version';
export * from './idempotency';
export { PostgresEventStore, PostgresEventStoreOptions, SESSION_LIMITS } from './postgres/postgres-event-store';
export { startEmbeddedPostgres, EmbeddedPostgres, DataDirectoryInUse } from './pglite/embedded';
export { isUnavailable } from './postgres/pg-errors';
