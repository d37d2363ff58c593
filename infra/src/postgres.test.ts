import { ensureDatabases, ensurePostgres, PgHandle, redact } from './postgres';

// Port 1 never runs PostgreSQL: a check that let bad input through would fail with ECONNREFUSED instead.
const nowhere: PgHandle = {
  adminUrl: 'postgres://postgres@127.0.0.1:1/postgres', kind: 'env', urlFor: (db) => db, stop: async () => undefined,
};

describe('input checks (before any connection is made)', () => {
  it.each(['Tickets', '1tickets', 'tickets-db', 'tickets;drop', ''])('rejects database name %j', async (name) => {
    await expect(ensureDatabases(nowhere, ['network', name]))
      .rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('names[1]') });
  });

  it('rejects a DATABASE_URL that is not a postgres:// URL, without echoing its password', async () => {
    const err = await ensurePostgres({ databaseUrl: 'mysql://app:s3cret@db/x', dataDir: 'unused' }).catch((e) => e);
    expect(err).toMatchObject({ code: 'INVALID_INPUT' });
    expect(err.message).toContain('DATABASE_URL');
    expect(err.message).not.toContain('s3cret');
  });
});

describe('redact', () => {
  it('masks the password and keeps everything else', () => {
    expect(redact('postgres://app:s3cret@db.example:6543/tickets?sslmode=require'))
      .toBe('postgres://app:***@db.example:6543/tickets?sslmode=require');
    expect(redact('postgres://root@127.0.0.1:5432/postgres')).toBe('postgres://root@127.0.0.1:5432/postgres');
  });
});
