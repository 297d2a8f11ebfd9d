import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventStore, PostgresEventStore } from '@ledger/event-store';
import { LedgerConfig } from '../config/config';
import { EVENT_STORE, LEDGER_CONFIG, LEDGER_TREE } from '../config/tokens';
import { ENTITIES } from './entities';
import { typeOrmOptions } from './data-source';
import { PARTNERSHIP_FOLD } from '../partnerships/partnership-fold';

/** The resolved database: the configured server, or the embedded PGlite that main.ts started. */
export type DatabaseConfig = LedgerConfig & { readonly databaseUrl: string };

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(config: DatabaseConfig) {
    // Read-model work gets half the connections; the event store's pool has the rest. One more is the
    // projection lease's (read-model/advisory-lease.ts), held for as long as this process leads.
    const poolSize = Math.max(2, Math.floor(config.databasePoolSize / 2)) + 1;
    return {
      module: DatabaseModule,
      imports: [
        // main.ts has already connected once (startup/preflight.ts): a failure here is not the server
        // starting up, and nine silent retries would only hide it.
        TypeOrmModule.forRoot({ ...typeOrmOptions(config.databaseUrl, poolSize), retryAttempts: 0 }),
        TypeOrmModule.forFeature(ENTITIES),
      ],
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        {
          provide: EVENT_STORE,
          useFactory: () =>
            PostgresEventStore.connect({
              connectionString: config.databaseUrl,
              poolSize: config.databasePoolSize,
              fold: PARTNERSHIP_FOLD,
            }),
        },
        // The PostgreSQL store also keeps the Merkle tree; proofs and verification read it through this port.
        { provide: LEDGER_TREE, useExisting: EVENT_STORE },
      ],
      exports: [LEDGER_CONFIG, EVENT_STORE, LEDGER_TREE, TypeOrmModule],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
