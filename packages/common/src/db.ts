import 'reflect-metadata';
import { DataSource, MixedList, MigrationInterface } from 'typeorm';
import type { Logger } from './logger';

export interface DbOptions {
  url: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function | (new () => MigrationInterface)>;
  poolSize?: number;
  log?: Logger;
}

/** Schema changes go through migrations only; `synchronize` stays off (Vendure's lesson). */
export function createDataSource(o: DbOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: o.url,
    entities: o.entities,
    migrations: o.migrations,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    logging: ['error', 'migration'],
    extra: {
      max: o.poolSize ?? 10,
      connectionTimeoutMillis: 3000,
      // A dead server must not hang a request forever.
      statement_timeout: 30000,
      query_timeout: 35000,
    },
  });
}

/** Connects and applies pending migrations; retries while the server is still starting. */
export async function connectAndMigrate(ds: DataSource, log: Logger, attempts = 30): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      if (!ds.isInitialized) await ds.initialize();
      const applied = await ds.runMigrations({ transaction: 'each' });
      if (applied.length) log.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
      return;
    } catch (e) {
      if (i >= attempts) throw e;
      log.warn({ err: String(e), attempt: i }, 'database not ready, retrying');
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
