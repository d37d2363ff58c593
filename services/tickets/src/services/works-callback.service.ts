import { Clock, ForbiddenError, hasRole, Identity, InvalidInputError, Logger, PeriodicJob, type TickLease } from '@mainline/common';
import type { TicketsSettings } from '../config';
import { callbackContact, localDate, monthRange, sampleWorksCallbacks, targetDueFrom, WorkingCalendar } from '../domain';
import type { WorksCallbackRepository, WorksSampleRun } from '../repositories/works-callback.repository';
import type { SettingsService } from './settings.service';

/** Recorded as `runBy` when the scheduled job draws the sample. */
const SYSTEM_ACTOR = 'system';
/** docs/domain.md: works orders are called back by phone; the reason tells the agent why this call is on the list. */
const SAMPLE_TASK = { method: 'PHONE', reason: 'WORKS_SAMPLE' } as const;

export interface WorksSampleResult extends WorksSampleRun {
  /** True when the month had been sampled before: the stored run is returned, nothing is added. */
  alreadyRun: boolean;
}

/**
 * The monthly callback sample of works orders (docs/domain.md: 10 % of last month's completed jobs).
 * The domain picks the orders (`sampleWorksCallbacks`, deterministic); this service checks who and
 * when, and stores the run, the sample and one phone callback task per sampled order at once.
 * One replica runs each tick of the job (the lease); the month's advisory lock and the run's primary key
 * make a month's sample happen once whoever draws it (the job or a supervisor).
 */
export class WorksCallbackService {
  private readonly job = new PeriodicJob('works callback sample', async () => {
    const r = await this.runDue();
    if (r && !r.alreadyRun) this.log.info({ month: r.month, eligible: r.eligible, sampled: r.sampled }, 'works callback sample drawn');
  }, this.log);

  constructor(
    private readonly repo: WorksCallbackRepository,
    private readonly settings: SettingsService,
    private readonly calendar: WorkingCalendar,
    private readonly clock: Clock,
    private readonly cfg: TicketsSettings,
    private readonly log: Logger,
  ) {}

  /** Draws the sample of a finished month (supervisors, admins); a month already drawn returns its stored run. */
  async sampleMonth(actor: Identity, month: string): Promise<WorksSampleResult> {
    if (!hasRole(actor, 'supervisor', 'admin')) {
      throw new ForbiddenError('只有质量监督员或管理员可以抽取工程回访样本 / only supervisors and admins draw the works callback sample');
    }
    return this.sample(month, actor.sub);
  }

  /** The stored run of a month, null when it has not been drawn. */
  async find(actor: Identity, month: string): Promise<WorksSampleRun | null> {
    if (!hasRole(actor, 'supervisor', 'admin', 'agent')) {
      throw new ForbiddenError('工程回访样本仅供话务员和质量监督员查看 / the works callback sample is for agents and supervisors');
    }
    this.range(month);
    return this.repo.run(month);
  }

  /** The month the job samples at `now`: the previous month in the utility's time zone. */
  dueMonth(now: Date = this.clock.now()): string {
    const [y, m] = localDate(now, this.calendar.timeZone).split('-').map(Number);
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  }

  /** Scheduler entry point: samples the previous month unless it has been sampled; null when nothing was due. */
  async runDue(): Promise<WorksSampleResult | null> {
    const month = this.dueMonth(this.clock.now());
    if (await this.repo.run(month)) return null; // the usual case on every tick after the first of the month: one cheap read
    return this.sample(month, SYSTEM_ACTOR);
  }

  /** With `lease` (several replicas), one replica checks per tick. */
  start(intervalMs: number, lease?: TickLease): void {
    this.job.start(intervalMs, undefined, lease);
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** The month's instants in the utility's time zone; a malformed month is INVALID_INPUT naming `month` (domain). */
  private range(month: string): { start: Date; end: Date } {
    return monthRange(month, this.calendar.timeZone);
  }

  private async sample(month: string, runBy: string): Promise<WorksSampleResult> {
    const { start, end } = this.range(month);
    const now = this.clock.now();
    // Orders still being completed in a running month would be missed for good: the month is sampled once.
    if (now.getTime() < end.getTime()) {
      throw new InvalidInputError(`${month} 尚未结束，不能抽样 / month ${month} has not ended yet`, { field: 'month', endsAt: end.toISOString() });
    }
    const config = this.cfg.callback;
    const targets = await this.settings.slaTargets();
    return this.repo.inMonthLock(month, async (tx) => {
      const stored = await this.repo.run(month, tx);
      if (stored) return { ...stored, alreadyRun: true };
      const completed = await this.repo.completedWorks(tx, start, end, config.worksCategories);
      const picked = sampleWorksCallbacks(completed, month, this.calendar.timeZone, config);
      const byId = new Map(completed.map((o) => [o.id, o]));
      // Due from the sampling, not the resolution: a sampled job may have been completed weeks ago. A group job's call goes to its representative.
      const tasks = picked.map((orderId) => ({
        orderId, dueAt: targetDueFrom(targets, byId.get(orderId)!.category, 'callback', now, this.calendar), contact: callbackContact(byId.get(orderId)!.groupJob),
      }));
      const run = { month, eligible: completed.length, sampled: picked.length, share: config.worksSampleShare, runAt: now, runBy };
      await this.repo.saveRun(tx, run, tasks, SAMPLE_TASK);
      return { ...run, orderIds: [...picked].sort(), alreadyRun: false };
    });
  }

}
