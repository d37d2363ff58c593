import { Identity, ForbiddenError, hasRole } from '@mainline/common';
import {
  computeDeadlines, Department, monthlyReport, MonthlyReport, monthRange, OrderFacts, pausesFromHistory, quarterlyComplaintSummary,
  QuarterlyComplaintSummary, reportToCsv, WorkingCalendar, WorkOrderStatus,
} from '../domain';
import type { RawOrder, ReportRepository, SqlAggregates } from '../repositories/report.repository';
import type { SettingsService } from './settings.service';

const first = (o: RawOrder, ...actions: string[]) => o.history.find((h) => actions.includes(h.action))?.at;

/**
 * Monthly report and quarterly complaint summary. The served report is the domain computation over
 * the order rows; `fromHistory` recomputes the same facts from the raw status history (deadlines
 * included, through the domain), and `sqlAggregates` lets PostgreSQL count — tests hold all three equal.
 */
export class ReportService {
  constructor(
    private readonly repo: ReportRepository,
    private readonly settings: SettingsService,
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

  async monthly(month: string, department: Department | null | undefined, actor: Identity, o: { asOf?: Date; source?: 'columns' | 'history' } = {}): Promise<MonthlyReport & { csv: string }> {
    const dept = this.scope(actor, department);
    const tz = this.calendar.timeZone;
    const { start, end } = monthRange(month, tz);
    const facts = o.source === 'history' ? await this.factsFromHistory(start, end, dept, o.asOf ?? end) : await this.repo.factsFromColumns(start, end, dept);
    const report = monthlyReport(facts, month, tz, { department: dept ?? undefined, asOf: o.asOf });
    return { ...report, csv: reportToCsv(report) };
  }

  async sqlAggregates(month: string, department: Department | null, asOf?: Date): Promise<SqlAggregates> {
    const { start, end } = monthRange(month, this.calendar.timeZone);
    return this.repo.aggregates(start, end, department, asOf ?? end);
  }

  async quarterlyComplaints(quarter: string, department: Department | null | undefined, actor: Identity): Promise<QuarterlyComplaintSummary> {
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

  /** Every fact from the history rows alone; deadlines recomputed by the domain from the targets table. */
  async factsFromHistory(start: Date, end: Date, department: Department | null, asOf: Date): Promise<OrderFacts[]> {
    const raw = await this.repo.rawOrders(start, end, department);
    const targets = await this.settings.slaTargets();
    return Promise.all(
      raw.map(async (o) => {
        const last = o.history[o.history.length - 1];
        const pauses = pausesFromHistory(o.history.map((h) => ({ status: h.toStatus, at: h.at })));
        const extensions = o.history
          .filter((h) => h.action === 'REQUEST_EXTENSION')
          .map((h) => {
            const decision = o.history.find((d) => d.action === 'DECIDE_EXTENSION' && d.at.getTime() >= h.at.getTime());
            return { requestedAt: h.at, newDueAt: new Date(String(h.detail.newDueAt)), approved: decision ? decision.detail.approved === true : null };
          });
        const dispatchedAt = first(o, 'DISPATCH');
        const facts = {
          category: o.category, createdAt: o.createdAt, dispatchedAt: dispatchedAt ?? o.createdAt, acceptedAt: first(o, 'ACCEPT'),
          onSiteAt: first(o, 'ARRIVE'), resolvedAt: first(o, 'RESOLVE', 'ANSWER_AT_ONCE'), calledBackAt: first(o, 'CALLBACK', 'SURVEY_REPLY'), pauses, extensions,
        };
        const due = computeDeadlines(facts, targets, this.calendar, asOf);
        const callbacks = o.history.filter((h) => h.action === 'CALLBACK' || h.action === 'SURVEY_REPLY');
        const lastCallback = callbacks[callbacks.length - 1];
        const f: OrderFacts = {
          id: o.id, category: o.category, channel: o.channel, department: o.department, status: last?.toStatus as WorkOrderStatus,
          createdAt: o.createdAt, dispatchedAt, acceptedAt: facts.acceptedAt, onSiteAt: facts.onSiteAt, resolvedAt: facts.resolvedAt,
          dispatchDueAt: due.dispatchDueAt, acceptDueAt: due.acceptDueAt, onSiteDueAt: due.onSiteDueAt, resolveDueAt: due.resolveDueAt,
          extensionCount: o.history.filter((h) => h.action === 'REQUEST_EXTENSION').length,
          returnCount: o.history.filter((h) => h.action === 'RETURN').length,
          complaintTarget: o.complaintTarget ?? undefined, complaintSubjectDepartment: o.complaintSubjectDepartment ?? undefined,
          callbackDone: callbacks.length > 0, callbackSatisfied: lastCallback ? lastCallback.detail.satisfied === true : null,
          location: o.lat !== null && o.lon !== null ? { lat: o.lat, lon: o.lon } : undefined, address: o.address ?? undefined,
          compensationCny: o.compensationCny,
        };
        return f;
      }),
    );
  }
}
