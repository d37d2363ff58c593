import type { DataSource } from 'typeorm';
import type { UtilityKind } from '@mainline/common/domain';
import { Department, OrderFacts } from '../domain';

const PERIOD = `w.created_at >= $1 AND w.created_at < $2 AND ($3::text IS NULL OR w.department = $3) AND w.utility = ANY($4::text[])`;

/** Instants as epoch milliseconds (float8): a million orders' ten timestamps parse as numbers, not as date text. */
const TIMES = ['answered_at', 'created_at', 'dispatched_at', 'accepted_at', 'on_site_at', 'resolved_at', 'dispatch_due_at', 'accept_due_at', 'on_site_due_at', 'resolve_due_at', 'called_back_at'] as const;
const ms = (c: string) => `floor(extract(epoch FROM w.${c}) * 1000)::float8 AS ${c}`;

export class ReportRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Facts from the order rows (denormalised timestamps and counters kept by the service), in one pass: the
   * compensation owed (not rejected, by payee: paid to the customer, or a fine on the responsible unit) is one
   * grouped join rather than two lookups per order.
   */
  async factsFromColumns(start: Date, end: Date, department: Department | null, utilities: readonly UtilityKind[]): Promise<OrderFacts[]> {
    const rows: any[] = await this.ds.query(
      `SELECT w.id, w.utility, w.number, w.category, w.channel, w.department, w.status, ${TIMES.map(ms).join(', ')},
              w.extension_count, w.return_count, w.complaint_target, w.complaint_subject_department, w.callback_satisfied, w.lon, w.lat, w.address,
              COALESCE(c.comp, 0)::float8 AS comp, COALESCE(c.fine, 0)::float8 AS fine
       FROM work_order w
       LEFT JOIN (SELECT order_id, sum(amount_cny) FILTER (WHERE payee = 'CUSTOMER') AS comp, sum(amount_cny) FILTER (WHERE payee = 'INTERNAL') AS fine
                  FROM compensation_record WHERE status <> 'REJECTED' GROUP BY order_id) c ON c.order_id = w.id
       WHERE ${PERIOD}`,
      [start, end, department, utilities],
    );
    const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
    const at = (v: number | null): Date | undefined => (v === null ? undefined : new Date(v));
    return rows.map((r) => ({
      id: r.id, utility: r.utility, number: r.number, answeredAt: at(r.answered_at), category: r.category, channel: r.channel, department: r.department, status: r.status, createdAt: new Date(r.created_at),
      dispatchedAt: at(r.dispatched_at), acceptedAt: at(r.accepted_at), onSiteAt: at(r.on_site_at), resolvedAt: at(r.resolved_at),
      dispatchDueAt: at(r.dispatch_due_at), acceptDueAt: at(r.accept_due_at), onSiteDueAt: at(r.on_site_due_at), resolveDueAt: at(r.resolve_due_at),
      extensionCount: r.extension_count, returnCount: r.return_count, complaintTarget: opt(r.complaint_target),
      complaintSubjectDepartment: opt(r.complaint_subject_department), callbackDone: r.called_back_at !== null,
      callbackSatisfied: r.callback_satisfied, location: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : undefined,
      address: opt(r.address), compensationCny: r.comp, internalFineCny: r.fine,
    }));
  }

  /** The report produced for a month, null when it has not been produced. */
  async run(month: string): Promise<ProducedReportRow | null> {
    const rows: ProducedReportRow[] = await this.ds.query(
      `SELECT month, period_start AS "periodStart", period_end AS "periodEnd", produced_at AS "producedAt", produced_by AS "producedBy", report, csv
       FROM monthly_report_run WHERE month = $1`,
      [month],
    );
    return rows[0] ?? null;
  }

  /** The produced reports, newest first (without their bodies). */
  runs(limit: number): Promise<Array<Omit<ProducedReportRow, 'report' | 'csv'>>> {
    return this.ds.query(
      `SELECT month, period_start AS "periodStart", period_end AS "periodEnd", produced_at AS "producedAt", produced_by AS "producedBy"
       FROM monthly_report_run ORDER BY month DESC LIMIT $1`,
      [limit],
    );
  }

  /** Stores a produced report once (the month's primary key); false when it had been produced already. */
  async saveRun(r: ProducedReportRow): Promise<boolean> {
    const rows = await this.ds.query(
      `INSERT INTO monthly_report_run (month, period_start, period_end, produced_at, produced_by, report, csv) VALUES ($1,$2,$3,$4,$5,$6::jsonb,$7)
       ON CONFLICT (month) DO NOTHING RETURNING month`,
      [r.month, r.periodStart, r.periodEnd, r.producedAt, r.producedBy, JSON.stringify(r.report), r.csv],
    );
    return rows.length > 0;
  }
}

export interface ProducedReportRow {
  month: string;
  periodStart: Date;
  periodEnd: Date;
  producedAt: Date;
  producedBy: string;
  /** The report as served (JSON: instants as ISO strings). */
  report: Record<string, unknown>;
  csv: string;
}
