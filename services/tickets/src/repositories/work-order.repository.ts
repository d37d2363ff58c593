import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@mainline/common';
import type { UtilityKind } from '@mainline/common/domain';
import { Category, Department, HistoryEntry, Pause, WorkOrderStatus } from '../domain';
import { WORK_ORDER_COLUMNS, WorkOrderEntity } from '../entities/work-order.entity';
import { SqlBatch } from './sql-batch';

type Q = DataSource | EntityManager;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids that can be order ids (others match nothing, instead of failing the statement). */
const uuids = (ids: string[]) => [...new Set(ids.filter((id) => UUID.test(id)))];
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

/** A locked order with what deadlines are computed from: pauses, extensions and the clocks' current levels. */
export interface OrderForAction {
  wo: WorkOrderEntity;
  pauses: Pause[];
  extensions: Array<{ requestedAt: Date; newDueAt: Date; approved: boolean | null }>;
  clockLevels: Map<string, number>;
}

const ms = (v: unknown): Date => new Date(Number(v));
/** Pauses, extensions and clock levels of `w.id` as three JSON arrays (epoch milliseconds: exact and zone-free). */
const CHILDREN = `
  (SELECT coalesce(json_agg(json_build_array((extract(epoch FROM p.from_at) * 1000)::float8, (extract(epoch FROM p.to_at) * 1000)::float8) ORDER BY p.from_at), '[]')
     FROM work_order_pause p WHERE p.order_id = w.id) AS "_pauses",
  (SELECT coalesce(json_agg(json_build_array((extract(epoch FROM e.requested_at) * 1000)::float8, (extract(epoch FROM e.new_due_at) * 1000)::float8, e.approved) ORDER BY e.requested_at), '[]')
     FROM work_order_extension e WHERE e.order_id = w.id) AS "_extensions",
  (SELECT coalesce(json_agg(json_build_array(c.kind, c.level)), '[]') FROM sla_clock c WHERE c.order_id = w.id) AS "_clocks"`;

export interface ListFilter {
  status?: WorkOrderStatus[];
  department?: Department;
  /** Orders of these utility kinds only (a department user: its own kind). */
  utility?: UtilityKind[];
  category?: Category[];
  breached?: boolean;
  /** Orders that belong to this outage (reports linked to it, the ignition checks after a gas outage). */
  outageId?: string;
  bbox?: { minLon: number; minLat: number; maxLon: number; maxLat: number };
  /** Search: the order number (exact), the caller's phone (digits only), part of the address, the report time range. */
  number?: string;
  phone?: string;
  address?: string;
  createdFrom?: Date;
  createdTo?: Date;
  /** Keyset cursor: the (createdAt, id) of the last row of the previous page. */
  after?: { createdAt: Date; id: string };
}

export interface ExtensionRow {
  id: string;
  requestedBy: string;
  requestedAt: Date;
  previousDueAt: Date | null;
  newDueAt: Date;
  reason: string;
  approved: boolean | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  comment: string | null;
}

export interface HistoryRow {
  id: string;
  action: string;
  fromStatus: WorkOrderStatus | null;
  toStatus: WorkOrderStatus;
  actorId: string;
  at: Date;
  detail: Record<string, unknown>;
}

export interface CompensationRow {
  id: string;
  orderId: string;
  ruleId: string;
  target: string;
  amountCny: number;
  units: number;
  provisional: boolean;
  status: 'PROPOSED' | 'CONFIRMED' | 'REJECTED';
  reason: string;
  createdAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  /** CUSTOMER: compensation to the customer; INTERNAL: a fine on the responsible unit. */
  payee: 'CUSTOMER' | 'INTERNAL';
  /** deadline: proposed by the SLA planning or sweep; finding: recorded by a supervisor. */
  source: 'deadline' | 'finding';
  responsibleDepartment: Department | null;
  baseAmountCny: number | null;
  rate: number | null;
}

