export * from './port';
export * from './errors';
export * from './expected-version';
export * from './idempotency';
export {
  PostgresEventStore,
  PostgresEventStoreOptions,
  DecidingStoreOptions,
  SESSION_LIMITS,
} from './postgres/postgres-event-store';
export * from './stream-states';
export { startEmbeddedPostgres, EmbeddedPostgres, DataDirectoryInUse } from './pglite/embedded';
export { isUnavailable } from './postgres/pg-errors';
