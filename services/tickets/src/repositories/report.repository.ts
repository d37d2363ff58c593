import type { DataSource } from 'typeorm';
import type { UtilityKind } from '@mainline/common/domain';
import { Department, OrderFacts } from '../domain';

const PERIOD = `w.created_at >= $1 AND w.created_at < $2 AND ($3::text IS NULL OR w.department = $3) AND w.utility = ANY($4::text[])`;
const COMP = `(SELECT COALESCE(sum(c.amount_cny), 0)::float8 FROM compensation_record c WHERE c.order_id = w.id AND c.status <> 'REJECTED')`;

export class ReportRepository {
  constructor(private readonly ds: DataSource) {}

  /** Facts from the order rows (denormalised timestamps and counters kept by the service). */
  async factsFromColumns(start: Date, end: Date, department: Department | null, utilities: readonly UtilityKind[]): Promise<OrderFacts[]> {
    const rows: any[] = await this.ds.query(
      `SELECT w.id, w.utility, w.category, w.channel, w.department, w.status, w.created_at, w.dispatched_at, w.accepted_at, w.on_site_at, w.resolved_at,
              w.dispatch_due_at, w.accept_due_at, w.on_site_due_at, w.resolve_due_at, w.extension_count, w.return_count,
              w.complaint_target, w.complaint_subject_department, w.called_back_at, w.callback_satisfied, w.lon, w.lat, w.address, ${COMP} AS comp
       FROM work_order w WHERE ${PERIOD}`,
      [start, end, department, utilities],
    );
    const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
    return rows.map((r) => ({
      id: r.id, utility: r.utility, category: r.category, channel: r.channel, department: r.department, status: r.status, createdAt: r.created_at,
      dispatchedAt: opt(r.dispatched_at), acceptedAt: opt(r.accepted_at), onSiteAt: opt(r.on_site_at), resolvedAt: opt(r.resolved_at),
      dispatchDueAt: opt(r.dispatch_due_at), acceptDueAt: opt(r.accept_due_at), onSiteDueAt: opt(r.on_site_due_at), resolveDueAt: opt(r.resolve_due_at),
      extensionCount: r.extension_count, returnCount: r.return_count, complaintTarget: opt(r.complaint_target),
      complaintSubjectDepartment: opt(r.complaint_subject_department), callbackDone: r.called_back_at !== null,
      callbackSatisfied: r.callback_satisfied, location: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : undefined,
      address: opt(r.address), compensationCny: r.comp,
    }));
  }
}
