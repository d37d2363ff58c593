// Which replica runs a periodic job's tick: the first to claim the (job, tick) row in the service's database.
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { preparedQuery } from './db';
import type { TickClaim, TickLease } from './periodic';

/** Created by each service's migrations (listed beside the outbox's). */
export class JobTicks1764000000020 implements MigrationInterface {
  name = 'JobTicks1764000000020';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE job_tick (
      job text NOT NULL,
      tick bigint NOT NULL,
      holder text NOT NULL,
      claimed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (job, tick))`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS job_tick');
  }
}

/** Ticks of history kept per job (who ran which tick, for operators and tests); older rows are deleted by the winner. */
const DEFAULT_KEEP_TICKS = 1000;

/**
 * A tick is `floor(database time in ms / intervalMs)`: the database's clock, so replicas on machines whose
 * clocks disagree still agree on the tick. The claim is one INSERT … ON CONFLICT DO NOTHING on the primary
 * key (job, tick): exactly one replica's insert wins. No connection is held between ticks and a dead replica
 * holds nothing: the next tick is claimed by whoever wakes first.
 */
export class PgTickLease implements TickLease {
  constructor(
    private readonly ds: DataSource,
    readonly holder: string,
    private readonly keepTicks = DEFAULT_KEEP_TICKS,
  ) {}

  async claim(job: string, intervalMs: number): Promise<TickClaim> {
    if (!Number.isInteger(intervalMs) || intervalMs < 1) throw new Error(`job ${job}: interval must be a positive integer of ms, got ${intervalMs}`);
    const [r] = await preparedQuery<{ ms: string; won: boolean }>(this.ds,
      `WITH t AS (SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms),
            won AS (INSERT INTO job_tick (job, tick, holder) SELECT $1, t.ms / $2, $3 FROM t ON CONFLICT DO NOTHING RETURNING tick),
            pruned AS (DELETE FROM job_tick WHERE job = $1 AND tick < (SELECT t.ms / $2 - $4 FROM t) AND EXISTS (SELECT 1 FROM won))
       SELECT t.ms::text AS ms, EXISTS (SELECT 1 FROM won) AS won FROM t`,
      [job, intervalMs, this.holder, this.keepTicks],
    );
    const ms = Number(r.ms);
    return { won: r.won, tick: Math.floor(ms / intervalMs), msToNextTick: intervalMs - (ms % intervalMs) };
  }
}
