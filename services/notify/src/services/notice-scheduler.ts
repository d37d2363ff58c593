// Releases notices whose send time has come (reminders) into the outbox; on its first pass, confirms what older relays published.
import { enqueue, PeriodicJob, type Clock, type Logger, type TickLease } from '@mainline/common';
import type { DataSource } from 'typeorm';
import type { NoticeRepository } from '../repositories/notice.repository';
import type { Kickable } from './notice-planner.service';

export interface SchedulerOptions {
  pollMs: number;
  batchSize: number;
}

/**
 * One replica runs each pass (the lease); passes that overlap are still safe: due rows are claimed
 * FOR UPDATE SKIP LOCKED, moved to QUEUED and written to the outbox in one transaction, so a notice is
 * released once even when several schedulers run.
 */
export class NoticeScheduler {
  private readonly job: PeriodicJob;
  /** The relay confirms what it publishes (MARK_PUBLISHED_SQL); only rows left from before need this scan, once. */
  private caughtUp = false;

  constructor(
    private readonly ds: DataSource,
    private readonly repo: NoticeRepository,
    private readonly noticeTopic: string,
    private readonly relay: Kickable,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly o: SchedulerOptions,
  ) {
    this.job = new PeriodicJob('notice scheduler pass', () => this.tick(), log);
  }

  /** With `lease` (several replicas), one replica runs each pass. */
  start(lease?: TickLease): void {
    this.job.start(this.o.pollMs, 0, lease);
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** One pass: release everything due (and, the first time, confirm leftovers of older relays). */
  async tick(): Promise<{ released: number; confirmed: number }> {
    let released = 0;
    for (;;) {
      const n = await this.releaseBatch();
      released += n;
      if (n < this.o.batchSize) break;
    }
    if (released > 0) this.relay.kick();
    // The scan probes the outbox once per QUEUED notice: every pass, it cost PostgreSQL more than composing did.
    const confirmed = this.caughtUp ? 0 : await this.repo.confirmPublished(this.noticeTopic);
    this.caughtUp = true;
    if (released > 0) this.log.info({ released }, 'due notices released');
    return { released, confirmed };
  }

  private releaseBatch(): Promise<number> {
    const now = this.clock.now();
    return this.ds.transaction(async (tx) => {
      const due = await this.repo.lockDue(tx, now, this.o.batchSize);
      if (due.length === 0) return 0;
      await enqueue(tx, this.noticeTopic, due.map((m) => ({ key: m.key, value: m.value, headers: m.headers })));
      await this.repo.markQueued(tx, due.map((m) => m.id), now);
      return due.length;
    });
  }
}
