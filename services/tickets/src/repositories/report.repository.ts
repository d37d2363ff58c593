import type { DataSource } from 'typeorm';
import { Category, Channel, ComplaintTarget, Department, OrderFacts, WorkOrderStatus } from '../domain';

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
}

export interface RawOrder {
  id: string;
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
  history: Array<{ action: string; toStatus: WorkOrderStatus; at: Date; detail: Record<string, unknown> }>;
}

const PERIOD = `w.created_at >= $1 AND w.created_at < $2 AND ($3::text IS NULL OR w.department = $3)`;
const COMP = `(SELECT COALESCE(sum(c.amount_cny), 0)::float8 FROM compensation_record c WHERE c.order_id = w.id AND c.status <> 'REJECTED')`;

export class ReportRepository {
  constructor(private readonly ds: DataSource) {}

  /** Facts from the order rows (denormalised timestamps and counters kept by the service). */
  async factsFromColumns(start: Date, end: Date, department: Department | null): Promise<OrderFacts[]> {
    const rows: any[] = await this.ds.query(
      `SELECT w.id, w.category, w.channel, w.department, w.status, w.created_at, w.dispatched_at, w.accepted_at, w.on_site_at, w.resolved_at,
              w.dispatch_due_at, w.accept_due_at, w.on_site_due_at, w.resolve_due_at, w.extension_count, w.return_count,
              w.complaint_target, w.complaint_subject_department, w.called_back_at, w.callback_satisfied, w.lon, w.lat, w.address, ${COMP} AS comp
       FROM work_order w WHERE ${PERIOD}`,
      [start, end, department],
    );
    const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
    return rows.map((r) => ({
      id: r.id, category: r.category, channel: r.channel, department: r.department, status: r.status, createdAt: r.created_at,
      dispatchedAt: opt(r.dispatched_at), acceptedAt: opt(r.accepted_at), onSiteAt: opt(r.on_site_at), resolvedAt: opt(r.resolved_at),
      dispatchDueAt: opt(r.dispatch_due_at), acceptDueAt: opt(r.accept_due_at), onSiteDueAt: opt(r.on_site_due_at), resolveDueAt: opt(r.resolve_due_at),
      extensionCount: r.extension_count, returnCount: r.return_count, complaintTarget: opt(r.complaint_target),
      complaintSubjectDepartment: opt(r.complaint_subject_department), callbackDone: r.called_back_at !== null,
      callbackSatisfied: r.callback_satisfied, location: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : undefined,
      address: opt(r.address), compensationCny: r.comp,
    }));
  }

  /** The raw status history of the period's orders, for recomputing everything from it. */
  async rawOrders(start: Date, end: Date, department: Department | null): Promise<RawOrder[]> {
    const rows: any[] = await this.ds.query(
      `SELECT w.id, w.category, w.channel, w.department, w.created_at, w.address, w.lon, w.lat, w.complaint_target, w.complaint_subject_department,
              ${COMP} AS comp,
              (SELECT COALESCE(json_agg(json_build_object('action', h.action, 'toStatus', h.to_status, 'at', h.at, 'detail', h.detail) ORDER BY h.at, h.id), '[]'::json)
               FROM work_order_history h WHERE h.order_id = w.id) AS history
       FROM work_order w WHERE ${PERIOD}`,
      [start, end, department],
    );
    return rows.map((r) => ({
      id: r.id, category: r.category, channel: r.channel, department: r.department, createdAt: r.created_at, address: r.address,
      lon: r.lon, lat: r.lat, complaintTarget: r.complaint_target, complaintSubjectDepartment: r.complaint_subject_department, compensationCny: r.comp,
      history: (r.history as any[]).map((h) => ({ action: h.action, toStatus: h.toStatus, at: new Date(h.at), detail: h.detail ?? {} })),
    }));
  }

  /** Counts and on-time figures computed by PostgreSQL itself (same rules as the domain's report). */
  async aggregates(start: Date, end: Date, department: Department | null, asOf: Date): Promise<SqlAggregates> {
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
              count(*) FILTER (WHERE comp > 0)::int AS comp_orders, COALESCE(sum(comp), 0)::float8 AS comp_total
       FROM (SELECT w.*, (w.status IN ('MERGED','CANCELLED','LINKED_TO_OUTAGE') OR (w.resolved_at IS NOT NULL AND w.dispatched_at IS NULL)) AS no_service,
                    ${COMP} AS comp
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
    };
  }
}
