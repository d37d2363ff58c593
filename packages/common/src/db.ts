import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, MixedList, MigrationInterface, QueryFailedError } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import type { Logger } from './logger';

export interface DbOptions {
  url: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function | (new () => MigrationInterface)>;
  poolSize?: number;
  log?: Logger;
  /** Longest a statement may run (default 30 s: a dead server must not hang a request); 0 = no limit, for bulk jobs. */
  statementTimeoutMs?: number;
}

/** Schema changes go through migrations only; `synchronize` stays off (Vendure's lesson). */
export function createDataSource(o: DbOptions): DataSource {
  const statementTimeout = o.statementTimeoutMs ?? 30_000;
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
      // A dead server must not hang a request forever; the client gives up a little after the server would.
      ...(statementTimeout > 0 ? { statement_timeout: statementTimeout, query_timeout: statementTimeout + 5000 } : {}),
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

/** Anything that runs SQL: the pool (DataSource) or a transaction's EntityManager. */
type Queryable = Pick<DataSource, 'query'> | Pick<EntityManager, 'query'>;

const statementNames = new Map<string, string>();
const MAX_STATEMENT_NAMES = 5000;

/** A stable name per statement text (PostgreSQL keeps a prepared statement per connection and name). */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    if (statementNames.size >= MAX_STATEMENT_NAMES) statementNames.clear();
    name = 'mq_' + createHash('sha1').update(text).digest('hex').slice(0, 24);
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Runs a hot, fixed-shape statement as a named prepared statement on the connection it lands on.
 * Why: planning was more than half of PostgreSQL's time for a queue read (pgbench on the 2-core box:
 * 0.66 ms per query unprepared, 0.29 ms prepared). Only for statements whose text comes from a small
 * set of shapes (never user text inside the SQL: values always go in `params`). Outside a PostgreSQL
 * DataSource (or a transaction's manager) it falls back to the ordinary `query`.
 */
export async function preparedQuery<T = any>(q: Queryable, text: string, params: unknown[] = []): Promise<T[]> {
  const config = { name: statementName(text), text, values: params };
  try {
    if (q instanceof DataSource && q.driver instanceof PostgresDriver) {
      return (await q.driver.master.query(config)).rows as T[];
    }
    if (q instanceof EntityManager && q.queryRunner instanceof PostgresQueryRunner) {
      const client = await q.queryRunner.connect();
      return (await client.query(config)).rows as T[];
    }
  } catch (err) {
    // The same error type the rest of the code sees from `query` (with PostgreSQL's code on it).
    throw new QueryFailedError(text, params, err as Error);
  }
  return q.query(text, params);
}
