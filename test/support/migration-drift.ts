// Entities and migrations must agree (Vendure's checkMigrationStatus): after every migration on a fresh
// database, TypeORM's schema builder would change nothing.
import { connectAndMigrate, createDataSource, createLogger, type DbOptions } from '@mainline/common';
import { ensureDatabases } from '@mainline/infra';
import { testDbUrl, testPg } from './env';

/**
 * What the hand-written migrations add beyond the entity model, which entities here do not declare: foreign keys,
 * CHECK constraints and the query indexes the repositories' raw SQL relies on. Dropping them is all `synchronize`
 * would do about them; every other statement is drift.
 */
const MIGRATION_ONLY = [
  /^ALTER TABLE "[^"]+" DROP CONSTRAINT "[^"]+_fkey"$/,
  /^ALTER TABLE "[^"]+" DROP CONSTRAINT "[^"]+_check"$/,
  /^DROP INDEX "[^"]+"\."[^"]+"$/,
];

/** The SQL `synchronize` would run after the migrations, less MIGRATION_ONLY (empty when there is no drift). */
export async function schemaDrift(database: string, o: Pick<DbOptions, 'entities' | 'migrations'>): Promise<string[]> {
  await ensureDatabases(testPg(), [database], { recreate: true });
  const log = createLogger('migration-drift', 'silent');
  const ds = createDataSource({ url: testDbUrl(database), entities: o.entities, migrations: o.migrations, log });
  try {
    await connectAndMigrate(ds, log, 1);
    const sql = await ds.driver.createSchemaBuilder().log();
    return sql.upQueries.map((q) => q.query.trim()).filter((q) => !MIGRATION_ONLY.some((re) => re.test(q)));
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
}
