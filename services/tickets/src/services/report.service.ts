import { Clock, ForbiddenError, hasRole, Identity, InvalidInputError, Logger, PeriodicJob, type TickLease } from '@mainline/common';
import type { UtilityKind } from '@mainline/common/domain';
import type { TicketsSettings } from '../config';
import {
  alwaysCalledBack, Department, MonthlyReport, quarterlyComplaintSummary, QuarterlyComplaintSummary, REPORT_NO_SERVICE, reportCsvHead, reportFromAggregates, reportMonthOf,
  reportPeriod, WorkingCalendar,
} from '../domain';
import type { FeedbackRepository } from '../repositories/feedback.repository';
import type { ProducedReportRow, ReportRepository } from '../repositories/report.repository';
import { kindsReadBy } from './actor';

/** Recorded as `producedBy` when the scheduled job produces the report. */
const SYSTEM_ACTOR = 'system';

/** The report's figures; its CSV (a line per order: ~100 MB at a million orders) is made or read only when asked for. */
export type ServedReport = Omit<MonthlyReport, 'orders'> & { csv: () => Promise<string> };

/** Hot spots listed per report (addresses, grid cells, categories) and the grid's cell size. */
const HOT_SPOT_LIMIT = 10;
const GRID_M = 200;

export interface ProducedReport {
  month: string;
  periodStart: Date;
  periodEnd: Date;
  producedAt: Date;
  producedBy: string;
  report: ServedReport;
}

/**
 * Monthly report and quarterly complaint summary. The monthly figures are aggregated by PostgreSQL and combined by the
 * domain (reportFromAggregates); the tests recompute them from the raw history through the domain's own per-order
 * rules and compare every figure and CSV line (test/support/report-cross-checks.ts).
 * The month's period is cut at the configured day (docs/domain.md: ready by the 28th; default the 26th
 * of last month to the 25th of this one), and once a period has ended the job produces its report for
 * supervisors, once (the month's primary key), stored as it was then.
 */
export class ReportService {
  private readonly job = new PeriodicJob('monthly report', async () => {
    const r = await this.runDue();
    if (r) this.log.info({ month: r.month, periodStart: r.periodStart, periodEnd: r.periodEnd }, 'monthly report produced for supervisors');
  }, this.log);

  constructor(
    private readonly repo: ReportRepository,
    private readonly feedback: FeedbackRepository,
    private readonly calendar: WorkingCalendar,
    private readonly clock: Clock,
    private readonly cfg: TicketsSettings['report'],
    private readonly log: Logger,
    /** The kinds this deployment runs. */
    private readonly run: readonly UtilityKind[],
  ) {}

  /** The kinds a report covers: the one asked for, else every kind the caller may see (a department: its own). */
  private kinds(actor: Identity, utility: UtilityKind | null | undefined): UtilityKind[] {
    const mine = kindsReadBy(actor) ?? [...this.run];
    if (utility && !mine.includes(utility)) throw new ForbiddenError(`部门 ${actor.department ?? '无'} 不能查看${utility}业务的报表 / ${actor.department ?? 'this caller'} cannot read the report of ${utility}`);
    return utility ? [utility] : mine.filter((k) => this.run.includes(k));
  }

  /** Supervisors read any department; a department reads its own report only. */
  private scope(actor: Identity, department: Department | null | undefined): Department | null {
    if (hasRole(actor, 'supervisor', 'admin')) return department ?? null;
    if (hasRole(actor, 'department') && actor.department) {
      if (department && department !== actor.department) throw new ForbiddenError(`department ${actor.department} cannot read the report of ${department}`);
      return actor.department as Department;
    }
    throw new ForbiddenError('the monthly report is for supervisors and departments');
  }

  /** The month's report period in the utility's zone (INVALID_INPUT naming `month` when malformed). */
  period(month: string): { start: Date; end: Date } {
    return reportPeriod(month, this.calendar.timeZone, this.cfg.periodEndDay);
  }

  async monthly(actor: Identity, month: string, department?: Department | null, utility?: UtilityKind | null): Promise<ServedReport> {
    const dept = this.scope(actor, department);
    return this.compute(month, dept, this.kinds(actor, utility));
  }

