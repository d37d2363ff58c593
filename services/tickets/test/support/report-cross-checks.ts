// The monthly report's cross-checks (tests only): the same report recomputed from the raw status history
// (deadlines recomputed by the domain) and counted by PostgreSQL itself; report.service.int.test.ts holds
// them equal to the served report.
import type { DataSource } from 'typeorm';
import {
  Category, Channel, ComplaintTarget, computeDeadlines, Department, monthlyReport, MonthlyReport, monthRange, OrderFacts, pausesFromHistory,
  reportToCsv, ReportGoals, SlaTargetTable, WorkingCalendar, WorkOrderStatus,
} from '../../src/domain';
import { FeedbackRepository } from '../../src/repositories/feedback.repository';
import { ReportRepository } from '../../src/repositories/report.repository';
import type { ServedReport } from '../../src/services/report.service';

export interface StageCount {
  counted: number;
  onTime: number;
}

/** What the SQL aggregation path computes (the check against the domain computation in tests). */
export interface SqlAggregates {
  total: number;
  byCategory: Record<string, number>;
  byChannel: Record<string, number>;
  byDepartment: Record<string, number>;
  onTime: Record<'dispatch' | 'accept' | 'onSite' | 'resolve', StageCount>;
  extensions: { total: number; orders: number };
  returns: { total: number; orders: number };
  compensation: { orders: number; totalCny: number };
  internalFines: { orders: number; totalCny: number };
}

export interface RawOrder {
  id: string;
  number: string;
  category: Category;
  channel: Channel;
  department: Department;
  createdAt: Date;
  address: string | null;
  lon: number | null;
  lat: number | null;
  complaintTarget: ComplaintTarget | null;
  complaintSubjectDepartment: Department | null;
  compensationCny: number;
  internalFineCny: number;
  history: Array<{ action: string; toStatus: WorkOrderStatus; at: Date; detail: Record<string, unknown> }>;
}

const PERIOD = `w.created_at >= $1 AND w.created_at < $2 AND ($3::text IS NULL OR w.department = $3)`;
const owed = (payee: 'CUSTOMER' | 'INTERNAL') =>
  `(SELECT COALESCE(sum(c.amount_cny), 0)::float8 FROM compensation_record c WHERE c.order_id = w.id AND c.status <> 'REJECTED' AND c.payee = '${payee}')`;
const COMP = owed('CUSTOMER');
const FINE = owed('INTERNAL');
const first = (o: RawOrder, ...actions: string[]) => o.history.find((h) => actions.includes(h.action))?.at;

export class ReportCrossChecks {
  constructor(
    private readonly ds: DataSource,
    private readonly targets: () => Promise<SlaTargetTable>,
    private readonly calendar: WorkingCalendar,
  ) {}

  /** The month's report as the service serves it (a running month judged as of `now`), but with every fact taken from the history rows. */
  async monthlyFromHistory(month: string, department: Department | null, now?: Date): Promise<MonthlyReport & { csv: string }> {
    const tz = this.calendar.timeZone;
    const { start, end } = monthRange(month, tz);
    const asOf = now && now < end ? now : end;
    const report = monthlyReport(await this.factsFromHistory(start, end, department, end), month, tz, { department: department ?? undefined, asOf });
    return { ...report, csv: reportToCsv(report) };
  }

  /**
   * Style lesson 13, the rule in two places: the served report (PostgreSQL's aggregates and COPY order lines) beside the
   * domain's own monthlyReport + reportToCsv over the same order rows read one by one — every figure and CSV line.
   */
  async servedAndDomain(served: ServedReport, goals: ReportGoals): Promise<{ sql: Omit<MonthlyReport, 'orders'> & { csv: string }; domain: Omit<MonthlyReport, 'orders'> & { csv: string } }> {
    const period = { start: served.periodStart, end: served.periodEnd };
    const dept = served.department;
    const [facts, feedback] = await Promise.all([
      new ReportRepository(this.ds).factsFromColumns(period.start, period.end, dept, served.utilities),
      new FeedbackRepository(this.ds).inPeriod(period.start, period.end, dept),
    ]);
    const { orders: _orders, ...domain } = monthlyReport(facts, served.month, served.timeZone, { department: dept ?? undefined, utilities: served.utilities, period, feedback, goals, asOf: served.asOf });
    return { sql: { ...served, csv: await served.csv() }, domain: { ...domain, csv: reportToCsv({ ...domain, orders: _orders }) } };
  }

  async sqlAggregates(month: string, department: Department | null, asOf?: Date): Promise<SqlAggregates> {
    const { start, end } = monthRange(month, this.calendar.timeZone);
    return this.aggregates(start, end, department, asOf ?? end);
  }

