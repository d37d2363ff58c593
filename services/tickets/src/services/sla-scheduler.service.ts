import { Clock, Logger, PeriodicJob, topicName, TOPICS, type TickLease } from '@mainline/common';
import type { TicketsSettings } from '../config';
import type { SlaClockRepository, SweepResult } from '../repositories/sla-clock.repository';
import type { Relay } from './work-order.service';

/**
 * The in-process SLA scheduler. Every replica starts it and one replica sweeps each tick (the lease);
 * a sweep claims due clock rows with FOR UPDATE SKIP LOCKED in batches, so sweeps that overlap (a long
 * one and the next tick's elsewhere) split the work and never mark a row twice.
 */
export class SlaSchedulerService {
  private readonly job = new PeriodicJob('sla sweep', async () => {
    const r = await this.sweep();
    if (r.processed || r.resumed) this.log.info(r, 'sla sweep');
  }, this.log);

  constructor(
    private readonly clocks: SlaClockRepository,
    private readonly clock: Clock,
    private readonly cfg: TicketsSettings,
    private readonly log: Logger,
    private readonly relay: Relay = { kick: () => undefined },
    /** Pauses that end at a known time (a missed visit's new window): resumed before the clocks are looked at. */
    private readonly pauses: { resumeDue(now: Date, batch: number): Promise<number> } | null = null,
  ) {}

  /**
   * Resumes the orders whose pause has come to its end, then marks every clock due at `now` (WARN_50 / WARN_80 /
   * BREACHED), batch after batch until none is left.
   */
  async sweep(now: Date = this.clock.now()): Promise<SweepResult & { batches: number; ms: number; resumed: number }> {
    const t0 = Date.now();
    const resumed = this.pauses ? await this.pauses.resumeDue(now, this.cfg.sweepBatch) : 0;
    const total: SweepResult = { processed: 0, warned: 0, breached: 0 };
    let batches = 0;
    const topic = topicName(this.cfg.topicPrefix, TOPICS.workorderEvents);
    for (;;) {
      const r = await this.clocks.sweepBatch(now, this.cfg.sweepBatch, topic);
      batches++;
      total.processed += r.processed;
      total.warned += r.warned;
      total.breached += r.breached;
      if (r.warned + r.breached > 0) this.relay.kick();
      if (r.processed < this.cfg.sweepBatch) break;
    }
    return { ...total, batches, ms: Date.now() - t0, resumed };
  }

  /** With `lease` (several replicas), one replica sweeps per tick. */
  start(intervalMs: number, lease?: TickLease): void {
    this.job.start(intervalMs, undefined, lease);
  }

  stop(): Promise<void> {
    return this.job.stop();
  }
}