  private async compute(month: string, dept: Department | null, utilities: readonly UtilityKind[]): Promise<ServedReport> {
    const tz = this.calendar.timeZone;
    const period = this.period(month);
    // A running period is judged as of now: an open order is late once its deadline has passed, not before.
    const asOf = new Date(Math.min(this.clock.now().getTime(), period.end.getTime()));
    const q = { start: period.start, end: period.end, department: dept, utilities, asOf, noService: REPORT_NO_SERVICE };
    const [agg, feedback] = await Promise.all([
      this.repo.aggregates(q, HOT_SPOT_LIMIT, GRID_M, this.cfg.workMemMb),
      this.feedback.inPeriod(period.start, period.end, dept),
    ]);
    const report = reportFromAggregates(agg, month, tz, {
      department: dept ?? undefined, utilities, period, feedback, goals: this.cfg.goals, asOf, hotSpotLimit: HOT_SPOT_LIMIT, gridM: GRID_M,
    });
    const csv = async () => {
      const chunks: Buffer[] = [Buffer.from(reportCsvHead(report))];
      await this.repo.orderLinesCsv(q, { timeZone: tz, alwaysCalledBack: alwaysCalledBack(), repairCategories: report.goals.repairCategories, workMemMb: this.cfg.workMemMb }, (b) => chunks.push(b));
      return Buffer.concat(chunks).toString('utf8');
    };
    return { ...report, csv };
  }

  async quarterlyComplaints(actor: Identity, quarter: string, department?: Department | null, utility?: UtilityKind | null): Promise<QuarterlyComplaintSummary> {
    const dept = this.scope(actor, department);
    const utilities = this.kinds(actor, utility);
    const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
    const tz = this.calendar.timeZone;
    const periodOf = (month: string) => this.period(month);
    const facts = m
      ? await this.repo.factsFromColumns(periodOf(`${m[1]}-${String((+m[2] - 1) * 3 + 1).padStart(2, '0')}`).start, periodOf(`${m[1]}-${String(+m[2] * 3).padStart(2, '0')}`).end, dept, utilities)
      : [];
    return quarterlyComplaintSummary(facts, quarter, tz, { department: dept ?? undefined, utilities, periodOf });
  }

  // ---------- produced on schedule ----------

  private assertSupervisor(actor: Identity): void {
    if (!hasRole(actor, 'supervisor', 'admin')) throw new ForbiddenError('已出具的月报供质量监督员查看 / produced monthly reports are for supervisors');
  }

  /** The report produced for `month` (as it was produced), null when it has not been produced yet; its CSV is read when asked for. */
  async produced(actor: Identity, month: string): Promise<ProducedReport | null> {
    this.assertSupervisor(actor);
    this.period(month);
    const r = await this.repo.run(month);
    return r ? revive(r, async () => (await this.repo.csv(month)) ?? '') : null;
  }

  /** The produced reports, newest first (without their bodies). */
  async producedList(actor: Identity, limit: number): Promise<Array<Omit<ProducedReport, 'report'>>> {
    this.assertSupervisor(actor);
    return this.repo.runs(limit);
  }

  /** The month whose period ended last at `now` (the one the job produces). */
  dueMonth(now: Date = this.clock.now()): string {
    const current = reportMonthOf(now, this.calendar.timeZone, this.cfg.periodEndDay);
    const [y, m] = current.split('-').map(Number);
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  }

  /** Scheduler entry point: produces the report of the period that ended last, unless it has been; null when nothing was due. */
  async runDue(): Promise<ProducedReport | null> {
    const month = this.dueMonth();
    if (await this.repo.run(month)) return null;
    return this.produce(month, SYSTEM_ACTOR);
  }

  private async produce(month: string, by: string): Promise<ProducedReport | null> {
    const period = this.period(month);
    const now = this.clock.now();
    if (now.getTime() < period.end.getTime()) {
      throw new InvalidInputError(`${month} 的统计期尚未结束 / the report period of ${month} has not ended`, { argument: 'month', endsAt: period.end.toISOString() });
    }
    const { csv: makeCsv, ...report } = await this.compute(month, null, this.run);
    const csv = await makeCsv();
    const row: ProducedReportRow = { month, periodStart: period.start, periodEnd: period.end, producedAt: now, producedBy: by, report: report as unknown as Record<string, unknown> };
    // Two replicas at once: the month's primary key keeps the first; the second finds it.
    return (await this.repo.saveRun(row, csv)) ? revive({ ...row, report: JSON.parse(JSON.stringify(row.report)) }, async () => csv) : null;
  }

  /** With `lease` (several replicas), one replica checks per tick. */
  start(intervalMs: number, lease?: TickLease): void {
    this.job.start(intervalMs, undefined, lease);
  }

  stop(): Promise<void> {
    return this.job.stop();
  }
}

/** A stored report back to the served shape (its instants were stored as ISO strings). */
function revive(r: ProducedReportRow, csv: () => Promise<string>): ProducedReport {
  const { csv: _inline, ...rep } = r.report as unknown as Omit<ServedReport, 'csv'> & { periodStart: string; periodEnd: string; asOf: string; csv?: string };
  return {
    month: r.month, periodStart: r.periodStart, periodEnd: r.periodEnd, producedAt: r.producedAt, producedBy: r.producedBy,
    report: { ...rep, csv, periodStart: new Date(rep.periodStart), periodEnd: new Date(rep.periodEnd), asOf: new Date(rep.asOf) },
  };
}
