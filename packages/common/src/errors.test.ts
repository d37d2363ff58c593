import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './db';
import { DomainError, maskError, ThrottledLog } from './errors';

const formatted = { message: 'x', path: ['workOrders'] };
const driver = (code: string, message = 'driver error') => Object.assign(new Error(message), { code });

describe('maskError: a database that went away is UNAVAILABLE, anything else unknown is masked', () => {
  const unavailable = [
    ['refused connection', driver('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['server restarting (57P01 admin_shutdown) inside TypeORM\'s error', new QueryFailedError('SELECT 1', [], driver('57P01', 'terminating connection due to administrator command'))],
    ['server starting up (57P03)', driver('57P03', 'the database system is starting up')],
    ['pool could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['connection dropped mid-query', new Error('Connection terminated unexpectedly')],
    ['refused on every address', new AggregateError([driver('ECONNREFUSED'), driver('ECONNREFUSED')])],
  ] as const;
  it.each(unavailable)('%s', (_name, err) => {
    const logged: unknown[] = [];
    const out = maskError(formatted, err, (e) => logged.push(e));
    expect(out.extensions).toEqual({ code: 'UNAVAILABLE', retryable: true });
    expect(out.message).toMatch(/^数据库暂时不可用.* \/ the database is unavailable/);
    expect(out.message).not.toMatch(/127\.0\.0\.1|ECONN|terminat/);
    expect(logged.length).toBeLessThanOrEqual(1); // one line a second at most (ThrottledLog)
  });

  it('logs an outage once a second with how many failures it did not log, not one stack per request', () => {
    let now = 0;
    const t = new ThrottledLog(1000, () => now);
    const logged: unknown[] = [];
    const err = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    for (let i = 0; i < 50; i++) t.note(err, formatted, (e) => logged.push(e));
    now = 1000;
    t.note(err, formatted, (e) => logged.push(e));
    expect(logged).toHaveLength(2);
    expect(logged[0]).toBe(err);
    expect((logged[1] as Error).message).toBe('connect ECONNREFUSED 127.0.0.1:5432 (and 49 more like it not logged)');
    expect((logged[1] as Error).cause).toBe(err);
  });

  it('keeps masking a statement error, and typed errors keep their code', () => {
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT x', [], driver('42703', 'column "x" does not exist')))).toBe(false);
    expect(maskError(formatted, new QueryFailedError('SELECT x', [], driver('42703')), () => undefined).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(maskError(formatted, new DomainError('NOT_FOUND', 'no such order'), () => undefined).extensions).toEqual({ code: 'NOT_FOUND' });
  });
});
