import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { ensureDatabases, ensurePostgres, PgHandle } from '../src/postgres';

const REPO = path.resolve(__dirname, '..', '..');

async function query<T>(url: string, sql: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try { return (await c.query(sql)).rows as T[]; } finally { await c.end(); }
}

describe('ensurePostgres + ensureDatabases (the server this machine offers)', () => {
  let pg: PgHandle;
  const db = `infra_it_${process.pid}`;

  beforeAll(async () => {
    // Same order as the app: DATABASE_URL, the local server, or an embedded one already started by globalSetup.
    pg = await ensurePostgres({ databaseUrl: process.env.DATABASE_URL, dataDir: path.join(REPO, '.data', 'pg') });
  });
  afterAll(async () => {
    await query(pg.adminUrl, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await pg.stop();
  });

  it('creates a missing database, keeps it on the next call, and empties it on recreate', async () => {
    await ensureDatabases(pg, [db]);
    expect(await query(pg.urlFor(db), 'select current_database() as name')).toEqual([{ name: db }]);
    await query(pg.urlFor(db), 'create table kept (id int); insert into kept values (7)');

    await ensureDatabases(pg, [db]);
    expect(await query(pg.urlFor(db), 'select id from kept')).toEqual([{ id: 7 }]);

    // An open session must not block the drop (WITH (FORCE)).
    const holder = new Client({ connectionString: pg.urlFor(db) });
    holder.on('error', () => undefined);
    await holder.connect();
    await ensureDatabases(pg, [db], { recreate: true });
    await holder.end().catch(() => undefined);
    expect(await query(pg.urlFor(db), `select to_regclass('kept') as t`)).toEqual([{ t: null }]);
  });
});

describe('embedded PostgreSQL (own process: Jest test files cannot import() the ESM package)', () => {
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'mainline-pg-'));
  // The server runs as the `postgres` system user when we are root; mkdtemp makes the folder 0700.
  fs.chmodSync(dataRoot, 0o755);
  afterAll(() => fs.rmSync(dataRoot, { recursive: true, force: true }));

  // Runs in a separate Node process: start embedded (local server disabled by an unused URL), run the statements, stop; returns the last one's rows.
  const runEmbedded = (...sql: string[]): { kind: string; rows: unknown[] } => JSON.parse(execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', `
    const { ensurePostgres, ensureDatabases } = require(${JSON.stringify(path.join(__dirname, '..', 'src', 'postgres.ts'))});
    const { Client } = require('pg');
    (async () => {
      const h = await ensurePostgres({ dataDir: ${JSON.stringify(path.join(dataRoot, 'data'))}, embeddedPort: 54339,
        localUrl: 'postgres://nobody@127.0.0.1:1/postgres' });
      try {
        await ensureDatabases(h, ['app']);
        const c = new Client({ connectionString: h.urlFor('app') });
        await c.connect();
        let rows;
        for (const q of ${JSON.stringify(sql)}) rows = (await c.query(q)).rows;
        await c.end();
        process.stdout.write(JSON.stringify({ kind: h.kind, rows }));
      } finally { await h.stop(); }
    })().catch((e) => { console.error(e); process.exit(1); });
  `], { cwd: REPO, encoding: 'utf8', timeout: 60_000 }));

  it('initialises, serves SQL, stops, and keeps its data for the next start', () => {
    const first = runEmbedded('create table notes (body text)', `insert into notes values ('停水通知')`, 'select body from notes');
    expect(first).toEqual({ kind: 'embedded', rows: [{ body: '停水通知' }] });
    const second = runEmbedded('select body from notes');
    expect(second).toEqual({ kind: 'embedded', rows: [{ body: '停水通知' }] });
  }, 90_000);
});