  /** Every fact from the history rows alone; deadlines recomputed by the domain from the targets table. */
  async factsFromHistory(start: Date, end: Date, department: Department | null, asOf: Date): Promise<OrderFacts[]> {
    const raw = await this.rawOrders(start, end, department);
    const targets = await this.targets();
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
          onSiteAt: first(o, 'ARRIVE'), resolvedAt: first(o, 'RESOLVE'), calledBackAt: first(o, 'CALLBACK', 'SURVEY_REPLY'), pauses, extensions,
        };
        const due = computeDeadlines(facts, targets, this.calendar, asOf);
        const callbacks = o.history.filter((h) => h.action === 'CALLBACK' || h.action === 'SURVEY_REPLY');
        const lastCallback = callbacks[callbacks.length - 1];
        const f: OrderFacts = {
          id: o.id, number: o.number, answeredAt: first(o, 'ANSWER_AT_ONCE'), category: o.category, channel: o.channel, department: o.department, status: last?.toStatus as WorkOrderStatus,
          createdAt: o.createdAt, dispatchedAt, acceptedAt: facts.acceptedAt, onSiteAt: facts.onSiteAt, resolvedAt: facts.resolvedAt,
          dispatchDueAt: due.dispatchDueAt, acceptDueAt: due.acceptDueAt, onSiteDueAt: due.onSiteDueAt, resolveDueAt: due.resolveDueAt,
          extensionCount: o.history.filter((h) => h.action === 'REQUEST_EXTENSION').length,
          returnCount: o.history.filter((h) => h.action === 'RETURN').length,
          complaintTarget: o.complaintTarget ?? undefined, complaintSubjectDepartment: o.complaintSubjectDepartment ?? undefined,
          callbackDone: callbacks.length > 0, callbackSatisfied: lastCallback ? lastCallback.detail.satisfied === true : null,
          location: o.lat !== null && o.lon !== null ? { lat: o.lat, lon: o.lon } : undefined, address: o.address ?? undefined,
          compensationCny: o.compensationCny, internalFineCny: o.internalFineCny,
        };
        return f;
      }),
    );
  }

  /** The raw status history of the period's orders, for recomputing everything from it. */
  private async rawOrders(start: Date, end: Date, department: Department | null): Promise<RawOrder[]> {
    const rows: any[] = await this.ds.query(
      `SELECT w.id, w.number, w.category, w.channel, w.department, w.created_at, w.address, w.lon, w.lat, w.complaint_target, w.complaint_subject_department,
              ${COMP} AS comp, ${FINE} AS fine,
              (SELECT COALESCE(json_agg(json_build_object('action', h.action, 'toStatus', h.to_status, 'at', h.at, 'detail', h.detail) ORDER BY h.at, h.id), '[]'::json)
               FROM work_order_history h WHERE h.order_id = w.id) AS history
       FROM work_order w WHERE ${PERIOD}`,
      [start, end, department],
    );
    return rows.map((r) => ({
      id: r.id, number: r.number, category: r.category, channel: r.channel, department: r.department, createdAt: r.created_at, address: r.address,
      lon: r.lon, lat: r.lat, complaintTarget: r.complaint_target, complaintSubjectDepartment: r.complaint_subject_department, compensationCny: r.comp, internalFineCny: r.fine,
      history: (r.history as any[]).map((h) => ({ action: h.action, toStatus: h.toStatus, at: new Date(h.at), detail: h.detail ?? {} })),
    }));
  }

  /** Counts and on-time figures computed by PostgreSQL itself (same rules as the domain's report). */
  private async aggregates(start: Date, end: Date, department: Department | null, asOf: Date): Promise<SqlAggregates> {
    const p = [start, end, department];
    const group = async (col: string) =>
      Object.fromEntries((await this.ds.query(`SELECT ${col} AS k, count(*)::int AS n FROM work_order w WHERE ${PERIOD} GROUP BY ${col}`, p)).map((r: any) => [r.k, r.n]));
    const stage = (due: string, done: string) => `
      count(*) FILTER (WHERE w.${due} IS NOT NULL AND (w.${done} IS NOT NULL OR (NOT no_service AND w.${due} <= $4)))::int AS ${due}_counted,
      count(*) FILTER (WHERE w.${due} IS NOT NULL AND w.${done} IS NOT NULL AND w.${done} <= w.${due})::int AS ${due}_ontime`;
    const [r] = await this.ds.query(
      `SELECT count(*)::int AS total,
              ${stage('dispatch_due_at', 'dispatched_at')}, ${stage('accept_due_at', 'accepted_at')},
              ${stage('on_site_due_at', 'on_site_at')}, ${stage('resolve_due_at', 'resolved_at')},
              COALESCE(sum(w.extension_count), 0)::int AS ext_total, count(*) FILTER (WHERE w.extension_count > 0)::int AS ext_orders,
              COALESCE(sum(w.return_count), 0)::int AS ret_total, count(*) FILTER (WHERE w.return_count > 0)::int AS ret_orders,
              count(*) FILTER (WHERE comp > 0)::int AS comp_orders, COALESCE(sum(comp), 0)::float8 AS comp_total,
              count(*) FILTER (WHERE fine > 0)::int AS fine_orders, COALESCE(sum(fine), 0)::float8 AS fine_total
       FROM (SELECT w.*, (w.status IN ('MERGED','CANCELLED','LINKED_TO_OUTAGE') OR (w.resolved_at IS NOT NULL AND w.dispatched_at IS NULL)) AS no_service,
                    ${COMP} AS comp, ${FINE} AS fine
             FROM work_order w WHERE ${PERIOD}) w`,
      [...p, asOf],
    );
    return {
      total: r.total,
      byCategory: await group('w.category'),
      byChannel: await group('w.channel'),
      byDepartment: await group('w.department'),
      onTime: {
        dispatch: { counted: r.dispatch_due_at_counted, onTime: r.dispatch_due_at_ontime },
        accept: { counted: r.accept_due_at_counted, onTime: r.accept_due_at_ontime },
        onSite: { counted: r.on_site_due_at_counted, onTime: r.on_site_due_at_ontime },
        resolve: { counted: r.resolve_due_at_counted, onTime: r.resolve_due_at_ontime },
      },
      extensions: { total: r.ext_total, orders: r.ext_orders },
      returns: { total: r.ret_total, orders: r.ret_orders },
      compensation: { orders: r.comp_orders, totalCny: r.comp_total },
      internalFines: { orders: r.fine_orders, totalCny: r.fine_total },
    };
  }
}
