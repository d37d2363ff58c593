import { Identity, ForbiddenError, hasRole } from '@mainline/common';
import type { UtilityKind } from '@mainline/common/domain';
import {
  Department, monthlyReport, MonthlyReport, monthRange, quarterlyComplaintSummary, QuarterlyComplaintSummary, reportToCsv, WorkingCalendar,
} from '../domain';
import type { ReportRepository } from '../repositories/report.repository';
import { kindsReadBy } from './actor';

/**
 * Monthly report and quarterly complaint summary: the domain computation over the order rows (the tests
 * recompute it from the raw history and from SQL aggregates, test/support/report-cross-checks.ts).
 */
export class ReportService {
  constructor(
    private readonly repo: ReportRepository,
    private readonly calendar: WorkingCalendar,
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

  async monthly(actor: Identity, month: string, department?: Department | null, utility?: UtilityKind | null): Promise<MonthlyReport & { csv: string }> {
    const dept = this.scope(actor, department);
    const utilities = this.kinds(actor, utility);
    const tz = this.calendar.timeZone;
    const { start, end } = monthRange(month, tz);
    const report = monthlyReport(await this.repo.factsFromColumns(start, end, dept, utilities), month, tz, { department: dept ?? undefined, utilities });
    return { ...report, csv: reportToCsv(report) };
  }

  async quarterlyComplaints(actor: Identity, quarter: string, department?: Department | null, utility?: UtilityKind | null): Promise<QuarterlyComplaintSummary> {
    const dept = this.scope(actor, department);
    const utilities = this.kinds(actor, utility);
    const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
    const tz = this.calendar.timeZone;
    const facts = m
      ? await this.repo.factsFromColumns(
          (monthRange(`${m[1]}-${String((+m[2] - 1) * 3 + 1).padStart(2, '0')}`, tz)).start,
          (monthRange(`${m[1]}-${String(+m[2] * 3).padStart(2, '0')}`, tz)).end,
          dept, utilities,
        )
      : [];
    return quarterlyComplaintSummary(facts, quarter, tz, { department: dept ?? undefined, utilities });
  }
}
