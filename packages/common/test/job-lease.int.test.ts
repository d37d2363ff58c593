// Periodic jobs on several replicas of a service against one PostgreSQL: each tick runs on one replica,
// and when a replica goes away the others keep running the ticks.
import { ensureDatabases } from '@mainline/infra';
import { testDbUrl, testPg } from '@mainline/test-support';
import { connectAndMigrate, createDataSource } from '../src/db';
import { JobTicks1764000000020, PgTickLease } from '../src/job-lease';
import { createLogger } from '../src/logger';
import { jobStatus, PeriodicJob } from '../src/periodic';

const log = createLogger('test', 'silent');
const DB = 'mainline_test_common_job_lease';
const INTERVAL_MS = 250;

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('periodic jobs with a tick lease (real PostgreSQL)', () => {
  const replicas = ['replica-a', 'replica-b', 'replica-c'].map((name) => ({
    name,
    ds: createDataSource({ url: testDbUrl(DB), entities: [], migrations: [JobTicks1764000000020], log }),
  }));

  beforeAll(async () => {
    await ensureDatabases(testPg(), [DB], { recreate: true });
    // All three at once, as replicas start: the migration lock lets one create the table, the others wait.
    await Promise.all(replicas.map((r) => connectAndMigrate(r.ds, log)));
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.ds.destroy()));
  });

  it('runs each tick on exactly one of three replicas, and goes on when one stops', async () => {
    const ran: Array<{ replica: string; at: number }> = [];
    const jobs = replicas.map((r) => new PeriodicJob('sweep', async () => {
      ran.push({ replica: r.name, at: Date.now() });
    }, log));
    jobs.forEach((j, i) => j.start(INTERVAL_MS, 0, new PgTickLease(replicas[i].ds, replicas[i].name)));
    const ticksRun = () => jobs.reduce((n, j) => n + j.status().recentTicks.length, 0);
    await until('8 ticks', () => ticksRun() >= 8);
    await jobs[0].stop();
    const afterStop = ran.length;
    await until('4 more ticks without replica a', () => ran.length >= afterStop + 4);
    await Promise.all(jobs.map((j) => j.stop()));

    const statuses = jobs.map((j) => j.status());
    const ticks = statuses.flatMap((s) => s.recentTicks);
    expect(new Set(ticks).size).toBe(ticks.length); // no tick ran twice
    expect(ran.length).toBe(ticks.length); // one pass per won tick
    // The replicas asked for far more ticks than ran: without the lease each of them would have run its own.
    expect(statuses.reduce((n, s) => n + s.attempts, 0)).toBeGreaterThanOrEqual(2 * ticks.length);
    // The database saw the same: one holder per tick, the winners' names.
    const rows: Array<{ tick: string; holder: string }> = await replicas[1].ds.query(`SELECT tick::text, holder FROM job_tick WHERE job = 'sweep' ORDER BY tick`);
    expect(rows.map((r) => Number(r.tick))).toEqual([...ticks].sort((a, b) => a - b));
    // Ticks after the stop were run by the replicas still there.
    expect(ran.slice(afterStop).every((r) => r.replica !== 'replica-a')).toBe(true);
    expect(jobStatus().some((s) => s.name === 'sweep')).toBe(false); // stopped jobs leave the status list
  });
});
