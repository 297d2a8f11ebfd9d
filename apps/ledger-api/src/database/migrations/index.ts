import { AdminTables1764000000000 } from './1764000000000-admin-tables';
import { KpiReadModels1764000000001 } from './1764000000001-kpi-read-models';
import { SignedHeads1764000000002 } from './1764000000002-signed-heads';
import { KeyRotations1764000000003 } from './1764000000003-key-rotations';
import { LedgerPublicKeys1764000000004 } from './1764000000004-ledger-public-keys';
import { FactsKnowRecorders1764000000005 } from './1764000000005-facts-know-recorders';
import { Alerts1764000000006 } from './1764000000006-alerts';

/** Read-model and reference-data migrations, in order. The event store migrates its own tables. */
export const MIGRATIONS = [
  AdminTables1764000000000,
  KpiReadModels1764000000001,
  SignedHeads1764000000002,
  KeyRotations1764000000003,
  LedgerPublicKeys1764000000004,
  FactsKnowRecorders1764000000005,
  Alerts1764000000006,
];
