import { DataSource } from 'typeorm';
import {
  DATABASE_TIMEOUT_MS,
  TestDatabase,
  createTestDatabase,
  testBackends,
} from '../../../../../libs/event-store/src/testing/databases';
import { typeOrmOptions } from '../data-source';
import { MIGRATIONS } from './index';
import { FactsKnowRecorders1764000000005 } from './1764000000005-facts-know-recorders';

/**
 * Upgrading a ledger whose read model holds facts of the older shape requests one rebuild; a new ledger
 * (no facts) gets none. Real: the checked-in migrations on the database.
 */
describe.each(testBackends())('upgrading the KPI facts on %s', (backend) => {
  let db: TestDatabase;
  let source: DataSource;
  const before = MIGRATIONS.filter((m) => m !== FactsKnowRecorders1764000000005);
  const open = async () =>
    (await source.query(`SELECT count(*)::int AS n FROM projection_rebuilds WHERE state = 'requested'`))[0].n;

  beforeEach(async () => {
    db = await createTestDatabase(backend);
    source = new DataSource({ ...typeOrmOptions(db.connectionString, 2), migrations: before });
    await source.initialize();
  }, DATABASE_TIMEOUT_MS);
  afterEach(async () => {
    await source?.destroy();
    await db?.drop();
  }, DATABASE_TIMEOUT_MS);

  const upgrade = async () => {
    const runner = source.createQueryRunner();
    try {
      await new FactsKnowRecorders1764000000005().up(runner);
    } finally {
      await runner.release();
    }
  };

  it('Given stored facts, when upgraded, then one rebuild is requested (and not a second one)', async () => {
    await source.query(
      `INSERT INTO kpi_facts (generation, partnership_id, fact_key, payload) VALUES (1, 'p', 'meta', '{}')`,
    );
    await upgrade();
    expect(await open()).toBe(1);
    await upgrade();
    expect(await open()).toBe(1);
  });

  it('Given an empty read model, when upgraded, then nothing is requested', async () => {
    await upgrade();
    expect(await open()).toBe(0);
  });
});
