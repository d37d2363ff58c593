import { Identity, ForbiddenError, hasRole } from '@mainline/common';
import {
  Department, monthlyReport, MonthlyReport, monthRange, quarterlyComplaintSummary, QuarterlyComplaintSummary, reportToCsv, WorkingCalendar,
} from '../domain';
import type { ReportRepository } from '../repositories/report.repository';

/**
 * Monthly report and quarterly complaint summary: the domain computation over the order rows (the tests
 * recompute it from the raw history and from SQL aggregates, test/support/report-cross-checks.ts).
 */
export class ReportService {
  constructor(
    private readonly repo: ReportRepository,
    private readonly calendar: WorkingCalendar,
  ) {}

  /** Supervisors read any department; a department reads its own report only. */
  private scope(actor: Identity, department: Department | null | undefined): Department | null {
    if (hasRole(actor, 'supervisor', 'admin')) return department ?? null;
    if (hasRole(actor, 'department') && actor.department) {
      if (department && department !== actor.department) throw new ForbiddenError(`department ${actor.department} cannot read the report of ${department}`);
      return actor.department as Department;
    }
    throw new ForbiddenError('the monthly report is for supervisors and departments');
  }

  async monthly(actor: Identity, month: string, department?: Department | null): Promise<MonthlyReport & { csv: string }> {
    const dept = this.scope(actor, department);
    const tz = this.calendar.timeZone;
    const { start, end } = monthRange(month, tz);
    const report = monthlyReport(await this.repo.factsFromColumns(start, end, dept), month, tz, { department: dept ?? undefined });
    return { ...report, csv: reportToCsv(report) };
  }

  async quarterlyComplaints(actor: Identity, quarter: string, department?: Department | null): Promise<QuarterlyComplaintSummary> {
    const dept = this.scope(actor, department);
    const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
    const tz = this.calendar.timeZone;
    const facts = m
      ? await this.repo.factsFromColumns(
          (monthRange(`${m[1]}-${String((+m[2] - 1) * 3 + 1).padStart(2, '0')}`, tz)).start,
          (monthRange(`${m[1]}-${String(+m[2] * 3).padStart(2, '0')}`, tz)).end,
          dept,
        )
      : [];
    return quarterlyComplaintSummary(facts, quarter, tz, { department: dept ?? undefined });
  }
}