/** The columns of a compensation record as CompensationRow (table alias c omitted: unambiguous in every statement). */
const COMPENSATION_COLUMNS = `id, order_id AS "orderId", rule_id AS "ruleId", target, amount_cny::float8 AS "amountCny", units, provisional, status, reason,
  created_at AS "createdAt", decided_by AS "decidedBy", decided_at AS "decidedAt", payee, source, responsible_department AS "responsibleDepartment",
  base_amount_cny::float8 AS "baseAmountCny", rate::float8 AS rate`;
const COMPENSATION_KEYS = `id, "orderId", "ruleId", target, "amountCny", units, provisional, status, reason, "createdAt", "decidedBy", "decidedAt", payee, source, "responsibleDepartment", "baseAmountCny", rate`;

export interface CallbackTaskRow {
  id: string;
  orderId: string;
  method: 'SMS' | 'PHONE';
  reason: string;
  /** Whom to call: the reporter, or a group job's representative. */
  contact: 'REPORTER' | 'REPRESENTATIVE';
  status: 'OPEN' | 'DONE';
  createdAt: Date;
  dueAt: Date | null;
  doneAt: Date | null;
}

export interface EscalationRow {
  id: string;
  orderId: string;
  kind: string;
  department: Department;
  heads: string[];
  toSupervision: boolean;
  dueAt: Date;
  createdAt: Date;
}

/** All I/O of work orders and the rows that hang off them. */
export class WorkOrderRepository {
  constructor(private readonly ds: DataSource) {}

  /** WO-<year>-<6 digits> from a database sequence: unique across replicas (a rolled-back create leaves a gap, as before). */
  async nextNumber(q: Q, year: number): Promise<string> {
    const [{ n }] = await preparedQuery(q, `SELECT nextval('work_order_number_seq') AS n`);
    return `WO-${year}-${String(n).padStart(6, '0')}`;
  }

  /** `count` numbers in one round trip, ascending (orders the system opens by the thousand). */
  async nextNumbers(q: Q, year: number, count: number): Promise<string[]> {
    if (count <= 0) return [];
    const rows: Array<{ n: string }> = await preparedQuery(q, `SELECT nextval('work_order_number_seq') AS n FROM generate_series(1, $1::int) ORDER BY 1`, [count]);
    return rows.map(({ n }) => `WO-${year}-${String(n).padStart(6, '0')}`);
  }

  /** Adds the INSERT of a complete row (its id made by the caller) to `b`. */
  insertIn(b: SqlBatch, row: Partial<WorkOrderEntity>): void {
    const keys = Object.keys(row).filter((k) => (row as Record<string, unknown>)[k] !== undefined);
    b.add(
      `INSERT INTO work_order (${keys.map(snake).join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')})`,
      keys.map((k) => (row as Record<string, unknown>)[k]),
    );
  }

  /** Adds an UPDATE of the patched columns to `b` (one per order and batch: a statement changes a row once). */
  updateIn(b: SqlBatch, id: string, patch: Partial<WorkOrderEntity>): void {
    const keys = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
    if (!keys.length) return;
    b.add(
      `UPDATE work_order SET ${keys.map((k, i) => `${snake(k)} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
      [id, ...keys.map((k) => (patch as Record<string, unknown>)[k])],
    );
  }

  /**
   * Locks the order (FOR UPDATE) and reads, in the same round trip, what its deadlines depend on.
   * Null when there is no such order.
   */
  async lockForAction(tx: EntityManager, id: string): Promise<OrderForAction | null> {
    if (!UUID.test(id)) return null;
    const rows = await preparedQuery(tx, `SELECT ${WORK_ORDER_COLUMNS},${CHILDREN} FROM work_order w WHERE w.id = $1 FOR UPDATE OF w`, [id]);
    if (!rows[0]) return null;
    const { _pauses, _extensions, _clocks, ...wo } = rows[0];
    return {
      wo: wo as WorkOrderEntity,
      pauses: (_pauses as Array<[number, number | null]>).map(([from, to]) => (to === null ? { from: ms(from) } : { from: ms(from), to: ms(to) })),
      extensions: (_extensions as Array<[number, number, boolean | null]>).map(([requestedAt, newDueAt, approved]) => ({ requestedAt: ms(requestedAt), newDueAt: ms(newDueAt), approved })),
      clockLevels: new Map((_clocks as Array<[string, number]>).map(([kind, level]) => [kind, Number(level)])),
    };
  }

