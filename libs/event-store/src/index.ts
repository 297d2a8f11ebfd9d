export * from './port';
export * from './errors';
export * from './expected-version';
export * from './idempotency';
export { PostgresEventStore, PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { startEmbeddedPostgres, EmbeddedPostgres } from './pglite/embedded';
