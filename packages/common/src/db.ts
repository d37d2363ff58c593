import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, MixedList, MigrationInterface, QueryFailedError } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import type { Logger } from './logger';
import './pg-dates'; // timestamptz parsed by hand: every pool of every service

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

/** Key of the session advisory lock replicas take around migrations (two-key form: its own space). */
const MIGRATION_LOCK = [0x4d49_4752, 0] as const; // 'MIGR'

/**
 * Connects and applies pending migrations; retries while the server is still starting. Replicas of a
 * service start side by side against one database: the migrations run under a session advisory lock,
 * so the second replica waits for the first and then finds nothing pending.
 */
export async function connectAndMigrate(ds: DataSource, log: Logger, attempts = 30): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      if (!ds.isInitialized) await ds.initialize();
      const lock = ds.createQueryRunner();
      let applied: Array<{ name: string }>;
      try {
        await lock.query('SELECT pg_advisory_lock($1, $2)', [...MIGRATION_LOCK]);
        applied = await ds.runMigrations({ transaction: 'each' });
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1, $2)', [...MIGRATION_LOCK]).catch(() => undefined);
        await lock.release();
      }
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

/** SQLSTATE classes and codes that say the server cannot be used right now (not that the statement is wrong). */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: the server is stopping or restarting
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '53300', // too_many_connections
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
]);
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** What node-pg and pg-pool say when a connection cannot be had or broke (they carry no code). */
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection timeout|Query read timeout|server closed the connection|Client was closed and is not queryable|Cannot use a pool after calling end/i;

/**
 * Whether `err` (a driver error, TypeORM's QueryFailedError around one, or an error caused by one) means the
 * database could not be reached or went away mid-request: the caller should be told UNAVAILABLE and try
 * again, not given a masked server error.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && !seen.has(e) && depth < 6; depth++) {
    seen.add(e);
    const x = e as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
    if (typeof x.code === 'string' && (UNAVAILABLE_SQLSTATES.has(x.code) || UNAVAILABLE_SOCKET_CODES.has(x.code))) return true;
    if (typeof x.message === 'string' && UNAVAILABLE_MESSAGES.test(x.message)) return true;
    // AggregateError (a host with several addresses refusing each) carries its causes in `errors`.
    if (Array.isArray(x.errors) && x.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    e = x.driverError ?? x.cause;
  }
  return false;
}