  async get(id: string, q: Q = this.ds, forUpdate = false): Promise<WorkOrderEntity | null> {
    if (!UUID.test(id)) return null;
    const rows = await preparedQuery(q, `SELECT ${WORK_ORDER_COLUMNS} FROM work_order w WHERE w.id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  /** Several orders in one read (order of `ids` not kept); ids that are not UUIDs are skipped. */
  byIds(ids: string[]): Promise<WorkOrderEntity[]> {
    const valid = ids.filter((id) => UUID.test(id));
    if (!valid.length) return Promise.resolve([]);
    return preparedQuery(this.ds, `SELECT ${WORK_ORDER_COLUMNS} FROM work_order w WHERE w.id = ANY($1::uuid[])`, [valid]);
  }

  /**
   * One page, newest first, keyset-paginated on (created_at, id); each filter uses an index. Several
   * statuses (a queue: DISPATCHED and ACCEPTED) are read as one ordered index range per status, each
   * stopped at `limit`, and merged: the cost is the page, not the length of the queue.
   */
  async list(f: ListFilter, limit: number): Promise<WorkOrderEntity[]> {
    const where: string[] = [];
    const p: unknown[] = [];
    const add = (sql: string, ...v: unknown[]) => {
      const base = p.length;
      p.push(...v);
      where.push(sql.replace(/\$(\d+)/g, (_, n) => `$${base + Number(n)}`));
    };
    const statuses = f.status?.length ? [...new Set(f.status)] : [];
    if (f.department) add('w.department = $1', f.department);
    if (f.utility) add('w.utility = ANY($1::text[])', f.utility);
    if (statuses.length === 1) add('w.status = $1', statuses[0]);
    if (f.category?.length) add('w.category = ANY($1::text[])', f.category);
    if (f.breached !== undefined) add(f.breached ? 'w.breached' : 'NOT w.breached');
    if (f.outageId != null) add('w.outage_id = $1', f.outageId);
    if (f.bbox) add('w.lon BETWEEN $1 AND $2 AND w.lat BETWEEN $3 AND $4', f.bbox.minLon, f.bbox.maxLon, f.bbox.minLat, f.bbox.maxLat);
    if (f.number) add('w.number = $1', f.number);
    // The expression of the work_order_phone_digits index (migration 721).
    if (f.phone) add(`regexp_replace(w.reporter_phone, '[^0-9+]', '', 'g') = $1 AND w.reporter_phone IS NOT NULL`, f.phone);
    if (f.address) add(`w.address ILIKE '%' || $1 || '%' ESCAPE '\\'`, f.address.replace(/[\\%_]/g, (c) => '\\' + c));
    if (f.createdFrom) add('w.created_at >= $1', f.createdFrom);
    if (f.createdTo) add('w.created_at < $1', f.createdTo);
    if (f.after) add('(w.created_at, w.id) < ($1::timestamptz, $2::uuid)', f.after.createdAt, f.after.id);
    if (statuses.length > 1) {
      add('w.status = s.status');
      p.push(statuses, limit);
      // Prepared: the text depends only on which filters are set, so there are few shapes.
      return preparedQuery(this.ds,
        `SELECT x.* FROM unnest($${p.length - 1}::text[]) AS s(status)
         CROSS JOIN LATERAL (SELECT ${WORK_ORDER_COLUMNS} FROM work_order w WHERE ${where.join(' AND ')}
                             ORDER BY w.created_at DESC, w.id DESC LIMIT $${p.length}) x
         ORDER BY x."createdAt" DESC, x.id DESC LIMIT $${p.length}`,
        p,
      );
    }
    p.push(limit);
    return preparedQuery(this.ds,
      `SELECT ${WORK_ORDER_COLUMNS} FROM work_order w ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY w.created_at DESC, w.id DESC LIMIT $${p.length}`,
      p,
    );
  }

  /** Open orders of these categories created in [from, to] inside a lon/lat box (duplicate search pre-filter). */
  async openNear(categories: Category[], box: { minLon: number; minLat: number; maxLon: number; maxLat: number }, from: Date, to: Date, excludeId?: string): Promise<WorkOrderEntity[]> {
    return this.ds.query(
      `SELECT ${WORK_ORDER_COLUMNS} FROM work_order w
       WHERE w.category = ANY($1::text[]) AND w.status NOT IN ('CLOSED','MERGED','CANCELLED')
         AND w.created_at BETWEEN $2 AND $3 AND w.lon BETWEEN $4 AND $5 AND w.lat BETWEEN $6 AND $7
         AND ($8::uuid IS NULL OR w.id <> $8::uuid)
       LIMIT 200`,
      [categories, from, to, box.minLon, box.maxLon, box.minLat, box.maxLat, excludeId ?? null],
    );
  }

  historyIn(b: SqlBatch, e: HistoryEntry): void {
    b.add(
      `INSERT INTO work_order_history (order_id, action, from_status, to_status, actor_id, at, detail) VALUES ($1,$2,$3,$4,$5,$6,$7::jsonb)`,
      [e.orderId, e.action, e.action === 'CREATE' ? null : e.from, e.to, e.actorId, e.at, JSON.stringify(e.detail ?? {})],
    );
  }

  async addHistory(tx: EntityManager, e: HistoryEntry): Promise<void> {
    const b = new SqlBatch();
    this.historyIn(b, e);
    await b.run(tx);
  }

  history(orderId: string): Promise<HistoryRow[]> {
    return this.ds.query(
      `SELECT id::text, action, from_status AS "fromStatus", to_status AS "toStatus", actor_id AS "actorId", at, detail
       FROM work_order_history h WHERE order_id = $1 ORDER BY h.at, h.id`, // h.id, the bigint: a bare "id" is the text output column (so 10 sorted before 9)
      [orderId],
    );
  }

  async pauses(q: Q, orderId: string): Promise<Pause[]> {
    const rows: Array<{ from_at: Date; to_at: Date | null }> = await q.query(`SELECT from_at, to_at FROM work_order_pause WHERE order_id = $1 ORDER BY from_at`, [orderId]);
    return rows.map((r) => (r.to_at ? { from: r.from_at, to: r.to_at } : { from: r.from_at }));
  }

  async openPause(tx: EntityManager, orderId: string, at: Date, reason: string): Promise<void> {
    await tx.query(`INSERT INTO work_order_pause (order_id, from_at, reason) VALUES ($1, $2, $3)`, [orderId, at, reason]);
  }

  /**
   * A pause that ends by itself at `resumeAt` (a missed visit): the open pause is given that end, or one is opened
   * at `at`. Returns whether a pause was opened.
   */
  async pauseUntil(tx: EntityManager, orderId: string, at: Date, resumeAt: Date, reason: string): Promise<boolean> {
    const held = await preparedQuery(tx, `UPDATE work_order_pause SET resume_at = $2 WHERE order_id = $1 AND to_at IS NULL RETURNING 1`, [orderId, resumeAt]);
    if (held.length) return false;
    await tx.query(`INSERT INTO work_order_pause (order_id, from_at, reason, resume_at) VALUES ($1, $2, $3, $4)`, [orderId, at, reason, resumeAt]);
    return true;
  }

  /** Orders whose open pause should have ended by `now`, earliest first (candidates: check again under the lock). */
  async pausesDue(now: Date, limit: number): Promise<Array<{ orderId: string; resumeAt: Date }>> {
    return preparedQuery(this.ds, `SELECT order_id AS "orderId", resume_at AS "resumeAt" FROM work_order_pause WHERE to_at IS NULL AND resume_at <= $1 ORDER BY resume_at LIMIT $2`, [now, limit]);
  }

  /** The end set for the order's open pause, if any (read under the order's lock). */
  async openPauseResumeAt(tx: EntityManager, orderId: string): Promise<Date | null> {
    const [r]: Array<{ resume_at: Date | null }> = await tx.query(`SELECT resume_at FROM work_order_pause WHERE order_id = $1 AND to_at IS NULL`, [orderId]);
    return r?.resume_at ?? null;
  }

  async closePause(tx: EntityManager, orderId: string, at: Date): Promise<void> {
    await tx.query(`UPDATE work_order_pause SET to_at = $2 WHERE order_id = $1 AND to_at IS NULL`, [orderId, at]);
  }

  extensions(q: Q, orderId: string): Promise<ExtensionRow[]> {
    return q.query(
      `SELECT id, requested_by AS "requestedBy", requested_at AS "requestedAt", previous_due_at AS "previousDueAt", new_due_at AS "newDueAt",
              reason, approved, decided_by AS "decidedBy", decided_at AS "decidedAt", comment
       FROM work_order_extension WHERE order_id = $1 ORDER BY requested_at`,
      [orderId],
    );
  }

  async insertExtension(tx: EntityManager, orderId: string, e: { requestedBy: string; requestedAt: Date; previousDueAt: Date | null; newDueAt: Date; reason: string }): Promise<void> {
    await tx.query(
      `INSERT INTO work_order_extension (order_id, requested_by, requested_at, previous_due_at, new_due_at, reason) VALUES ($1,$2,$3,$4,$5,$6)`,
      [orderId, e.requestedBy, e.requestedAt, e.previousDueAt, e.newDueAt, e.reason],
    );
  }

  async decideExtension(tx: EntityManager, orderId: string, approved: boolean, by: string, at: Date, comment: string | null): Promise<void> {
    await tx.query(
      `UPDATE work_order_extension SET approved = $2, decided_by = $3, decided_at = $4, comment = $5
       WHERE id = (SELECT id FROM work_order_extension WHERE order_id = $1 AND approved IS NULL ORDER BY requested_at DESC LIMIT 1)`,
      [orderId, approved, by, at, comment],
    );
  }

  async addAttachment(orderId: string, a: { url: string; name: string | null; contentType: string | null; by: string; at: Date }): Promise<void> {
    await this.ds.query(`INSERT INTO work_order_attachment (order_id, url, name, content_type, added_by, added_at) VALUES ($1,$2,$3,$4,$5,$6)`, [
      orderId, a.url, a.name, a.contentType, a.by, a.at,
    ]);
  }

  attachments(orderId: string): Promise<Array<{ id: string; url: string; name: string | null; contentType: string | null; addedBy: string; addedAt: Date }>> {
    return this.ds.query(
      `SELECT id, url, name, content_type AS "contentType", added_by AS "addedBy", added_at AS "addedAt" FROM work_order_attachment WHERE order_id = $1 ORDER BY added_at, id`,
      [orderId],
    );
  }

  async grantReturn(tx: EntityManager, orderId: string, by: string, at: Date): Promise<void> {
    await tx.query(`INSERT INTO return_permission (order_id, granted_by, granted_at) VALUES ($1,$2,$3)`, [orderId, by, at]);
  }

  /** Uses up the call center's open permission to return the order; returns who granted it, or null. */
  async takeReturnPermission(tx: EntityManager, orderId: string, at: Date): Promise<string | null> {
    const rows = await preparedQuery<{ granted_by: string }>(tx,
      `UPDATE return_permission SET used_at = $2
       WHERE id = (SELECT id FROM return_permission WHERE order_id = $1 AND used_at IS NULL ORDER BY granted_at LIMIT 1 FOR UPDATE)
       RETURNING granted_by`,
      [orderId, at],
    );
    return rows[0]?.granted_by ?? null;
  }

  callbackTaskIn(b: SqlBatch, t: { orderId: string; method: 'SMS' | 'PHONE'; reason: string; createdAt: Date; dueAt: Date | null }): void {
    b.add(`INSERT INTO callback_task (order_id, method, reason, created_at, due_at) VALUES ($1,$2,$3,$4,$5)`, [t.orderId, t.method, t.reason, t.createdAt, t.dueAt]);
  }

  async completeCallbackTasks(tx: EntityManager, orderId: string, method: 'SMS' | 'PHONE' | null, at: Date): Promise<void> {
    await tx.query(`UPDATE callback_task SET status = 'DONE', done_at = $3 WHERE order_id = $1 AND status = 'OPEN' AND ($2::text IS NULL OR method = $2)`, [orderId, method, at]);
  }

  callbackTasks(f: { orderId?: string; openOnly?: boolean; limit: number }): Promise<CallbackTaskRow[]> {
    return this.ds.query(
      `SELECT id, order_id AS "orderId", method, reason, contact, status, created_at AS "createdAt", due_at AS "dueAt", done_at AS "doneAt"
       FROM callback_task WHERE ($1::uuid IS NULL OR order_id = $1::uuid) AND (NOT $2 OR status = 'OPEN') ORDER BY created_at, id LIMIT $3`,
      [f.orderId ?? null, !!f.openOnly, f.limit],
    );
  }

  async addCallbackRecord(tx: EntityManager, r: { orderId: string; method: 'SMS' | 'PHONE'; satisfied: boolean; quality?: string | null; attitude?: string | null; worksQuality?: string | null; timeliness?: string | null; comment?: string | null; by: string; at: Date }): Promise<void> {
    await tx.query(
      `INSERT INTO callback_record (order_id, method, satisfied, quality, attitude, works_quality, timeliness, comment, recorded_by, at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [r.orderId, r.method, r.satisfied, r.quality ?? null, r.attitude ?? null, r.worksQuality ?? null, r.timeliness ?? null, r.comment ?? null, r.by, r.at],
    );
  }

  callbackRecords(orderId: string): Promise<Array<{ id: string; method: string; satisfied: boolean; quality: string | null; attitude: string | null; worksQuality: string | null; timeliness: string | null; comment: string | null; recordedBy: string; at: Date }>> {
    return this.ds.query(
      `SELECT id, method, satisfied, quality, attitude, works_quality AS "worksQuality", timeliness, comment, recorded_by AS "recordedBy", at
       FROM callback_record WHERE order_id = $1 ORDER BY at, id`,
      [orderId],
    );
  }

  compensation(f: { orderId?: string; status?: string; limit: number }): Promise<CompensationRow[]> {
    return this.ds.query(
      `SELECT ${COMPENSATION_COLUMNS}
       FROM compensation_record WHERE ($1::uuid IS NULL OR order_id = $1::uuid) AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC, id LIMIT $3`,
      [f.orderId ?? null, f.status ?? null, f.limit],
    );
  }

  compensationIn(b: SqlBatch, r: { orderId: string; ruleId: string; target: string; amountCny: number; units: number; provisional: boolean; payee: string; responsibleDepartment: string; reason: string; at: Date }): void {
    b.add(
      `INSERT INTO compensation_record (order_id, rule_id, target, amount_cny, units, provisional, payee, responsible_department, reason, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
       ON CONFLICT (order_id, rule_id) DO UPDATE SET amount_cny = EXCLUDED.amount_cny, units = EXCLUDED.units, provisional = EXCLUDED.provisional,
         payee = EXCLUDED.payee, responsible_department = EXCLUDED.responsible_department, reason = EXCLUDED.reason
       WHERE compensation_record.status = 'PROPOSED' AND compensation_record.source = 'deadline'`,
      [r.orderId, r.ruleId, r.target, r.amountCny, r.units, r.provisional, r.payee, r.responsibleDepartment, r.reason, r.at],
    );
  }

  /** Drops deadline proposals no longer owed (e.g. an approved extension moved the deadline); decided ones and recorded findings stay. */
  dropCompensationExceptIn(b: SqlBatch, orderId: string, keepRuleIds: string[]): void {
    b.add(`DELETE FROM compensation_record WHERE order_id = $1 AND status = 'PROPOSED' AND source = 'deadline' AND NOT (rule_id = ANY($2::text[]))`, [orderId, keepRuleIds]);
  }

  /** A supervisor's finding as a PROPOSED record; null when the order already has a record of that rule. */
  async insertFinding(r: { orderId: string; ruleId: string; amountCny: number; units: number; payee: string; reason: string; responsibleDepartment: string; baseAmountCny: number | null; rate: number | null; recordedBy: string; at: Date }): Promise<CompensationRow | null> {
    const rows = await preparedQuery<CompensationRow>(this.ds,
      `INSERT INTO compensation_record (order_id, rule_id, target, amount_cny, units, provisional, payee, source, responsible_department, base_amount_cny, rate, recorded_by, reason, created_at)
       VALUES ($1, $2, 'finding', $3, $4, false, $5, 'finding', $6, $7, $8, $9, $10, $11)
       ON CONFLICT (order_id, rule_id) DO NOTHING
       RETURNING ${COMPENSATION_COLUMNS}`,
      [r.orderId, r.ruleId, r.amountCny, r.units, r.payee, r.responsibleDepartment, r.baseAmountCny, r.rate, r.recordedBy, r.reason, r.at],
    );
    return rows[0] ?? null;
  }

  async decideCompensation(id: string, confirm: boolean, by: string, at: Date): Promise<CompensationRow | null> {
    if (!UUID.test(id)) return null;
    const rows = await preparedQuery<CompensationRow>(this.ds,
      `UPDATE compensation_record SET status = $2, decided_by = $3, decided_at = $4 WHERE id = $1 AND status = 'PROPOSED'
       RETURNING ${COMPENSATION_COLUMNS}`,
      [id, confirm ? 'CONFIRMED' : 'REJECTED', by, at],
    );
    return rows[0] ?? null;
  }

  escalations(f: { orderId?: string; limit: number }): Promise<EscalationRow[]> {
    return this.ds.query(
      `SELECT id, order_id AS "orderId", kind, department, heads, to_supervision AS "toSupervision", due_at AS "dueAt", created_at AS "createdAt"
       FROM escalation WHERE ($1::uuid IS NULL OR order_id = $1::uuid) ORDER BY created_at DESC, id LIMIT $2`,
      [f.orderId ?? null, f.limit],
    );
  }

  // ---- batched reads of the rows that hang off orders: one statement for a page of orders ----

  historyOf(orderIds: string[]): Promise<Array<HistoryRow & { orderId: string }>> {
    return preparedQuery(this.ds,
      `SELECT id::text, order_id AS "orderId", action, from_status AS "fromStatus", to_status AS "toStatus", actor_id AS "actorId", at, detail
       FROM work_order_history h WHERE order_id = ANY($1::uuid[]) ORDER BY h.at, h.id`, // h.id, the bigint: a bare "id" is the text output column (so 10 sorted before 9)
      [uuids(orderIds)],
    );
  }

  extensionsOf(orderIds: string[]): Promise<Array<ExtensionRow & { orderId: string }>> {
    return preparedQuery(this.ds,
      `SELECT id, order_id AS "orderId", requested_by AS "requestedBy", requested_at AS "requestedAt", previous_due_at AS "previousDueAt", new_due_at AS "newDueAt",
              reason, approved, decided_by AS "decidedBy", decided_at AS "decidedAt", comment
       FROM work_order_extension WHERE order_id = ANY($1::uuid[]) ORDER BY requested_at`,
      [uuids(orderIds)],
    );
  }

  attachmentsOf(orderIds: string[]): Promise<Array<{ id: string; orderId: string; url: string; name: string | null; contentType: string | null; addedBy: string; addedAt: Date }>> {
    return preparedQuery(this.ds,
      `SELECT id, order_id AS "orderId", url, name, content_type AS "contentType", added_by AS "addedBy", added_at AS "addedAt"
       FROM work_order_attachment WHERE order_id = ANY($1::uuid[]) ORDER BY added_at, id`,
      [uuids(orderIds)],
    );
  }

  callbackRecordsOf(orderIds: string[]): Promise<Array<{ id: string; orderId: string; method: string; satisfied: boolean; quality: string | null; attitude: string | null; worksQuality: string | null; timeliness: string | null; comment: string | null; recordedBy: string; at: Date }>> {
    return preparedQuery(this.ds,
      `SELECT id, order_id AS "orderId", method, satisfied, quality, attitude, works_quality AS "worksQuality", timeliness, comment, recorded_by AS "recordedBy", at
       FROM callback_record WHERE order_id = ANY($1::uuid[]) ORDER BY at, id`,
      [uuids(orderIds)],
    );
  }

  /** The newest `perOrder` escalations of each order. */
  escalationsOf(orderIds: string[], perOrder: number): Promise<EscalationRow[]> {
    return preparedQuery(this.ds,
      `SELECT id, "orderId", kind, department, heads, "toSupervision", "dueAt", "createdAt" FROM (
         SELECT id, order_id AS "orderId", kind, department, heads, to_supervision AS "toSupervision", due_at AS "dueAt", created_at AS "createdAt",
                row_number() OVER (PARTITION BY order_id ORDER BY created_at DESC, id) AS n
         FROM escalation WHERE order_id = ANY($1::uuid[])) x
       WHERE n <= $2 ORDER BY "createdAt" DESC, id`,
      [uuids(orderIds), perOrder],
    );
  }

  /** The newest `perOrder` compensation records of each order. */
  compensationOf(orderIds: string[], perOrder: number): Promise<CompensationRow[]> {
    return preparedQuery(this.ds,
      `SELECT ${COMPENSATION_KEYS} FROM (
         SELECT ${COMPENSATION_COLUMNS},
                row_number() OVER (PARTITION BY order_id ORDER BY created_at DESC, id) AS n
         FROM compensation_record WHERE order_id = ANY($1::uuid[])) x
       WHERE n <= $2 ORDER BY "createdAt" DESC, id`,
      [uuids(orderIds), perOrder],
    );
  }

  /**
   * Open orders near each of several NEW orders (the duplicate search pre-filter of `openNear`, for a
   * page at once): one lateral search per probe, tagged with the probe's id.
   */
  openNearMany(probes: Array<{ id: string; categories: Category[]; box: { minLon: number; minLat: number; maxLon: number; maxLat: number }; from: Date; to: Date }>): Promise<Array<WorkOrderEntity & { _probe: string }>> {
    if (!probes.length) return Promise.resolve([]);
    const json = JSON.stringify(probes.map((p) => ({
      probe: p.id, cats: p.categories, min_lon: p.box.minLon, max_lon: p.box.maxLon, min_lat: p.box.minLat, max_lat: p.box.maxLat, from_at: p.from.toISOString(), to_at: p.to.toISOString(),
    })));
    return preparedQuery(this.ds,
      `SELECT x.*, q.probe::text AS "_probe"
       FROM jsonb_to_recordset($1::jsonb) AS q(probe uuid, cats text[], min_lon float8, max_lon float8, min_lat float8, max_lat float8, from_at timestamptz, to_at timestamptz)
       CROSS JOIN LATERAL (
         SELECT ${WORK_ORDER_COLUMNS} FROM work_order w
         WHERE w.category = ANY(q.cats) AND w.status NOT IN ('CLOSED','MERGED','CANCELLED')
           AND w.created_at BETWEEN q.from_at AND q.to_at AND w.lon BETWEEN q.min_lon AND q.max_lon AND w.lat BETWEEN q.min_lat AND q.max_lat
           AND w.id <> q.probe
         LIMIT 200) x`,
      [json],
    );
  }

  /** The liaison SMS a dispatch sent, with the order's write. */
  liaisonNoticeIn(b: SqlBatch, n: { orderId: string; department: string; name: string; phone: string; start: string; end: string; eventId: string; at: Date }): void {
    b.add(
      `INSERT INTO liaison_notice (order_id, department, liaison_name, liaison_phone, shift_start, shift_end, event_id, notified_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [n.orderId, n.department, n.name, n.phone, n.start, n.end, n.eventId, n.at],
    );
  }

  liaisonNoticesOf(orderIds: string[]): Promise<Array<{ orderId: string; department: Department; name: string; phone: string; shiftStart: string; shiftEnd: string; eventId: string; notifiedAt: Date }>> {
    return preparedQuery(this.ds,
      `SELECT order_id AS "orderId", department, liaison_name AS name, liaison_phone AS phone, shift_start AS "shiftStart", shift_end AS "shiftEnd",
              event_id AS "eventId", notified_at AS "notifiedAt"
       FROM liaison_notice WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, id`,
      [uuids(orderIds)],
    );
  }
}
