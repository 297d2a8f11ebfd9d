import { Global, Module } from '@nestjs/common';
import { HeldFacts } from './held-facts';
import { KPI_FACTS } from './kpi-facts-source';
import { ReadModelStore } from './read-model-store';
import { Rebuilds } from './rebuilds';
import { StoredKpiFacts } from './stored-kpi-facts';

/** The read model: its store (all of its SQL), rebuild requests, and the KPI facts port over them. */
@Global()
@Module({
  providers: [
    ReadModelStore,
    Rebuilds,
    HeldFacts,
    StoredKpiFacts,
    { provide: KPI_FACTS, useExisting: StoredKpiFacts },
  ],
  exports: [ReadModelStore, Rebuilds, HeldFacts, KPI_FACTS],
})
export class ReadModelModule {}
